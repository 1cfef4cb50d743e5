package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtfm4j.testutil.Command;

/**
 * flowDataTable, flowColumnActivityTable and flowDataPackageTable (RFC 2720 flowData) as
 * net-snmp's tools read them from a meter that metered a capture in this JVM, compared with the
 * flow CSV that {@code rtfm meter --flows-out} wrote for the same capture and rule files.
 *
 * <p>Two captures: the committed examples/stun.pcap (years of idle gaps: flows recovered, meter
 * time past 2^32 centiseconds, so TimeStamps wrap) and, when the corpus is present, nDPI's
 * gnutella.pcap (1,900 flows over three rule sets, IPv4 and IPv6).
 */
class FlowDataTablesTest {
  // RFC 2720 object identifiers (flowMIB = mib-2 40, flowData = 2), from the RFC text.
  private static final String ENTRY = ".1.3.6.1.2.1.40.2.1.1";
  private static final String ACTIVITY_DATA = ".1.3.6.1.2.1.40.2.2.1.4";
  private static final String PACKAGE_TABLE = ".1.3.6.1.2.1.40.2.3";
  private static final String PACKAGE_DATA = PACKAGE_TABLE + ".1.5";

  private static final List<String> RULE_FILES = List.of("rulesets/five-tuple.rules",
      "rulesets/host-pairs.rules", "rulesets/applications.rules");
  private static final long TICKS = 1L << 32;
  private static final List<String> BULK = List.of("-Cr25");

  @TempDir
  static Path dir;
  private static final Map<String, ServedCapture> SERVED = new HashMap<>();

  @BeforeAll
  static void netSnmpInstalled() throws Exception {
    for (String tool : List.of("snmpbulkwalk", "snmpwalk", "snmpget", "snmpgetnext",
        "snmptable", "snmpset")) {
      assumeTrue(Command.onPath(tool), tool + " not installed (Debian package snmp)");
    }
  }

  @AfterAll
  static void stopAgents() {
    SERVED.values().forEach(ServedCapture::close);
    SERVED.clear();
  }

  static Stream<String> captures() {
    return Stream.of("stun", "gnutella");
  }

  private static ServedCapture served(String name) throws Exception {
    ServedCapture s = SERVED.get(name);
    if (s == null) {
      s = ServedCapture.start(capture(name), RULE_FILES, dir);
      SERVED.put(name, s);
    }
    assertFalse(s.tableFlows.isEmpty(), name + " left no flows in the table");
    return s;
  }

  private static Path capture(String name) {
    if (name.equals("stun")) {
      return Path.of("examples/stun.pcap");
    }
    Path corpus = Path.of(System.getProperty("rtfm4j.corpus", "../shared/corpus"));
    Path file = corpus.resolve("ndpi/gnutella.pcap");
    assumeTrue(Files.isRegularFile(file), "corpus not found (-Drtfm4j.corpus): " + file);
    return file;
  }

  // ------------------------------------------------------------------ flowDataTable

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void flowDataTableHoldsExactlyTheFlowsOfTheCsv(String name) throws Exception {
    ServedCapture s = served(name);
    Map<String, Map<Integer, String>> actual = new TreeMap<>();
    for (Map.Entry<String, String> vb : walkTable(s).entrySet()) {
      long[] idx = index(vb.getKey(), ENTRY);
      assertEquals(4, idx.length, vb.getKey());
      // A plain walk is TimeFilter 0 throughout (RFC 4502: 0 removes the filter).
      assertEquals(0, idx[2], vb.getKey());
      actual.computeIfAbsent(idx[1] + "/" + idx[3], k -> new TreeMap<>())
          .put((int) idx[0], vb.getValue());
    }
    Map<String, Map<Integer, String>> expected = new TreeMap<>();
    for (Map<String, String> f : s.tableFlows) {
      expected.put(f.get("RuleSet") + "/" + f.get("FlowIndex"), expectedColumns(f));
    }
    assertEquals(expected, actual);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void timeFilterWalkReturnsExactlyTheFlowsActiveSinceT(String name) throws Exception {
    ServedCapture s = served(name);
    TreeMap<Integer, List<Map<String, String>>> byRuleSet = byRuleSet(s.tableFlows);
    for (Map.Entry<Integer, List<Map<String, String>>> e : byRuleSet.entrySet()) {
      TreeSet<Long> ticks = new TreeSet<>();
      e.getValue().forEach(f -> ticks.add(ticks(f.get("LastActiveTime"))));
      List<Long> sorted = new ArrayList<>(ticks);
      for (long t : List.of(0L, sorted.get(sorted.size() / 2), ticks.last(), ticks.last() + 1)) {
        TreeSet<Long> expected = new TreeSet<>();
        for (Map<String, String> f : e.getValue()) {
          if (ticks(f.get("LastActiveTime")) >= t) {
            expected.add(Long.parseLong(f.get("FlowIndex")));
          }
        }
        String prefix = ENTRY + ".27." + e.getKey() + "." + t;
        TreeSet<Long> got = new TreeSet<>();
        Map<String, String> vbs = NetSnmp.under(
            NetSnmp.varbinds("snmpbulkwalk", s.port, BULK, prefix), prefix);
        for (String oid : vbs.keySet()) {
          got.add(index(oid, prefix)[0]);
        }
        assertEquals(expected, got, "rule set " + e.getKey() + " T=" + t);
      }
    }
  }

  /**
   * RFC 4502: after the last flow present at RS.T, GETNEXT moves on (to the next rule set at
   * TimeFilter 0, then the next column) rather than to RS.(T+1).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void getNextAfterTheLastFlowAtTMovesOnInsteadOfIncrementingT(String name) throws Exception {
    ServedCapture s = served(name);
    TreeMap<Integer, List<Map<String, String>>> byRuleSet = byRuleSet(s.tableFlows);
    for (int rs : byRuleSet.keySet()) {
      long t = 0;
      long last = 0;
      for (Map<String, String> f : byRuleSet.get(rs)) {
        long ticks = ticks(f.get("LastActiveTime"));
        if (ticks >= t) {
          t = ticks;
        }
      }
      for (Map<String, String> f : byRuleSet.get(rs)) {
        if (ticks(f.get("LastActiveTime")) >= t) {
          last = Math.max(last, Long.parseLong(f.get("FlowIndex")));
        }
      }
      Integer nextRs = byRuleSet.higherKey(rs);
      String expected = nextRs != null
          ? ENTRY + ".27." + nextRs + ".0." + firstIndex(byRuleSet.get(nextRs))
          : ENTRY + ".28." + byRuleSet.firstKey() + ".0."
              + firstIndex(byRuleSet.firstEntry().getValue());
      Map<String, String> vbs = NetSnmp.varbinds("snmpgetnext", s.port, List.of(),
          ENTRY + ".27." + rs + "." + t + "." + last);
      assertEquals(List.of(expected), List.copyOf(vbs.keySet()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void getAnswersPresentAndAbsentInstances(String name) throws Exception {
    ServedCapture s = served(name);
    Map<String, String> f = s.tableFlows.get(s.tableFlows.size() - 1);
    String row = f.get("RuleSet") + "." + ticks(f.get("LastActiveTime")) + "."
        + f.get("FlowIndex");
    String later = f.get("RuleSet") + "." + (ticks(f.get("LastActiveTime")) + 1) + "."
        + f.get("FlowIndex");
    Map<String, String> vbs = NetSnmp.varbinds("snmpget", s.port, List.of(),
        ENTRY + ".28." + row, ENTRY + ".28." + later, ENTRY + ".4." + row, ENTRY + ".26." + row);
    assertEquals(List.of(f.get("ToPDUs"),
            "No Such Instance currently exists at this OID", // not active since T
            "No Such Instance currently exists at this OID", // SourceInterface not saved
            "No Such Object available on this agent at this OID"), // flowDataRuleSet: an index
        List.copyOf(vbs.values()));
  }

  /** RFC 2720: every flowData object is read-only; RFC 3416 §4.2.5: notWritable. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void nothingIsWritableEvenWithTheReadWriteCommunity(String name) throws Exception {
    ServedCapture s = served(name);
    Map<String, String> f = s.tableFlows.get(0);
    String row = f.get("RuleSet") + ".0." + f.get("FlowIndex");
    for (List<String> set : List.of(List.of(ENTRY + ".3." + row, "i", "1"),
        List.of(ENTRY + ".8." + row, "i", "2"),
        List.of(ACTIVITY_DATA + ".27.0." + f.get("FlowIndex"), "x", "0001"),
        List.of(PACKAGE_DATA + ".1.27." + row, "x", "3000"))) {
      List<String> cmd = new ArrayList<>(List.of("snmpset", "-v2c", "-c",
          ServedCapture.RW_COMMUNITY, "-t", "5", "-r", "0", "127.0.0.1:" + s.port));
      cmd.addAll(set);
      Command.Result r = Command.run(cmd);
      assertTrue(r.exitCode() != 0 && r.out().contains("notWritable"), set + ": " + r.out());
    }
    assertEquals("2", NetSnmp.varbinds("snmpget", s.port, List.of(), ENTRY + ".3." + row)
        .values().iterator().next());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void snmptablePrintsTheTableWithColumnNames(String name) throws Exception {
    ServedCapture s = served(name);
    Command.Result r = Command.run(List.of("snmptable", "-v2c", "-c", "public", "-M", "+mibs",
        "-m", "FLOW-METER-MIB", "-Ox", "-Cf", "|", "-Ci", "-Cr", "25", "127.0.0.1:" + s.port,
        "FLOW-METER-MIB::flowDataTable"));
    assertEquals(0, r.exitCode(), r.out());
    List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
    assertEquals("SNMP table: FLOW-METER-MIB::flowDataTable", lines.get(0));
    // Octet strings in hex (-Ox) never contain the separator.
    List<String> header = List.of(lines.get(1).split("\\|"));
    for (String column : List.of("index", "flowDataStatus", "flowDataSourcePeerAddress",
        "flowDataDestTransAddress", "flowDataToOctets", "flowDataToPDUs", "flowDataFromOctets",
        "flowDataFromPDUs", "flowDataFirstTime", "flowDataLastActiveTime", "flowDataKind")) {
      assertTrue(header.contains(column), column + " missing from " + header);
    }
    Map<String, String> expected = new TreeMap<>();
    for (Map<String, String> f : s.tableFlows) {
      expected.put(f.get("RuleSet") + ".0." + f.get("FlowIndex"), f.get("ToOctets") + " "
          + f.get("ToPDUs") + " " + f.get("FromOctets") + " " + f.get("FromPDUs"));
    }
    Map<String, String> printed = new TreeMap<>();
    for (String line : lines.subList(2, lines.size())) {
      String[] cells = line.split("\\|", -1);
      assertEquals(header.size(), cells.length, line);
      Map<String, String> c = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        c.put(header.get(i), cells[i]);
      }
      printed.put(c.get("index"), c.get("flowDataToOctets") + " " + c.get("flowDataToPDUs")
          + " " + c.get("flowDataFromOctets") + " " + c.get("flowDataFromPDUs"));
    }
    assertEquals(expected, printed);
  }

  // ------------------------------------------------------------------ flowColumnActivityTable

  /**
   * Reads whole columns as NeMaC did: GETNEXT from A.T.0, then from A.T.(last row number read)
   * until a value ends with row number 0, and decodes the packing independently.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void columnActivityDataDecodesToTheFlowDataTableValues(String name) throws Exception {
    ServedCapture s = served(name);
    Map<String, String> table = walkTable(s);
    long median = medianTicks(s.tableFlows);
    for (int attribute : new int[] {1, 2, 3, 4, 8, 9, 12, 19, 22, 26, 27, 30, 31, 32, 41}) {
      for (long t : new long[] {0, median}) {
        Map<Long, String> expected = new TreeMap<>();
        for (Map<String, String> f : s.tableFlows) {
          if (ticks(f.get("LastActiveTime")) < t) {
            continue;
          }
          String v = attributeValue(table, f, attribute);
          if (v != null) {
            expected.put(Long.parseLong(f.get("FlowIndex")),
                isString(attribute) ? trimTrailingZeroes(v) : v);
          }
        }
        assertEquals(expected, readColumn(s, attribute, t), "attribute " + attribute + " T=" + t);
      }
    }
  }

  private static Map<Long, String> readColumn(ServedCapture s, int attribute, long t)
      throws Exception {
    Map<Long, String> values = new TreeMap<>();
    String prefix = ACTIVITY_DATA + "." + attribute + "." + t;
    long from = 0;
    while (true) {
      Map<String, String> vbs = NetSnmp.varbinds("snmpgetnext", s.port, List.of(),
          prefix + "." + from);
      String oid = vbs.keySet().iterator().next();
      if (!oid.startsWith(prefix + ".")) {
        assertEquals(0, from, "a column ended without row number 0 at " + oid);
        return values;
      }
      byte[] data = NetSnmp.bytes(vbs.get(oid));
      // RFC 2720: OCTET STRING (SIZE (3..1000)).
      assertTrue(data.length >= 3 && data.length <= 1000, oid + ": " + data.length + " octets");
      int at = 0;
      long firstRow = -1;
      boolean ended = false;
      while (at < data.length) {
        long row = ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
        at += 2;
        if (row == 0) {
          assertEquals(data.length, at, oid + ": octets after row number 0");
          ended = true;
          break;
        }
        if (firstRow < 0) {
          firstRow = row;
        }
        assertTrue(row > from, oid + ": row " + row + " after " + from);
        from = row;
        int width = packedWidth(attribute);
        String value;
        if (width < 0) {
          int n = data[at] & 0xFF;
          byte[] b = new byte[n];
          System.arraycopy(data, at + 1, b, 0, n);
          at += 1 + n;
          assertTrue(n == 0 || b[n - 1] != 0, oid + ": trailing zero not truncated");
          value = NetSnmp.hex(b);
        } else {
          long v = 0;
          for (int i = 0; i < width; i++) {
            v = (v << 8) | (data[at + i] & 0xFF);
          }
          at += width;
          value = Long.toUnsignedString(v);
        }
        assertEquals(null, values.put(row, value), oid + ": row " + row + " twice");
      }
      // The instance's index is its first flow.
      assertEquals(index(oid, prefix)[0], firstRow, oid);
      if (ended) {
        return values;
      }
    }
  }

  /**
   * flowColumnActivityData widths from RFC 2720's DESCRIPTION: numbers fixed-size by SYNTAX
   * (one octet for enumerations and 1..255 ranges, four for Integer32, TimeStamp and TimeTicks,
   * eight for Counter64), -1 for strings.
   */
  private static int packedWidth(int attribute) {
    switch (attribute) {
      case 1, 3, 4, 14, 31, 32:
        return 4;
      case 27, 28, 29, 30:
        return 8;
      default:
        return isString(attribute) ? -1 : 1;
    }
  }

  private static boolean isString(int attribute) {
    return List.of(6, 7, 9, 10, 12, 13, 16, 17, 19, 20, 22, 23, 33, 34, 35).contains(attribute);
  }

  private static String trimTrailingZeroes(String hex) {
    String s = hex;
    while (s.endsWith("00")) {
      s = s.substring(0, s.length() - 2).strip();
    }
    return s;
  }

  // ------------------------------------------------------------------ flowDataPackageTable

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void packageDataDecodesToTheFlowDataTableValues(String name) throws Exception {
    ServedCapture s = served(name);
    Map<String, String> table = walkTable(s);
    int[] selector = {9, 19, 11, 12, 22, 4, 1, 2, 3, 26, 27, 28, 29, 30, 31, 32, 8, 18, 41};
    StringBuilder sel = new StringBuilder(PACKAGE_DATA + "." + selector.length);
    for (int a : selector) {
      sel.append('.').append(a);
    }
    String prefix = sel.toString();
    Map<String, String> vbs =
        NetSnmp.under(NetSnmp.varbinds("snmpbulkwalk", s.port, BULK, prefix), prefix);
    List<String> expectedOids = new ArrayList<>();
    Map<String, List<String>> expected = new HashMap<>();
    for (Map<String, String> f : sortedByIndex(s.tableFlows)) {
      String oid = prefix + "." + f.get("RuleSet") + ".0." + f.get("FlowIndex");
      expectedOids.add(oid);
      List<String> values = new ArrayList<>();
      for (int a : selector) {
        values.add(attributeValue(table, f, a));
      }
      expected.put(oid, values);
    }
    assertEquals(expectedOids, List.copyOf(vbs.keySet()));
    for (String oid : expectedOids) {
      assertEquals(expected.get(oid), Ber.sequence(NetSnmp.bytes(vbs.get(oid))), oid);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void packageGetInTheRfcsExampleForm(String name) throws Exception {
    ServedCapture s = served(name);
    Map<String, String> f = s.tableFlows.get(0);
    // RFC 2720's example: attributes 11, 18 and 29 of one flow, TimeFilter 0.
    String oid = PACKAGE_DATA + ".3.11.18.29." + f.get("RuleSet") + ".0." + f.get("FlowIndex");
    Map<String, String> vbs = NetSnmp.varbinds("snmpget", s.port, List.of(), oid);
    Map<String, String> table = walkTable(s);
    assertEquals(java.util.Arrays.asList(attributeValue(table, f, 11),
            attributeValue(table, f, 18), f.get("FromOctets")),
        Ber.sequence(NetSnmp.bytes(vbs.get(oid))));
  }

  /** Without a complete, valid selector there is nothing to walk: GETNEXT leaves the table. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void noSelectorNoInstances(String name) throws Exception {
    ServedCapture s = served(name);
    for (String from : List.of(PACKAGE_TABLE, PACKAGE_DATA, PACKAGE_DATA + ".0",
        PACKAGE_DATA + ".3.11.18", PACKAGE_DATA + ".2.9.42", PACKAGE_DATA + ".1.0.5.0.0",
        PACKAGE_DATA + ".1.300")) {
      Map<String, String> vbs = NetSnmp.varbinds("snmpgetnext", s.port, List.of(), from);
      String oid = vbs.keySet().iterator().next();
      assertFalse(oid.startsWith(PACKAGE_TABLE + "."), from + " -> " + oid);
    }
    Command.Result walk = NetSnmp.run("snmpwalk", s.port, List.of(), PACKAGE_TABLE);
    assertTrue(NetSnmp.under(NetSnmp.parse(walk.out()), PACKAGE_TABLE).isEmpty(), walk.out());
  }

  // ------------------------------------------------------------------ helpers

  private static Map<String, String> walkTable(ServedCapture s) throws Exception {
    return NetSnmp.under(NetSnmp.varbinds("snmpbulkwalk", s.port, BULK, ENTRY), ENTRY);
  }

  /** The value a flow shows for an attribute, as the flowDataTable walk printed it; or null. */
  private static String attributeValue(Map<String, String> table, Map<String, String> f,
      int attribute) {
    String row = "." + f.get("RuleSet") + ".0." + f.get("FlowIndex");
    switch (attribute) {
      case 1:
        return f.get("FlowIndex");
      case 2:
        return table.get(ENTRY + ".3" + row); // flowDataStatus shows attribute flowStatus(2)
      case 3:
        return table.get(ENTRY + ".32" + row); // a flow's TimeMark: its LastActiveTime
      case 26:
        return f.get("RuleSet");
      default:
        return table.get(ENTRY + "." + attribute + row);
    }
  }

  /**
   * What flowDataTable should show for a CSV record: RFC 2720 column numbers and syntaxes,
   * values from the CSV; a field the CSV leaves empty (not saved by the rule set) has no
   * instance.
   */
  private static Map<Integer, String> expectedColumns(Map<String, String> f) throws IOException {
    Map<Integer, String> m = new TreeMap<>();
    m.put(3, "2"); // flowDataStatus current(2): the flow is in the table
    for (String end : List.of("Source", "Dest")) {
      int base = end.equals("Source") ? 0 : 10;
      putIf(m, 4 + base, f.get(end + "Interface"));
      putIf(m, 5 + base, f.get(end + "AdjacentType"));
      String mac = f.get(end + "AdjacentAddress");
      if (!mac.isEmpty()) {
        m.put(6 + base, NetSnmp.hex(macBytes(mac)));
        m.put(7 + base, NetSnmp.hex(ones(6)));
      }
      putIf(m, 8 + base, f.get(end + "PeerType"));
      String peer = f.get(end + "PeerAddress");
      if (!peer.isEmpty()) {
        byte[] a = peerBytes(peer);
        m.put(9 + base, NetSnmp.hex(a));
        // Every address these rule files save is saved with a full mask.
        m.put(10 + base, NetSnmp.hex(ones(a.length)));
      }
      putIf(m, 11 + base, f.get(end + "TransType"));
      String port = f.get(end + "TransAddress");
      if (!port.isEmpty()) {
        int p = Integer.parseInt(port);
        m.put(12 + base, NetSnmp.hex(new byte[] {(byte) (p >> 8), (byte) p}));
        m.put(13 + base, NetSnmp.hex(ones(2)));
      }
    }
    m.put(24, "0");
    m.put(25, "0");
    m.put(27, f.get("ToOctets"));
    m.put(28, f.get("ToPDUs"));
    m.put(29, f.get("FromOctets"));
    m.put(30, f.get("FromPDUs"));
    m.put(31, Long.toString(ticks(f.get("FirstTime"))));
    m.put(32, Long.toString(ticks(f.get("LastActiveTime"))));
    String[] computed = {"SourceClass", "DestClass", "FlowClass", "SourceKind", "DestKind",
        "FlowKind"};
    for (int i = 0; i < computed.length; i++) {
      putIf(m, 36 + i, f.get(computed[i]));
    }
    return m;
  }

  private static void putIf(Map<Integer, String> m, int column, String value) {
    if (!value.isEmpty()) {
      m.put(column, value);
    }
  }

  private static byte[] peerBytes(String text) throws IOException {
    byte[] a = InetAddress.getByName(text).getAddress();
    if (text.indexOf(':') >= 0 && InetAddress.getByName(text) instanceof Inet4Address) {
      // Java turns an IPv4-mapped IPv6 text into 4 bytes; the flow holds 16.
      byte[] v6 = new byte[16];
      v6[10] = (byte) 0xFF;
      v6[11] = (byte) 0xFF;
      System.arraycopy(a, 0, v6, 12, 4);
      return v6;
    }
    return a;
  }

  private static byte[] macBytes(String text) {
    String[] p = text.split(":");
    byte[] b = new byte[p.length];
    for (int i = 0; i < p.length; i++) {
      b[i] = (byte) Integer.parseInt(p[i], 16);
    }
    return b;
  }

  private static byte[] ones(int n) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) 0xFF);
    return b;
  }

  /** A CSV time (centiseconds of meter time) as a TimeStamp shows it: modulo 2^32. */
  private static long ticks(String csvTime) {
    return Long.parseLong(csvTime) % TICKS;
  }

  private static long medianTicks(List<Map<String, String>> flows) {
    List<Long> t = new ArrayList<>();
    flows.forEach(f -> t.add(ticks(f.get("LastActiveTime"))));
    t.sort(null);
    return t.get(t.size() / 2);
  }

  private static TreeMap<Integer, List<Map<String, String>>> byRuleSet(
      List<Map<String, String>> flows) {
    TreeMap<Integer, List<Map<String, String>>> m = new TreeMap<>();
    flows.forEach(f -> m.computeIfAbsent(Integer.parseInt(f.get("RuleSet")),
        k -> new ArrayList<>()).add(f));
    return m;
  }

  private static long firstIndex(List<Map<String, String>> flows) {
    return flows.stream().mapToLong(f -> Long.parseLong(f.get("FlowIndex"))).min().orElseThrow();
  }

  private static List<Map<String, String>> sortedByIndex(List<Map<String, String>> flows) {
    List<Map<String, String>> l = new ArrayList<>(flows);
    l.sort((a, b) -> {
      int c = Integer.compare(Integer.parseInt(a.get("RuleSet")),
          Integer.parseInt(b.get("RuleSet")));
      return c != 0 ? c
          : Long.compare(Long.parseLong(a.get("FlowIndex")), Long.parseLong(b.get("FlowIndex")));
    });
    return l;
  }

  /** The sub-identifiers of {@code oid} after {@code prefix}, unsigned. */
  private static long[] index(String oid, String prefix) {
    String[] p = oid.substring(prefix.length() + 1).split("\\.");
    long[] v = new long[p.length];
    for (int i = 0; i < p.length; i++) {
      v[i] = Long.parseLong(p[i]);
    }
    return v;
  }
}
