package org.rtfm4j.corpus;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every capture of the corpus (ndpi/ and suricata-verify/, as listed in INDEX.tsv) through the
 * meter with the five-tuple rule set, against tshark's dissection of the same file: per two-way
 * five-tuple, packets and IP-layer bytes in each direction; totals; and every packet read either
 * counted or reported. Without the shared corpus, the few captures in test resources are used.
 *
 * <p>A per-capture summary is written to target/corpus-exactness.tsv.
 */
class CorpusExactnessTest {

  /** tshark processes run in parallel: the CI machine has 2 cores. */
  static final int TSHARK_WORKERS = 2;

  /**
   * Encapsulations before the outer IP header that the meter does not decode (yet), as patterns
   * over tshark's layer chain: their IP packets must be reported (packets.nonip or
   * packets.unsupported_link), and are left out of the flow comparison. Remove an entry when the
   * meter learns it: the test then fails until the entry is gone, because the meter counts flows
   * that are no longer in the truth.
   */
  static final List<Pattern> UNDECODED_ENCAPSULATIONS =
      List.of(
          // Cisco FabricPath (EtherType 0x8903) in front of an inner Ethernet header.
          Pattern.compile("(^|.*:)cfp(:.*)?$"),
          // Network Service Header (RFC 8300, EtherType 0x894F).
          Pattern.compile("(^|.*:)nsh(:.*)?$"));

  private static final TruthPipeline PIPELINE = new TruthPipeline(TSHARK_WORKERS);
  private static final List<String> SUMMARY = new ArrayList<>();
  private static final Path SUMMARY_FILE = Path.of("target", "corpus-exactness.tsv");
  private static final double NANOS_PER_SECOND = 1e9;

  static List<CorpusIndex.Entry> captures() throws IOException {
    List<CorpusIndex.Entry> entries = CorpusIndex.read(CorpusIndex.corpusOrFallback());
    if (ExternalTool.onPath("tshark")) {
      PIPELINE.prefetch(entries);
    }
    return entries;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void meterCountsWhatTsharkSees(CorpusIndex.Entry entry, @TempDir Path dir) throws Exception {
    assumeTrue(ExternalTool.onPath("tshark"), "tshark not installed");
    TruthPipeline.Timed timed = PIPELINE.take(entry);
    TsharkDissector.Dissection d = timed.dissection();
    long start = System.nanoTime();
    MeterRun run = MeterRun.meter(entry.path(), dir);
    long meterNanos = System.nanoTime() - start;
    MeterOutput out = run.output;
    List<String> problems = new ArrayList<>();

    boolean damaged = entry.damaged() || d.exitCode() != 0;
    long read = out.stat(MeterOutput.READ);
    // tshark's truth holds only where tshark frames the file's records as libpcap does: for a
    // damaged file Wireshark may try another pcap variant (bug-6875-01 reads as 2 different
    // frames in tshark, 1 in tcpdump).
    boolean sameFraming = true;
    if (damaged) {
      expect(problems, run.exitCode == MeterRun.EXIT_DAMAGED,
          "exit code " + run.exitCode + ", expected " + MeterRun.EXIT_DAMAGED
              + " for a damaged capture (tshark: " + d.error() + ")");
      expect(problems, out.stats.containsKey(MeterOutput.DAMAGED), "no capture.damaged in stats");
      long tcpdump = ExternalTool.tcpdumpCount(entry.path());
      expect(problems, read == tcpdump,
          "packets.read " + read + ", but tcpdump reads " + tcpdump + " before the damage");
      sameFraming = tcpdump == d.packets().size();
    } else {
      expect(problems, run.exitCode == MeterRun.EXIT_OK,
          "exit code " + run.exitCode + ": " + run.stderr.strip());
      expect(problems, read == entry.packets() && read == d.packets().size(),
          "packets.read " + read + ", INDEX says " + entry.packets() + ", tshark read "
              + d.packets().size());
    }
    expect(problems, MeterOutput.FLOWS_HEADER.equals(out.header),
        "FLOWS.csv header: " + out.header);
    expect(problems, out.dispositionSum() == read,
        "dispositions sum to " + out.dispositionSum() + ", packets.read " + read + ": "
            + out.nonZeroStats());
    expect(problems, out.stat(MeterOutput.FLOW_RECORDS) == out.records.size(),
        "flows.records " + out.stat(MeterOutput.FLOW_RECORDS) + ", FLOWS.csv has "
            + out.records.size());

    long counted = out.stat(MeterOutput.COUNTED);
    long malformed = out.stat(MeterOutput.MALFORMED);
    String comparison = sameFraming
        ? compareFlows(FlowTruth.of(d.packets(), read, CorpusExactnessTest::undecoded), out,
            problems)
        : "tshark frames this damaged file differently from libpcap: flows not compared";

    synchronized (SUMMARY) {
      SUMMARY.add(String.join("\t", entry.file(), entry.linkType(), Long.toString(read),
          Long.toString(counted), Long.toString(malformed), out.malformedReasons(), comparison,
          Boolean.toString(damaged), seconds(timed.nanos()), seconds(meterNanos)));
    }
    if (!problems.isEmpty()) {
      fail(entry.file() + " (" + entry.linkType() + ", " + entry.features() + "):\n  "
          + String.join("\n  ", problems));
    }
  }

  /**
   * Flow-by-flow comparison and IP totals; packets the meter leaves out must be ones tshark
   * reported errors for, and no more than packets.malformed. Returns a summary for the report.
   */
  private static String compareFlows(FlowTruth truth, MeterOutput out, List<String> problems) {
    long counted = out.stat(MeterOutput.COUNTED);
    long malformed = out.stat(MeterOutput.MALFORMED);
    FlowComparison cmp = FlowComparison.compare(truth, out.records, malformed > 0);
    problems.addAll(cmp.mismatches);
    if (cmp.mismatchCount > cmp.mismatches.size()) {
      problems.add("... and " + (cmp.mismatchCount - cmp.mismatches.size()) + " more mismatches");
    }
    expect(problems, cmp.meterPackets == counted,
        "flow records hold " + cmp.meterPackets + " packets, packets.counted is " + counted);
    long shortPackets = truth.ipPackets - cmp.meterPackets;
    long shortBytes = truth.ipBytes - cmp.meterIpBytes;
    expect(problems, shortPackets == cmp.toleratedPackets && shortBytes == cmp.toleratedBytes,
        "IP totals: tshark " + truth.ipPackets + " packets / " + truth.ipBytes + " bytes, meter "
            + cmp.meterPackets + " / " + cmp.meterIpBytes + "; tshark's IP packets by the layers"
            + " before the IP header: " + truth.ipPacketsByEncapsulation + "; meter: "
            + out.nonZeroStats());
    long reported = out.stat(MeterOutput.NONIP) + out.stat(MeterOutput.UNSUPPORTED_LINK);
    expect(problems, truth.undecodedIpPacketCount <= reported,
        truth.undecodedIpPacketCount + " IP packets in encapsulations the meter does not decode "
            + truth.undecodedIpPackets + ", but packets.nonip + packets.unsupported_link is "
            + reported);
    expect(problems, shortPackets + truth.brokenIpFrames <= malformed,
        shortPackets + " IP packets not counted and " + truth.brokenIpFrames + " IP headers tshark"
            + " could not read, but packets.malformed is only " + malformed);
    return "flows=" + truth.flows.size() + " tshark_ip=" + truth.ipPackets
        + " tshark_error_ip=" + truth.suspectIpPackets + " tshark_broken_ip="
        + truth.brokenIpFrames + " ip_not_counted=" + shortPackets
        + " rekeyed_unread_ports=" + cmp.rekeyedPackets + " mismatches=" + cmp.mismatchCount
        + (truth.undecodedIpPackets.isEmpty() ? "" : " undecoded=" + truth.undecodedIpPackets);
  }

  @AfterAll
  static void writeSummary() throws IOException {
    if (SUMMARY.isEmpty()) {
      return;
    }
    Files.createDirectories(SUMMARY_FILE.getParent());
    List<String> lines = new ArrayList<>();
    lines.add("file\tlinktype\tread\tcounted\tmalformed\tmalformed_reasons\tcomparison\tdamaged"
        + "\ttshark_s\tmeter_s");
    synchronized (SUMMARY) {
      SUMMARY.sort(null);
      lines.addAll(SUMMARY);
    }
    Files.write(SUMMARY_FILE, lines, StandardCharsets.UTF_8);
  }

  static boolean undecoded(String encapsulation) {
    for (Pattern p : UNDECODED_ENCAPSULATIONS) {
      if (p.matcher(encapsulation).matches()) {
        return true;
      }
    }
    return false;
  }

  private static void expect(List<String> problems, boolean ok, String message) {
    if (!ok) {
      problems.add(message);
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / NANOS_PER_SECOND);
  }
}
