package org.rtfm4j.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.manager.LoadRequest;
import org.rtfm4j.manager.Manager;
import org.rtfm4j.manager.PendingRuleSets;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.RuleFileParser;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;

/** The reader's parts on bytes and files written by hand. */
class ReaderPiecesTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void aDataPackageIsABerSequenceWithNoSuchInstanceForAnAbsentAttribute() throws Exception {
    // RFC 2720 flowPackageData: a BER SEQUENCE of the selected values in selector order; an
    // absent attribute is the varbind exception noSuchInstance, [CONTEXT 1] IMPLICIT NULL (81 00).
    PackageCollector c = new PackageCollector(new int[] {1, 9, 12, 26, 27, 31}, 10);
    byte[] data = hex("30 13"                 // SEQUENCE, 19 octets
        + " 04 04 0a 00 00 01"                 // SourcePeerAddress 10.0.0.1
        + " 81 00"                             // SourceTransAddress: noSuchInstance
        + " 46 03 01 00 00"                    // ToOctets Counter64 65536
        + " 43 04 00 01 e2 40");               // FirstTime TimeTicks 123456
    CollectedFlow f = new CollectedFlow(7, 5);
    c.decode(new OctetString(data), f);
    assertEquals(new OctetString(hex("0a000001")), f.get(9));
    assertNull(f.get(12));
    assertEquals(new Counter64(65536), f.get(27));
    assertEquals(123456, f.firstTime());
    assertEquals(7, f.flowIndex());
    assertEquals(new Integer32(5), f.get(26));
    assertThrows(IOException.class, () -> c.decode(new OctetString(hex("30 02 81 00")),
        new CollectedFlow(1, 5)), "fewer values than the selector names");
    assertThrows(IOException.class, () -> c.decode(new Integer32(3), new CollectedFlow(1, 5)));
  }

  @Test
  void columnActivityDataUnpacksRowNumbersAndFixedWidthValues() throws Exception {
    // RFC 2720 flowColumnActivityData: { two-octet row number, value } pairs, row number 0 ends
    // the column; Counter64 takes eight octets, TimeStamps four, PeerType one, strings a length
    // octet and their octets without trailing zeroes.
    Variable[] out = new Variable[65_536];
    assertEquals(0, ColumnCollector.unpack(27, hex("0001 0000000000000040 0203"
        + " 0000000100000000 0000"), out));
    assertEquals(new Counter64(64), out[1]);
    assertEquals(new Counter64(1L << 32), out[515]);
    assertEquals(9, ColumnCollector.unpack(32, hex("0009 00000064"), out),
        "no row number 0: the column goes on after row 9");
    assertEquals(new TimeTicks(100), out[9]);
    ColumnCollector.unpack(8, hex("0004 02 0000"), out);
    assertEquals(new Integer32(2), out[4]);
    ColumnCollector.unpack(9, hex("0005 01 0a 0006 00 0000"), out);
    assertEquals(new OctetString(hex("0a")), out[5], "10.0.0.0 cut to its first octet");
    assertEquals(new OctetString(new byte[0]), out[6], "0.0.0.0 cut to nothing");
    assertThrows(IOException.class, () -> ColumnCollector.unpack(27, hex("0001 0000"), out));
    assertThrows(IOException.class, () -> ColumnCollector.unpack(9, hex("0001 05 0a"), out));
  }

  @Test
  void theFlowHistoryGivesDeltasAndSeesTimeGoBack(@TempDir Path dir) throws Exception {
    FlowHistory h = new FlowHistory(2);
    long[] d = new long[2];
    assertTrue(h.record(3, 100, new long[] {10, 1}, d));
    assertArrayEquals(new long[] {10, 1}, d, "a new flow: everything is new");
    assertTrue(h.record(3, 100, new long[] {25, 3}, d));
    assertArrayEquals(new long[] {15, 2}, d);
    assertTrue(h.record(3, 900, new long[] {4, 1}, d), "FlowIndex 3 reused by a later flow");
    assertArrayEquals(new long[] {4, 1}, d);
    assertTrue(h.record(2_000_000, 5, new long[] {1, 1}, d), "grows to any FlowIndex");
    FlowHistory copy = h.copy();
    assertFalse(copy.record(3, 899, new long[] {1, 1}, d), "FirstTime went back");
    Path file = dir.resolve("h.bin");
    h.write(file);
    FlowHistory back = FlowHistory.read(file, 2);
    assertTrue(back.record(3, 900, new long[] {6, 2}, d));
    assertArrayEquals(new long[] {2, 1}, d);
    assertThrows(IOException.class, () -> FlowHistory.read(file, 4));
  }

  @Test
  void aStoreFinishesACommitWhosePassFileExistsAndUndoesOneWhoseDoesNot(@TempDir Path dir)
      throws Exception {
    ReaderState committed = new ReaderState(4, 2, "me", 500, 600, 7, "pass-00000004-500.csv",
        "");
    ReaderState next = new ReaderState(5, 2, "me", 700, 700, 7, "pass-00000005-700.csv", "");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("state"), committed.text("m", 5));
    Files.writeString(dir.resolve("state.next"), next.text("m", 5));
    Files.writeString(dir.resolve(".pass-00000006-800.csv.tmp"), "half");
    try (PassStore s = PassStore.open(dir, "m", 5, "me", CrashPoint.NONE)) {
      assertEquals(committed, s.state(), "killed before the rename: pass 5 never happened");
      assertFalse(Files.exists(dir.resolve("state.next")));
      assertFalse(Files.exists(dir.resolve(".pass-00000006-800.csv.tmp")));
      IOException locked = assertThrows(IOException.class,
          () -> PassStore.open(dir, "m", 5, "me", CrashPoint.NONE));
      assertTrue(locked.getMessage().contains("another reader"), locked.getMessage());
    }
    Files.writeString(dir.resolve("state.next"), next.text("m", 5));
    Files.writeString(dir.resolve("pass-00000005-700.csv"), "done");
    try (PassStore s = PassStore.open(dir, "m", 5, "me", CrashPoint.NONE)) {
      assertEquals(next, s.state(), "killed after the rename: pass 5 counts");
      assertEquals(next, ReaderState.parse(Files.readString(dir.resolve("state"),
          StandardCharsets.UTF_8), "state"));
    }
  }

  @Test
  void aDirectoryWithoutStateNumbersItsPassesAfterTheFilesThere(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("pass-00000007-100.csv"), "x");
    Files.writeString(dir.resolve("pass-00000003-50-restart.csv"), "x");
    Files.writeString(dir.resolve("passport.txt"), "x");
    try (PassStore s = PassStore.open(dir, "m", 5, "me", CrashPoint.NONE)) {
      assertEquals(7, s.state().seq());
      assertEquals(ReaderState.NONE, s.state().start(), "nothing known: read everything");
    }
  }

  @Test
  void deltasFollowEachFlowAcrossPassesAndReaderRestarts(@TempDir Path dir) throws Exception {
    try (MeterHarness m = new MeterHarness(600);
        var client = m.client()) {
      Path out = dir.resolve("out");
      ReaderSettings s = new ReaderSettings(5, out, OutputFormat.CSV, Method.TABLE,
          FlowLayout.csvColumns(true), "deltas", 600, Method.DEFAULT_VARBINDS);
      byte[] a = org.rtfm4j.testutil.Pcaps.udp(0x0a000001, 0x0a000002, 1, 2, 10);
      byte[] b = org.rtfm4j.testutil.Pcaps.udp(0x0a000003, 0x0a000004, 3, 4, 20);
      m.packet(0, a);
      try (MeterReader r = MeterReader.open(client, s)) {
        r.pass();
      }
      m.packet(1, a);
      m.packet(1.5, a);
      m.packet(2, b);
      try (MeterReader r = MeterReader.open(client, s)) {
        r.pass();
      }
      List<String> second = lines(out, 2);
      String[] header = second.get(0).split(",");
      assertEquals("d_ToOctets", header[header.length - 4]);
      assertEquals("d_FromPDUs", header[header.length - 1]);
      // Flow a: 3 packets of 38 octets, 2 since the first pass; flow b: new, all of it.
      assertTrue(second.contains("5,1,0,150,,,,1,10.0.0.1,17,1,,,,,10.0.0.2,,2,114,3,0,0,,,,,,,"
          + "76,2,0,0"), second.toString());
      assertTrue(second.contains("5,2,200,200,,,,1,10.0.0.3,17,3,,,,,10.0.0.4,,4,48,1,0,0,,,,,,,"
          + "48,1,0,0"), second.toString());
    }
  }

  private static List<String> lines(Path out, int seq) throws IOException {
    try (Stream<Path> s = Files.walk(out)) {
      Path p = s.filter(f -> f.getFileName().toString().startsWith(
          String.format("pass-%08d-", seq))).findFirst().orElseThrow();
      return Files.readAllLines(p);
    }
  }

  @Test
  void aRuleSetReplacedByAManagerIsNotedInTheData(@TempDir Path dir) throws Exception {
    try (MeterHarness m = new MeterHarness(600);
        var client = m.client()) {
      Path out = dir.resolve("out");
      ReaderSettings s = new ReaderSettings(5, out, OutputFormat.NETRAMET, Method.PACKAGE,
          FlowLayout.csvColumns(false), "notes", 600, Method.DEFAULT_VARBINDS);
      byte[] a = org.rtfm4j.testutil.Pcaps.udp(0x0a000001, 0x0a000002, 1, 2, 10);
      m.packet(0, a);
      try (MeterReader r = MeterReader.open(client, s)) {
        assertNull(r.pass().note());
        m.packet(5, a);
        Manager manager = new Manager(client, "test manager", new PendingRuleSets());
        manager.stop(1, true);
        manager.delete(5, true);
        manager.load(RuleFileParser.parse(Path.of("rulesets/five-tuple.rules")),
            new LoadRequest(5, null, 1, -1, -1, false, true));
        m.packet(6, a);
        PassResult p = r.pass();
        assertTrue(p.note() != null && p.note().contains("rule set 5 changed at meter time 500"),
            p.note());
        assertTrue(p.file().getFileName().toString().endsWith("-changed.txt"), p.file().toString());
        assertTrue(Files.readAllLines(p.file()).contains("#Note: " + p.note()));
        assertEquals(1, p.flows(), "the flow of the new rule set");
        assertNull(r.pass().note());
      }
    }
  }

  @Test
  void layoutsComeFromNamesOrAFormatStatement() {
    FlowLayout l = FlowLayout.parse("sourcepeeraddress, ToOctets FlowRuleSet", true);
    assertEquals(List.of(Attribute.SOURCE_PEER_ADDRESS, Attribute.TO_OCTETS, Attribute.RULE_SET),
        l.attributes());
    assertEquals(List.of(Attribute.TO_OCTETS), l.deltaCounters());
    assertArrayEquals(new int[] {9, 26, 27, 31, 32}, l.wanted());
    FlowLayout f = FlowLayout.fromFormat(List.of("FlowIndex", "\"  \"", "ToPDUs"), false);
    assertEquals("FlowIndex \"  \" ToPDUs", f.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FlowLayout.parse("ToOctets,MatchingStoD", false));
    assertTrue(e.getMessage().contains("'MatchingStoD' is not a flow attribute"),
        e.getMessage());
  }
}
