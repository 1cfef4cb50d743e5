package org.rtfm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtfm4j.flow.FlowCsvWriter;
import org.rtfm4j.testutil.Command;
import org.rtfm4j.testutil.Pcaps;

/**
 * {@code rtfm reader} against {@code rtfm meter --serve}: what the reader collects over SNMP, by
 * each method, is what the meter wrote to its own --flows-out CSV, flow for flow.
 */
class ReaderCommandTest {
  private static final String FIVE_TUPLE = "rulesets/five-tuple.rules";
  private static final String HOST_PAIRS = "rulesets/host-pairs.rules";
  /** The longest inactivity timeout: nothing is recovered before the reader comes. */
  private static final String NEVER = "21474836";
  private static final long START_MICROS = 1_700_000_000_000_000L;
  /** TimeStamp and TimeTicks are 32 bits (RFC 2578 §7.1.8). */
  private static final long TICKS = 1L << 32;

  /** Runs {@code rtfm reader ...}; returns exit code and standard error. */
  private record Run(int exit, String err) {}

  private static Run reader(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    String[] all = new String[args.length + 1];
    all[0] = "reader";
    System.arraycopy(args, 0, all, 1, args.length);
    int exit = Main.run(all, e, e);
    return new Run(exit, err.toString(StandardCharsets.UTF_8));
  }

  private static String[] once(ServedMeter m, Path out, String... more) {
    List<String> l = new ArrayList<>(List.of("--meter", ServedMeter.LOOPBACK + ":" + m.port,
        "-c", ServedMeter.RW, "--out", out.toString(), "--once"));
    l.addAll(List.of(more));
    return l.toArray(new String[0]);
  }

  /**
   * IPv4 and IPv6 UDP flows whose addresses and ports end in zero octets (what
   * flowColumnActivityData cuts off), with replies, over a few seconds.
   */
  static Path edgeCapture(Path dir, int flows) throws IOException {
    Path cap = dir.resolve("edges.pcap");
    try (Pcaps p = Pcaps.create(cap, Pcaps.RAW_IP)) {
      for (int i = 0; i < flows; i++) {
        long t = START_MICROS + i * 1000L;
        int port = 256 * (i % 7);
        if (i % 2 == 0) {
          int src = 0x0a000000 | (i << 8);
          int dst = 0xc0a80100 | (i % 250 + 1);
          p.packet(t, Pcaps.udp(src, dst, port, 53, i % 50));
          if (i % 3 == 0) {
            p.packet(t + 500, Pcaps.udp(dst, src, 53, port, 100));
          }
        } else {
          byte[] src = new byte[16];
          src[0] = 0x20;
          src[1] = 0x01;
          src[2] = 0x0d;
          src[3] = (byte) 0xb8;
          src[4] = (byte) (i >>> 8);
          src[5] = (byte) i;
          byte[] dst = src.clone();
          dst[15] = 1;
          p.packet(t, Pcaps.udp6(src, dst, port, 443, i % 30));
          if (i % 5 == 0) {
            p.packet(t + 700, Pcaps.udp6(dst, src, 443, port, 60));
          }
        }
      }
    }
    return cap;
  }

  @ParameterizedTest
  @ValueSource(strings = {"package", "column", "table"})
  void eachMethodCollectsWhatTheMeterWroteFlowForFlow(String method, @TempDir Path dir)
      throws Exception {
    Path cap = edgeCapture(dir, 3000);
    try (ServedMeter m = ServedMeter.metered(dir, "-r", cap.toString(), "-R", FIVE_TUPLE, "-R",
        HOST_PAIRS, "--inactivity-timeout", NEVER)) {
      List<String> truth = m.allLines();
      for (int rs : new int[] {5, 6}) {
        Path out = dir.resolve(method + "-" + rs);
        Run r = reader(once(m, out, "--rule-set", Integer.toString(rs), "--format", "csv",
            "--method", method));
        assertEquals(ExitCode.OK, r.exit(), r.err());
        List<String> expected = ofRuleSet(truth, rs);
        assertTrue(expected.size() > 100, "rule set " + rs + " has flows");
        assertSameFlows(expected, collected(out), method + " rule set " + rs);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"package", "column", "table"})
  void eachMethodCollectsACorpusCaptureFlowForFlow(String method, @TempDir Path dir)
      throws Exception {
    Path cap = Path.of(System.getProperty("rtfm4j.corpus", "../shared/corpus"),
        "ndpi/gnutella.pcap");
    assumeTrue(Files.exists(cap), "corpus capture " + cap + " absent");
    try (ServedMeter m = ServedMeter.metered(dir, "-r", cap.toString(), "-R", FIVE_TUPLE,
        "--inactivity-timeout", NEVER)) {
      Path out = dir.resolve("out");
      Run r = reader(once(m, out, "--rule-set", "5", "--format", "csv", "--method", method));
      assertEquals(ExitCode.OK, r.exit(), r.err());
      List<String> expected = m.allLines();
      assertEquals(m.figure("flows.created"), expected.size());
      assertSameFlows(expected, collected(out), "flows");
      assertEquals(FlowCsvWriter.HEADER, Files.readAllLines(passFiles(out).get(0)).get(0));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"package", "column", "table"})
  void theExampleCaptureMatchesUpToTheThirtyTwoBitTimeStamps(String method, @TempDir Path dir)
      throws Exception {
    // stun.pcap spans four years of merged captures: its meter times pass 2^32 centiseconds,
    // which TimeStamp (32 bits) wraps, and its early flows are recovered while metering.
    try (ServedMeter m = ServedMeter.metered(dir, "-r", "examples/stun.pcap", "-R", FIVE_TUPLE)) {
      Path out = dir.resolve("out");
      Run r = reader(once(m, out, "--rule-set", "5", "--format", "csv", "--method", method));
      assertEquals(ExitCode.OK, r.exit(), r.err());
      List<String> expected = new ArrayList<>();
      for (String line : ofRuleSet(m.tableLines(), 5)) {
        String[] f = line.split(",", -1);
        f[2] = Long.toString(Long.parseLong(f[2]) % TICKS);
        f[3] = Long.toString(Long.parseLong(f[3]) % TICKS);
        expected.add(String.join(",", f));
      }
      assertFalse(expected.isEmpty());
      assertSameFlows(expected, collected(out), "flows");
    }
  }

  @Test
  void theColumnMethodReadsFlowsBeyondRow65535ThroughFlowDataTable(@TempDir Path dir)
      throws Exception {
    int flows = 65_535 + 700;
    Path cap = dir.resolve("many.pcap");
    try (Pcaps p = Pcaps.create(cap, Pcaps.RAW_IP)) {
      for (int i = 0; i < flows; i++) {
        p.packet(START_MICROS + i * 10L, Pcaps.udp(0x0a000000 + i, 0x0b000001, 1000, 53, 0));
      }
    }
    try (ServedMeter m = ServedMeter.metered(dir, "-r", cap.toString(), "-R", FIVE_TUPLE,
        "--inactivity-timeout", NEVER)) {
      String attrs = "RuleSet,FlowIndex,FirstTime,SourcePeerAddress,ToOctets";
      Path out = dir.resolve("out");
      Run r = reader(once(m, out, "--rule-set", "5", "--format", "csv", "--method", "column",
          "--attributes", attrs));
      assertEquals(ExitCode.OK, r.exit(), r.err());
      List<String> expected = new ArrayList<>();
      for (String line : m.allLines()) {
        String[] f = line.split(",", -1);
        expected.add(String.join(",", f[0], f[1], f[2], f[8], f[18]));
      }
      List<String> got = collected(out);
      assertEquals(flows, got.size());
      assertSameFlows(expected, got, "flows");
      assertTrue(got.stream().anyMatch(l -> l.startsWith("5,65536,")), "FlowIndex 65536 read");
    }
  }

  @Test
  void netrametFilesFollowTheRuleFilesFormat(@TempDir Path dir) throws Exception {
    Path cap = edgeCapture(dir, 200);
    try (ServedMeter m = ServedMeter.metered(dir, "-r", cap.toString(), "-R", FIVE_TUPLE,
        "--inactivity-timeout", NEVER)) {
      Path out = dir.resolve("out");
      Run r = reader(once(m, out, "--rule-set", "5", "--rules", FIVE_TUPLE));
      assertEquals(ExitCode.OK, r.exit(), r.err());
      Path file = passFiles(out).get(0);
      assertTrue(file.getFileName().toString().endsWith(".txt"), file.toString());
      List<String> lines = Files.readAllLines(file);
      List<String> truth = m.allLines();
      assertTrue(lines.get(0).startsWith("##"), lines.get(0));
      assertEquals("#Meter: 127.0.0.1:" + m.port + " RuleSet 5", lines.get(1));
      assertEquals("#Format: RuleSet FlowIndex FirstTime \"  \" SourcePeerType"
          + " SourcePeerAddress DestPeerAddress \"  \" SourceTransType SourceTransAddress"
          + " DestTransAddress \"  \" ToPDUs FromPDUs \"  \" ToOctets FromOctets", lines.get(3));
      assertTrue(lines.get(4).matches("#Time: \\S+ pass 1 start \\d+ from 0 .*"), lines.get(4));
      assertEquals("#Flows: " + truth.size(), lines.get(lines.size() - 1));
      // Data lines are the FORMAT's fields, each separator as written there.
      TreeMap<String, String> expected = new TreeMap<>();
      for (String line : truth) {
        String[] f = line.split(",", -1);
        expected.put(f[1], String.join(" ", f[0], f[1], f[2]) + "  "
            + String.join(" ", f[7], f[8], f[15]) + "  " + String.join(" ", f[9], f[10], f[17])
            + "  " + String.join(" ", f[19], f[21]) + "  " + String.join(" ", f[18], f[20]));
      }
      TreeMap<String, String> got = new TreeMap<>();
      for (String line : lines) {
        if (!line.startsWith("#")) {
          got.put(line.split(" ")[1], line);
        }
      }
      assertEquals(expected, got);
    }
  }

  @Test
  void jsonLinesHoldTheSameFlows(@TempDir Path dir) throws Exception {
    Path cap = edgeCapture(dir, 300);
    try (ServedMeter m = ServedMeter.metered(dir, "-r", cap.toString(), "-R", FIVE_TUPLE,
        "--inactivity-timeout", NEVER)) {
      Path out = dir.resolve("out");
      Run r = reader(once(m, out, "--rule-set", "5", "--format", "jsonl"));
      assertEquals(ExitCode.OK, r.exit(), r.err());
      List<String> lines = Files.readAllLines(passFiles(out).get(0));
      assertTrue(lines.get(0).startsWith("{\"collection\":{\"meter\":\"127.0.0.1:" + m.port
          + "\",\"ruleSet\":5,\"pass\":1,"), lines.get(0));
      String[] names = FlowCsvWriter.HEADER.split(",");
      List<String> expected = new ArrayList<>();
      for (String line : m.allLines()) {
        String[] f = line.split(",", -1);
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
          if (f[i].isEmpty()) {
            continue;
          }
          boolean text = f[i].contains(".") || f[i].contains(":");
          sb.append(sb.length() > 1 ? "," : "").append('"').append(names[i]).append("\":")
              .append(text ? "\"" + f[i] + "\"" : f[i]);
        }
        expected.add(sb.append('}').toString());
      }
      assertSameFlows(expected, lines.subList(1, lines.size()), "flows");
    }
  }

  @Test
  void aRestartedReaderFindsItsRowAgainAndBeginsByWritingLastTime(@TempDir Path dir)
      throws Exception {
    assumeTrue(Command.onPath("snmpbulkwalk"), "snmpbulkwalk not installed (Debian snmp)");
    Path cap = edgeCapture(dir, 50);
    try (ServedMeter m = ServedMeter.metered(dir, "-r", cap.toString(), "-R", FIVE_TUPLE,
        "--inactivity-timeout", NEVER)) {
      Path out = dir.resolve("out");
      Run first = reader(once(m, out, "--rule-set", "5", "--owner", "test reader"));
      Run second = reader(once(m, out, "--rule-set", "5", "--owner", "test reader"));
      assertEquals(ExitCode.OK, first.exit(), first.err());
      assertEquals(ExitCode.OK, second.exit(), second.err());
      assertTrue(first.err().contains("flowReaderLastTime kept"), first.err());
      assertFalse(second.err().contains("flowReaderLastTime kept"), second.err());
      Command.Result walk = Command.run(List.of("snmpbulkwalk", "-v2c", "-c", "public", "-On",
          "-Oq", ServedMeter.LOOPBACK + ":" + m.port, ".1.3.6.1.2.1.40.1.3.1"));
      assertEquals(0, walk.exitCode(), walk.out());
      // One row: owner, rule set 5, active; its LastTime set by the second pass.
      List<String> owners = walk.out().lines().filter(l -> l.startsWith(".1.3.6.1.2.1.40.1.3.1.3."))
          .toList();
      assertEquals(List.of(".1.3.6.1.2.1.40.1.3.1.3.1 \"test reader\""), owners);
      assertTrue(walk.out().contains(".1.3.6.1.2.1.40.1.3.1.6.1 1"), walk.out());
      assertTrue(walk.out().contains(".1.3.6.1.2.1.40.1.3.1.7.1 5"), walk.out());
      List<Path> files = passFiles(out);
      assertEquals(2, files.size());
      assertTrue(files.get(1).getFileName().toString().startsWith("pass-00000002-"));
    }
  }

  @Test
  void theV3ReaderUserOfTheExampleConfigurationCanRead(@TempDir Path dir) throws Exception {
    Path cap = edgeCapture(dir, 100);
    try (ServedMeter m = ServedMeter.metered(dir, "-r", cap.toString(), "-R", FIVE_TUPLE,
        "--inactivity-timeout", NEVER, "--config", "examples/snmp.conf")) {
      List<String> truth = m.allLines();
      Path out = dir.resolve("out");
      String[] v3 = {"--meter", ServedMeter.LOOPBACK + ":" + m.port, "-v", "3", "-u", "reader",
          "-l", "authPriv", "-a", "SHA-256", "-A", "reader auth passphrase", "-x", "AES", "-X",
          "reader privacy passphrase", "--out", out.toString(), "--once", "--rule-set", "5",
          "--format", "csv"};
      for (int pass = 1; pass <= 2; pass++) {
        Run r = reader(v3);
        assertEquals(ExitCode.OK, r.exit(), r.err());
      }
      assertSameFlows(truth, union(out), "flows");
      // The read-only community cannot register: the reader says so and writes nothing.
      Path ro = dir.resolve("ro");
      Run refused = reader("--meter", ServedMeter.LOOPBACK + ":" + m.port, "-c", "public",
          "--out", ro.toString(), "--once", "--rule-set", "5");
      assertEquals(ExitCode.METER, refused.exit(), refused.err());
      assertTrue(refused.err().contains("cannot register as a reader"), refused.err());
      assertTrue(passFiles(ro).isEmpty());
    }
  }

  @Test
  void severalMetersAreReadInParallelFromAMeterListFile(@TempDir Path dir) throws Exception {
    Path a = edgeCapture(Files.createDirectories(dir.resolve("a")), 400);
    Path b = dir.resolve("b.pcap");
    try (Pcaps p = Pcaps.create(b, Pcaps.RAW_IP)) {
      for (int i = 0; i < 300; i++) {
        p.packet(START_MICROS + i * 1000L, Pcaps.udp(0x0b000000 + i, 0x0b0000ff, 7, 9, i % 40));
      }
    }
    try (ServedMeter ma = ServedMeter.metered(dir, "-r", a.toString(), "-R", FIVE_TUPLE,
            "--inactivity-timeout", NEVER);
        ServedMeter mb = ServedMeter.metered(dir, "-r", b.toString(), "-R", FIVE_TUPLE,
            "--inactivity-timeout", NEVER)) {
      Path list = dir.resolve("meters.conf");
      Files.writeString(list, "# two meters\n"
          + "meter " + ServedMeter.LOOPBACK + ":" + ma.port + " -c " + ServedMeter.RW + "\n"
          + "meter " + ServedMeter.LOOPBACK + ":" + mb.port + " -c " + ServedMeter.RW + "\n");
      Path out = dir.resolve("out");
      Run r = reader("--config", list.toString(), "--rule-set", "5", "--out", out.toString(),
          "--once", "--format", "csv");
      assertEquals(ExitCode.OK, r.exit(), r.err());
      assertSameFlows(ma.allLines(), union(out.resolve("127.0.0.1_" + ma.port)), "meter a");
      assertSameFlows(mb.allLines(), union(out.resolve("127.0.0.1_" + mb.port)), "meter b");
    }
  }

  @Test
  void badCommandLinesAreRefusedWithAReason() {
    Run r = reader("--meter", "127.0.0.1:1", "--out", "x", "--once");
    assertEquals(ExitCode.USAGE, r.exit());
    assertTrue(r.err().contains("--rule-set N"), r.err());
    r = reader("--meter", "127.0.0.1:1", "--rule-set", "5", "--once");
    assertTrue(r.err().contains("--out DIR"), r.err());
    r = reader("--meter", "127.0.0.1:1", "-v", "1", "--rule-set", "5", "--out", "x");
    assertTrue(r.err().contains("SNMPv2c or v3"), r.err());
    r = reader("--meter", "127.0.0.1:1", "--rule-set", "5", "--out", "x", "--method", "fast");
    assertTrue(r.err().contains("--method takes package, column or table"), r.err());
    r = reader("--meter", "127.0.0.1:1", "--rule-set", "5", "--out", "x", "--attributes",
        "ToOctets,Bogus");
    assertTrue(r.err().contains("'Bogus' is not a flow attribute"), r.err());
    r = reader("--meter", "127.0.0.1:1", "--rule-set", "300", "--out", "x");
    assertTrue(r.err().contains("--rule-set must be between 1 and 255"), r.err());
    r = reader("--meter", "127.0.0.1:1", "--rule-set", "5", "--out", "x", "--once",
        "--interval", "5");
    assertTrue(r.err().contains("exclude each other"), r.err());
    assertEquals(ExitCode.OK, reader("--help").exit());
  }

  @Test
  void aMeterThatDoesNotAnswerFailsThePassAndWritesNothing(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Run r = reader("--meter", ServedMeter.LOOPBACK + ":" + ServedMeter.freePort(), "--out",
        out.toString(), "--once", "--rule-set", "5", "--timeout", "0.2", "--retries", "0");
    assertEquals(ExitCode.METER, r.exit(), r.err());
    assertTrue(r.err().contains("did not answer"), r.err());
    assertTrue(passFiles(out).isEmpty());
  }

  // ---------------------------------------------------------------- helpers

  static List<String> ofRuleSet(List<String> lines, int ruleSet) {
    String prefix = ruleSet + ",";
    return lines.stream().filter(l -> l.startsWith(prefix)).toList();
  }

  /** Equal as multisets of lines; on failure says what is missing and what is extra. */
  static void assertSameFlows(List<String> expected, List<String> got, String what) {
    List<String> e = sorted(expected);
    List<String> g = sorted(got);
    if (e.equals(g)) {
      return;
    }
    List<String> missing = new ArrayList<>(e);
    for (String x : g) {
      missing.remove(x);
    }
    List<String> extra = new ArrayList<>(g);
    for (String x : e) {
      extra.remove(x);
    }
    throw new AssertionError(what + ": " + e.size() + " expected, " + g.size() + " collected; "
        + missing.size() + " missing, e.g. " + missing.subList(0, Math.min(3, missing.size()))
        + "; " + extra.size() + " extra, e.g. " + extra.subList(0, Math.min(3, extra.size())));
  }

  static List<String> sorted(List<String> l) {
    String[] a = l.toArray(new String[0]);
    Arrays.sort(a);
    return List.of(a);
  }

  /** The pass files under {@code out}, in pass order. */
  static List<Path> passFiles(Path out) throws IOException {
    if (!Files.exists(out)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(out)) {
      return s.filter(p -> p.getFileName().toString().startsWith("pass-")).sorted().toList();
    }
  }

  /** Every flow line of every CSV pass file under {@code out} (headers left out). */
  static List<String> collected(Path out) throws IOException {
    List<String> l = new ArrayList<>();
    for (Path p : passFiles(out)) {
      List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
      l.addAll(lines.subList(1, lines.size()));
    }
    return l;
  }

  /**
   * The flows of every CSV pass under {@code out}, each at its latest reading: the last line per
   * FlowIndex and FirstTime, in pass order. Fails on a flow twice in one pass.
   */
  static List<String> union(Path out) throws IOException {
    TreeMap<String, String> latest = new TreeMap<>();
    for (Path p : passFiles(out)) {
      List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
      Set<String> seen = new HashSet<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",", -1);
        String key = f[1] + "," + f[2];
        assertTrue(seen.add(key), "flow " + key + " twice in " + p);
        latest.put(key, line);
      }
    }
    return new ArrayList<>(latest.values());
  }

  /** The number in {@code text} after {@code key}. */
  static long number(String text, String key) {
    Matcher mt = Pattern.compile(Pattern.quote(key) + "(\\d+)").matcher(text);
    assertTrue(mt.find(), key + " in " + text);
    return Long.parseLong(mt.group(1));
  }
}
