package org.rtfm4j.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The meter's FLOWS.csv and STATS.txt, parsed. */
final class MeterOutput {

  /** FLOWS.csv header, exactly as the command line contract fixes it. */
  static final String FLOWS_HEADER =
      "RuleSet,FlowIndex,FirstTime,LastActiveTime,SourceInterface,SourceAdjacentType,"
          + "SourceAdjacentAddress,SourcePeerType,SourcePeerAddress,SourceTransType,"
          + "SourceTransAddress,DestInterface,DestAdjacentType,DestAdjacentAddress,DestPeerType,"
          + "DestPeerAddress,DestTransType,DestTransAddress,ToOctets,ToPDUs,FromOctets,FromPDUs,"
          + "SourceClass,DestClass,FlowClass,SourceKind,DestKind,FlowKind";

  /** Every packet read gets exactly one of these dispositions. */
  static final List<String> DISPOSITIONS =
      List.of(
          "packets.counted",
          "packets.ignored",
          "packets.nonip",
          "packets.unsupported_link",
          "packets.malformed",
          "packets.not_sampled",
          "packets.refused",
          "packets.pme_error");

  static final String READ = "packets.read";
  static final String COUNTED = "packets.counted";
  static final String MALFORMED = "packets.malformed";
  static final String NONIP = "packets.nonip";
  static final String UNSUPPORTED_LINK = "packets.unsupported_link";
  static final String FLOW_RECORDS = "flows.records";
  static final String DAMAGED = "capture.damaged";

  /** One line of FLOWS.csv, reduced to the five-tuple and its counters. */
  record FlowRecord(
      String ruleSet,
      String firstTime,
      String srcAddress,
      String dstAddress,
      int protocol,
      int srcPort,
      int dstPort,
      long toOctets,
      long toPdus,
      long fromOctets,
      long fromPdus) {}

  /** First line of FLOWS.csv; null when the file is absent or empty. */
  final String header;
  final List<FlowRecord> records;
  final Map<String, String> stats;

  private MeterOutput(String header, List<FlowRecord> records, Map<String, String> stats) {
    this.header = header;
    this.records = records;
    this.stats = stats;
  }

  /** Reads both files; either may be absent (no header, no records, empty stats). */
  static MeterOutput read(Path flows, Path stats) throws IOException {
    List<String> lines =
        Files.exists(flows) ? Files.readAllLines(flows, StandardCharsets.UTF_8) : List.of();
    String header = lines.isEmpty() ? null : lines.get(0);
    String[] names = header == null ? new String[0] : header.split(",", -1);
    Map<String, Integer> col = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      col.put(names[i], i);
    }
    List<FlowRecord> records = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != names.length) {
        throw new IOException(
            "FLOWS.csv line " + (i + 1) + " has " + f.length + " fields: " + line);
      }
      records.add(
          new FlowRecord(
              get(f, col, "RuleSet"),
              get(f, col, "FirstTime"),
              get(f, col, "SourcePeerAddress"),
              get(f, col, "DestPeerAddress"),
              intOrZero(get(f, col, "SourceTransType")),
              intOrZero(get(f, col, "SourceTransAddress")),
              intOrZero(get(f, col, "DestTransAddress")),
              longOrZero(get(f, col, "ToOctets")),
              longOrZero(get(f, col, "ToPDUs")),
              longOrZero(get(f, col, "FromOctets")),
              longOrZero(get(f, col, "FromPDUs"))));
    }
    Map<String, String> kv = new LinkedHashMap<>();
    if (stats != null && Files.exists(stats)) {
      for (String line : Files.readAllLines(stats, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          kv.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    }
    return new MeterOutput(header, records, kv);
  }

  /** A numeric statistic; 0 when absent. */
  long stat(String key) {
    String v = stats.get(key);
    return v == null || v.isEmpty() ? 0 : Long.parseLong(v);
  }

  /** Sum of the disposition counters: must equal packets.read. */
  long dispositionSum() {
    long sum = 0;
    for (String d : DISPOSITIONS) {
      sum += stat(d);
    }
    return sum;
  }

  /** Every statistic except the zero ones, for reports. */
  Map<String, String> nonZeroStats() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : stats.entrySet()) {
      if (!e.getValue().equals("0")) {
        m.put(e.getKey(), e.getValue());
      }
    }
    return m;
  }

  /** The non-zero per-reason malformed counters, e.g. "packets.malformed.X=2". */
  String malformedReasons() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : stats.entrySet()) {
      if (e.getKey().startsWith(MALFORMED + ".") && !e.getValue().equals("0")) {
        sb.append(sb.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
      }
    }
    return sb.toString();
  }

  private static String get(String[] f, Map<String, Integer> col, String name) {
    Integer i = col.get(name);
    return i == null ? "" : f[i];
  }

  private static int intOrZero(String s) {
    return s.isEmpty() ? 0 : Integer.parseInt(s);
  }

  private static long longOrZero(String s) {
    return s.isEmpty() ? 0 : Long.parseLong(s);
  }
}
