package org.rtfm4j.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * flowRuleTable rows (RFC 2720) to and from rules: numbers from RFC 2720's RuleAttributeNumber and
 * ActionNumber, octets as the RuleRows convention says, every shipped rule file unchanged by a
 * round trip.
 */
class RuleRowsTest {
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

  // RFC 2720 RuleAttributeNumber and ActionNumber values, from the MIB text.
  private static final int NULL = 0;
  private static final int SOURCE_PEER_TYPE = 8;
  private static final int SOURCE_PEER_ADDRESS = 9;
  private static final int SOURCE_ADJACENT_MASK = 7;
  private static final int SOURCE_TRANS_ADDRESS = 12;
  private static final int DEST_PEER_ADDRESS = 19;
  private static final int V1 = 51;
  private static final int IGNORE = 1;
  private static final int COUNT = 3;
  private static final int GOTO_ACT = 11;
  private static final int ASSIGN_ACT = 9;
  private static final int PUSH_PKT_TO_ACT = 15;

  @Test
  void fiveTupleRowsCarryRfc2720NumbersAndLeftAlignedOctets() throws Exception {
    List<RuleRow> rows = RuleRows.fromRuleSet(ShippedRuleSetsTest.load("five-tuple"));
    // SourcePeerType & 255 = IPv4: GotoAct, ipv4;   (PeerType ipv4(1); label ipv4 = rule 4)
    assertRow(rows.get(0), SOURCE_PEER_TYPE, "FF 00", "01 00", GOTO_ACT, 4);
    // Null & 0 = 0: Ignore, 0;
    assertRow(rows.get(2), NULL, "00 00", "00 00", IGNORE, 0);
    // SourcePeerAddress & 255.255.255.255 = 0: PushPktToAct, Next;   (IPv4: 4 octets)
    assertRow(rows.get(3), SOURCE_PEER_ADDRESS, "FF FF FF FF", "00 00 00 00", PUSH_PKT_TO_ACT, 5);
    // SourcePeerAddress & ffff:...:ffff = 0: PushPktToAct, Next;   (IPv6: 16 octets)
    assertRow(rows.get(5), SOURCE_PEER_ADDRESS, "FF ".repeat(15) + "FF", "00 ".repeat(15) + "00",
        PUSH_PKT_TO_ACT, 7);
    // SourceTransAddress & 255.255 = 0: PushPktToAct, Next;   (a port: 2 octets)
    assertRow(rows.get(9), SOURCE_TRANS_ADDRESS, "FF FF", "00 00", PUSH_PKT_TO_ACT, 11);
  }

  @Test
  void everyShippedRuleFileSurvivesTheTrip() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(ShippedRuleSetsTest.dir())) {
      files = s.filter(p -> p.toString().endsWith(".rules")).sorted().toList();
    }
    assertFalse(files.isEmpty());
    for (Path f : files) {
      RuleSet rs = RuleFileParser.parse(f);
      List<RuleRow> rows = RuleRows.fromRuleSet(rs);
      for (RuleRow r : rows) {
        assertTrue(r.mask().length >= 2 && r.mask().length <= 20, f + ": " + r);
        assertTrue(r.value().length >= 2 && r.value().length <= 20, f + ": " + r);
      }
      RuleRows.Result back = RuleRows.toRules(rows);
      assertEquals(List.of(), back.problems(), f.toString());
      assertEquals(rs.rules(), back.rules(), f.toString());
    }
    RuleRows.Result builtin = RuleRows.toRules(RuleRows.fromRuleSet(BuiltinRuleSets.ruleSet1()));
    assertEquals(BuiltinRuleSets.ruleSet1().rules(), builtin.rules());
  }

  @Test
  void shortOctetsArePaddedToTheAttributeWidthAsARuleFileWouldGiveThem() throws Exception {
    RuleSet parsed = RuleFileParser.parse("t", """
        SET 9
        RULES
          Null & 0 = 0: GotoAct, Next;
          v1 & 0 = SourcePeerAddress: AssignAct, Next;
          v1 & 255.255.0.0 = 130.216.0.0: Count, 0;
          DestPeerAddress & 255.255.255.0 = 10.1.2.0: Count, 0;
        """);
    List<RuleRow> rows = List.of(
        row(NULL, "00 00", "00 00", GOTO_ACT, 2),
        // An Assign value is one byte, the attribute number (SourcePeerAddress = 9), in 2 octets.
        row(V1, "00 00", "09 00", ASSIGN_ACT, 3),
        // v1 holds a peer address: its mask and value are 16 bytes wide.
        row(V1, "FF FF 00 00", "82 D8 00 00", COUNT, 0),
        row(DEST_PEER_ADDRESS, "FF FF FF 00", "0A 01 02 00", COUNT, 0));
    RuleRows.Result r = RuleRows.toRules(rows);
    assertEquals(List.of(), r.problems());
    assertEquals(parsed.rules(), r.rules());
  }

  @Test
  void rowsThatAreNoRulesAreRefusedWithTheRuleNumber() {
    List<RuleRow> rows = List.of(
        row(SOURCE_PEER_TYPE, "FF 01", "06 00", COUNT, 0),       // mask beyond 1 byte
        row(SOURCE_ADJACENT_MASK, "00 00", "00 00", COUNT, 0),   // not a RuleAttributeNumber
        row(NULL, "00 00", "00 00", 18, 0),                      // not an ActionNumber
        row(NULL, "00", "00 00", COUNT, 0));                     // 1 octet: not a RuleAddress
    RuleRows.Result r = RuleRows.toRules(rows);
    assertFalse(r.ok());
    assertEquals(List.of(), r.rules());
    assertEquals(List.of(1, 2, 3, 4), r.problems().stream().map(f -> f.rule()).toList());
    assertEquals(RuleSetChecker.Field.MASK, r.problems().get(0).field());
    assertEquals(RuleSetChecker.Field.ATTRIBUTE, r.problems().get(1).field());
    assertEquals(RuleSetChecker.Field.ACTION, r.problems().get(2).field());
  }

  private static RuleRow row(int selector, String mask, String value, int action, int param) {
    return new RuleRow(selector, HEX.parseHex(mask), HEX.parseHex(value), action, param);
  }

  private static void assertRow(RuleRow r, int selector, String mask, String value, int action,
      int parameter) {
    assertEquals(row(selector, mask, value, action, parameter), r, r.toString());
  }
}
