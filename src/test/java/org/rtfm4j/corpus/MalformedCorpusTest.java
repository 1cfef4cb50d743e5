package org.rtfm4j.corpus;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged and hostile input: tcpdump's regression captures for past over-reads (corpus
 * malformed/), real captures with bytes flipped by {@code editcap -E}, and random packets from
 * {@code randpkt}. The meter must return 0 or 4, never throw, and account for every packet it
 * read: the dispositions sum to packets.read, which equals tcpdump's count when tcpdump reads the
 * file to its end. A failing generated capture is kept under target/malformed-failures/.
 */
class MalformedCorpusTest {

  /** Real captures to mutate: several link types, formats, tunnels, fragments, IPv6 options. */
  static final List<String> MUTATION_SOURCES =
      List.of(
          "ndpi/gnutella.pcap",
          "ndpi/zoom.pcap",
          "suricata-verify/ipv6-evasion__ipv6-malformed-fragments-25__frag-25.pcap",
          "ndpi/http2.pcapng",
          "ndpi/dns.pcap",
          "suricata-verify/detect-http-uri__UriTestSig25__test.fpc.pcap",
          "ndpi/KakaoTalk_chat.pcap",
          "suricata-verify/security-8510__defrag-af-confusion-spray-h8.pcap");

  /** Byte error probabilities for editcap -E: from a few flipped bytes to mostly noise. */
  static final List<String> MUTATION_RATES = List.of("0.002", "0.02", "0.1", "0.5");

  /** Seeds of the default run; the "long" run adds {@link #LONG_SEEDS} more per capture/rate. */
  static final int DEFAULT_SEEDS = 1;

  static final int LONG_SEEDS = 10;

  /** randpkt packet types: every link type and protocol template it has that reaches IP. */
  static final List<String> RANDPKT_TYPES =
      List.of("eth", "ip", "ipv6", "tcp", "udp", "icmp", "sctp", "dns", "arp", "llc", "fddi",
          "usb-linux", "ieee802.15.4");

  static final int RANDPKT_COUNT = 500;
  static final int LONG_RANDPKT_ROUNDS = 5;

  private static final Path FAILURES = Path.of("target", "malformed-failures");

  static Stream<Path> malformedFiles() throws IOException {
    Path dir = CorpusIndex.corpusOrFallback().resolve("malformed");
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFiles")
  void malformedCaptureIsReadAndAccounted(Path capture, @TempDir Path dir) throws Exception {
    assumeTrue(ExternalTool.onPath("tcpdump"), "tcpdump not installed");
    check(capture, dir, false);
  }

  /** One editcap mutation: source capture, byte error rate, seed, output format (-F). */
  record Mutation(String source, String rate, int seed, String format) {
    @Override
    public String toString() {
      return source + " -E " + rate + " --seed " + seed + " -F " + format;
    }
  }

  static Stream<Mutation> mutations() {
    return mutations(0, DEFAULT_SEEDS);
  }

  static Stream<Mutation> longMutations() {
    return mutations(DEFAULT_SEEDS, DEFAULT_SEEDS + LONG_SEEDS);
  }

  private static Stream<Mutation> mutations(int fromSeed, int toSeed) {
    List<Mutation> list = new ArrayList<>();
    for (String source : MUTATION_SOURCES) {
      for (int r = 0; r < MUTATION_RATES.size(); r++) {
        for (int seed = fromSeed; seed < toSeed; seed++) {
          // Alternate the output format so both readers see mutated records.
          String format = (r + seed) % 2 == 0 ? "pcap" : "pcapng";
          list.add(new Mutation(source, MUTATION_RATES.get(r), seed, format));
        }
      }
    }
    return list.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void mutatedCaptureIsReadAndAccounted(Mutation m, @TempDir Path dir) throws Exception {
    checkMutation(m, dir);
  }

  @Tag("long")
  @ParameterizedTest(name = "{0}")
  @MethodSource("longMutations")
  void moreMutatedCapturesAreReadAndAccounted(Mutation m, @TempDir Path dir) throws Exception {
    checkMutation(m, dir);
  }

  static Stream<String> randpktTypes() {
    return RANDPKT_TYPES.stream();
  }

  static Stream<String> longRandpktTypes() {
    List<String> list = new ArrayList<>();
    for (int round = 1; round <= LONG_RANDPKT_ROUNDS; round++) {
      for (String type : RANDPKT_TYPES) {
        list.add(type + "#" + round);
      }
    }
    return list.stream();
  }

  @ParameterizedTest(name = "randpkt -t {0}")
  @MethodSource("randpktTypes")
  void randomPacketsAreReadAndAccounted(String type, @TempDir Path dir) throws Exception {
    checkRandpkt(type, dir);
  }

  @Tag("long")
  @ParameterizedTest(name = "randpkt -t {0}")
  @MethodSource("longRandpktTypes")
  void moreRandomPacketsAreReadAndAccounted(String type, @TempDir Path dir) throws Exception {
    checkRandpkt(type.substring(0, type.indexOf('#')), dir);
  }

  private static void checkMutation(Mutation m, Path dir) throws Exception {
    assumeTrue(ExternalTool.onPath("editcap") && ExternalTool.onPath("tcpdump"),
        "editcap/tcpdump not installed");
    Path source = CorpusIndex.corpusOrFallback().resolve(m.source());
    assumeTrue(Files.isRegularFile(source), m.source() + " not in this corpus");
    String name = source.getFileName().toString();
    Path mutated = dir.resolve("E" + m.rate() + "-s" + m.seed() + "-" + name + "." + m.format());
    ExternalTool.runChecked(List.of("editcap", "-F", m.format(), "-E", m.rate(),
        "--seed", Integer.toString(m.seed()), source.toString(), mutated.toString()));
    check(mutated, dir, true);
  }

  private static void checkRandpkt(String type, Path dir) throws Exception {
    assumeTrue(ExternalTool.onPath("randpkt") && ExternalTool.onPath("tcpdump"),
        "randpkt/tcpdump not installed");
    Path random = dir.resolve("randpkt-" + type + ".pcap");
    ExternalTool.runChecked(List.of("randpkt", "-c", Integer.toString(RANDPKT_COUNT), "-t", type,
        random.toString()));
    check(random, dir, true);
  }

  /**
   * Runs the meter on {@code capture} and checks the contract: exit 0 or 4, no exception, every
   * packet read has one disposition, and nothing is lost or invented against tcpdump's count.
   */
  private static void check(Path capture, Path dir, boolean keepOnFailure) throws Exception {
    ExternalTool.TcpdumpCount tcpdump = ExternalTool.tcpdump(capture);
    Path out = Files.createDirectories(dir.resolve("out"));
    MeterRun run;
    try {
      run = MeterRun.meter(capture, out);
    } catch (Throwable t) {
      fail(capture.getFileName() + keep(capture, keepOnFailure) + ": Main.run threw", t);
      return;
    }
    List<String> problems = new ArrayList<>();
    MeterOutput o = run.output;
    long read = o.stat(MeterOutput.READ);
    if (run.exitCode != MeterRun.EXIT_OK && run.exitCode != MeterRun.EXIT_DAMAGED) {
      problems.add("exit code " + run.exitCode + ": " + run.stderr.strip());
    }
    if (!tcpdump.damaged() && run.exitCode != MeterRun.EXIT_OK) {
      problems.add("exit code " + run.exitCode + " but tcpdump reads the whole file: "
          + run.stderr.strip());
    }
    if (run.exitCode == MeterRun.EXIT_OK || !o.stats.isEmpty()) {
      if (!o.stats.containsKey(MeterOutput.READ)) {
        problems.add("no packets.read in stats: " + o.stats);
      }
      if (o.dispositionSum() != read) {
        problems.add("dispositions sum to " + o.dispositionSum() + ", packets.read " + read
            + ": " + o.stats);
      }
      if (o.stat(MeterOutput.FLOW_RECORDS) != o.records.size()) {
        problems.add("flows.records " + o.stat(MeterOutput.FLOW_RECORDS) + ", FLOWS.csv has "
            + o.records.size());
      }
    }
    if (!tcpdump.damaged() && read != tcpdump.packets()) {
      problems.add("packets.read " + read + ", tcpdump reads " + tcpdump.packets());
    }
    if (tcpdump.damaged() && run.exitCode == MeterRun.EXIT_DAMAGED
        && !o.stats.isEmpty() && !o.stats.containsKey(MeterOutput.DAMAGED)) {
      problems.add("exit 4 without capture.damaged in stats");
    }
    if (!problems.isEmpty()) {
      fail(capture.getFileName() + keep(capture, keepOnFailure) + ", tcpdump: " + tcpdump
          + ":\n  " + String.join("\n  ", problems));
    }
  }

  /** Copies a generated capture that failed to target/malformed-failures/, to reproduce it. */
  private static String keep(Path capture, boolean keepOnFailure) throws IOException {
    if (!keepOnFailure) {
      return "";
    }
    Files.createDirectories(FAILURES);
    Path copy = FAILURES.resolve(capture.getFileName());
    Files.copy(capture, copy, StandardCopyOption.REPLACE_EXISTING);
    return " (kept as " + copy + ")";
  }
}
