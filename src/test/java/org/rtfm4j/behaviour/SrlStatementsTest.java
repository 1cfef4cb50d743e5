package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtfm4j.behaviour.Keys.assertAttributes;
import static org.rtfm4j.behaviour.Keys.assertNumber;
import static org.rtfm4j.behaviour.Keys.assertPeer;
import static org.rtfm4j.rules.Attribute.DEST_CLASS;
import static org.rtfm4j.rules.Attribute.DEST_KIND;
import static org.rtfm4j.rules.Attribute.DEST_PEER_ADDRESS;
import static org.rtfm4j.rules.Attribute.DEST_TRANS_ADDRESS;
import static org.rtfm4j.rules.Attribute.FLOW_CLASS;
import static org.rtfm4j.rules.Attribute.FLOW_KIND;
import static org.rtfm4j.rules.Attribute.SOURCE_CLASS;
import static org.rtfm4j.rules.Attribute.SOURCE_KIND;
import static org.rtfm4j.rules.Attribute.SOURCE_PEER_ADDRESS;
import static org.rtfm4j.rules.Attribute.SOURCE_TRANS_ADDRESS;
import static org.rtfm4j.rules.Attribute.SOURCE_TRANS_TYPE;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtfm4j.match.PacketMatchingEngine;
import org.rtfm4j.rules.ParsedRuleFile;
import org.rtfm4j.rules.RuleFileException;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleFileWriter;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.srl.SrlCompiler;
import org.rtfm4j.srl.SrlException;

/**
 * Each SRL statement (RFC 2723 §3), compiled and run by the Packet Matching Engine on crafted
 * packets, does what the RFC says it does. The expected flow keys come from the RFC's wording,
 * quoted in each test.
 */
class SrlStatementsTest {
  private static final String HOST = "ffffffff";
  private static final String NET8 = "ff000000";

  /** Compiles a program (SET 40 added), checks the rule-file round trip, no warnings. */
  private static RuleSet compile(String program) {
    try {
      ParsedRuleFile p = SrlCompiler.compile("t.srl", "set 40;\n" + program);
      assertEquals(List.of(), p.warnings(), program);
      RuleSet rs = p.ruleSet();
      assertEquals(rs, RuleFileParser.parse("t.rules", RuleFileWriter.write(rs)));
      return rs;
    } catch (SrlException | RuleFileException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private static DirectMatch pme(String program) {
    return new DirectMatch(compile(program));
  }

  @Test
  void andSavesEveryMatchedAttributeAndTakesThemBackWhenALaterTestFails() {
    // §3.1.7: "If the IF expression tests more than one attribute, the masks and values are
    // saved for all the matched attributes."  When the second test fails the first value must
    // not stay in the flow key of the ELSE path.
    DirectMatch m = pme("if SourcePeerAddress == 10.0/8 && DestTransAddress == 80 save, count;\n"
        + "save SourceTransType; count;");
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.tcp("10.1.2.3", 4000, "192.0.2.1", 80),
        true));
    assertAttributes(m.key, SOURCE_PEER_ADDRESS, DEST_TRANS_ADDRESS);
    assertPeer(m.key, SOURCE_PEER_ADDRESS, "10.0.0.0", NET8);
    assertNumber(m.key, DEST_TRANS_ADDRESS, 80);
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.tcp("10.1.2.3", 4000, "192.0.2.1", 443),
        true));
    assertAttributes(m.key, SOURCE_TRANS_TYPE);
  }

  @Test
  void orSavesOnlyTheAlternativeThatMatched() {
    DirectMatch m = pme("if SourcePeerAddress == 10.0/8 && DestPeerAddress == 11.0/8"
        + " || SourceTransAddress == 53 save, count;\nnomatch;");
    // The first alternative fails at its second test: its saved value is taken back before the
    // second alternative saves the source port.
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.udp("10.1.2.3", 53, "12.0.0.1", 9),
        true));
    assertAttributes(m.key, SOURCE_TRANS_ADDRESS);
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.udp("10.1.2.3", 7, "11.0.0.1", 9),
        true));
    assertAttributes(m.key, SOURCE_PEER_ADDRESS, DEST_PEER_ADDRESS);
    assertEquals(PacketMatchingEngine.NO_MATCH, m.match(Pkt.udp("10.1.2.3", 7, "12.0.0.1", 9),
        true));
  }

  @Test
  void aListSavesTheValueThePacketMatched() {
    // §3.1.7: "For each value_list in the statement the value saved is the one which the packet
    // actually matched."  Masks may be widths, dotted or hexadecimal (§3.1.6).
    DirectMatch m = pme("if SourcePeerAddress == (10.0/8, 172.16.0.0 & 255.240.0.0,"
        + " 192.168.0.0 & FF-FF) save, count;\nnomatch;");
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.tcp("172.20.1.1", 1, "8.8.8.8", 2),
        true));
    assertPeer(m.key, SOURCE_PEER_ADDRESS, "172.16.0.0", "fff00000");
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.tcp("192.168.7.7", 1, "8.8.8.8", 2),
        true));
    assertPeer(m.key, SOURCE_PEER_ADDRESS, "192.168.0.0", "ffff0000");
    assertEquals(PacketMatchingEngine.NO_MATCH, m.match(Pkt.tcp("8.8.8.8", 1, "9.9.9.9", 2),
        true));
  }

  @Test
  void saveForms() {
    // §3.3.1: "SAVE attrib = operand" saves the value given; "SAVE attrib / width" saves the
    // packet's value under the mask; "SAVE attrib;" uses an all-ones mask (§3.1.6).
    DirectMatch m = pme("save SourcePeerAddress = 10.0/8; save DestPeerAddress /24;"
        + " save SourceTransAddress; count;");
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.tcp("192.0.2.9", 4321, "198.51.100.7",
        80), true));
    assertAttributes(m.key, SOURCE_PEER_ADDRESS, DEST_PEER_ADDRESS, SOURCE_TRANS_ADDRESS);
    assertPeer(m.key, SOURCE_PEER_ADDRESS, "10.0.0.0", NET8);
    assertPeer(m.key, DEST_PEER_ADDRESS, "198.51.100.0", "ffffff00");
    assertNumber(m.key, SOURCE_TRANS_ADDRESS, 4321);
  }

  @Test
  void storeSavesAVariableThatLaterTestsSee() {
    // §3.3.6: "The STORE statement assigns a value to an SRL variable and SAVEs it ... Their
    // values are set to zero each time examination of a new packet begins."
    DirectMatch m = pme("if FlowClass == 0 store SourceClass := 1;\n"
        + "if DestTransAddress == 80 store FlowKind := 'W';\n"
        + "if FlowKind == 'W' store FlowClass := 2; else store FlowClass := 3;\n"
        + "count;");
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.tcp("192.0.2.9", 4321, "192.0.2.7",
        80), true));
    assertAttributes(m.key, SOURCE_CLASS, FLOW_KIND, FLOW_CLASS);
    assertNumber(m.key, SOURCE_CLASS, 1);
    assertNumber(m.key, FLOW_KIND, 'W');
    assertNumber(m.key, FLOW_CLASS, 2);
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.tcp("192.0.2.9", 4321, "192.0.2.7",
        443), true));
    assertAttributes(m.key, SOURCE_CLASS, FLOW_CLASS);
    assertNumber(m.key, FLOW_CLASS, 3);
  }

  @Test
  void exitLeavesTheLabelledCompoundStatement() {
    // §3.3.3: "The next statement to be executed will be the one following that compound
    // statement."
    DirectMatch m = pme("outer: {\n  inner: {\n    if SourcePeerAddress == 192.168/16 exit outer;\n"
        + "    save SourcePeerAddress;\n    exit inner;\n  }\n"
        + "  save DestPeerAddress;\n}\ncount;");
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.tcp("192.168.1.1", 1, "10.0.0.1", 2),
        true));
    assertAttributes(m.key);
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.tcp("10.0.0.2", 1, "10.0.0.1", 2),
        true));
    assertAttributes(m.key, SOURCE_PEER_ADDRESS, DEST_PEER_ADDRESS);
  }

  @Test
  void nomatchRetriesReversedAndTheEndOfTheProgramIsNoMatch() {
    // §3.3.5: NOMATCH "executed when a packet is being processed with its addresses in 'on the
    // wire' order" makes the PME "perform the program again from the beginning with source and
    // destination addresses interchanged".  A program that runs out of statements has not
    // matched either (RFC 2722 §4.4: no more rules means NoMatch).
    DirectMatch m = pme("if DestTransAddress == 80 { save DestTransAddress; count; }\n"
        + "if SourceTransAddress == 80 nomatch;");
    Pkt reply = Pkt.tcp("192.0.2.7", 80, "192.0.2.9", 4321);
    assertEquals(PacketMatchingEngine.NO_MATCH, m.match(reply, true));
    assertEquals(PacketMatchingEngine.COUNT, m.match(reply, false));
    assertNumber(m.key, DEST_TRANS_ADDRESS, 80);
    Pkt other = Pkt.tcp("192.0.2.7", 22, "192.0.2.9", 4321);
    assertEquals(PacketMatchingEngine.NO_MATCH, m.match(other, true));
    assertEquals(PacketMatchingEngine.NO_MATCH, m.match(other, false));
  }

  @Test
  void callRunsTheStatementForTheReturnNumberOrGoesOnAfterEndcall() {
    // §3.5: "RETURN 2; would return to the statement labelled 2: within the CALL statement.
    // ... labels ... do not have to be contiguous"; a RETURN without a number, or a number the
    // CALL has no label for, goes on "immediately following ENDCALL".
    DirectMatch m = pme("call kind (DestTransAddress, DestKind)\n"
        + "   7: { save SourcePeerAddress /32; count; }\n"
        + "   2: ignore;\n"
        + "   endcall;\n"
        + "save DestPeerAddress /32;\ncount;\n"
        + "subroutine kind (address port, variable k)\n"
        + "   if port == 80 { store k := 'W'; return 7; }\n"
        + "   if port == 22 return 2;\n"
        + "   if port == 53 { store k := 'D'; return 9; }\n"
        + "   return;\n"
        + "   endsub;");
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.tcp("192.0.2.9", 1, "192.0.2.7", 80),
        true));
    assertAttributes(m.key, DEST_KIND, SOURCE_PEER_ADDRESS);
    assertNumber(m.key, DEST_KIND, 'W');
    assertPeer(m.key, SOURCE_PEER_ADDRESS, "192.0.2.9", HOST);
    assertEquals(PacketMatchingEngine.IGNORE, m.match(Pkt.tcp("192.0.2.9", 1, "192.0.2.7", 22),
        true));
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.udp("192.0.2.9", 1, "192.0.2.7", 53),
        true));
    assertAttributes(m.key, DEST_KIND, DEST_PEER_ADDRESS);
    assertNumber(m.key, DEST_KIND, 'D');
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.udp("192.0.2.9", 1, "192.0.2.7", 9),
        true));
    assertAttributes(m.key, DEST_PEER_ADDRESS);
  }

  @Test
  void nestedCallsKeepTheirParametersApart() {
    // Parameters are meter variables (RFC 2722 §4.4); a subroutine called from another must not
    // take the caller's, or the caller's later tests would read the wrong attribute.
    DirectMatch m = pme("call outer (SourcePeerAddress, SourceKind) endcall;\ncount;\n"
        + "subroutine outer (address a, variable k)\n"
        + "   call inner (DestTransAddress, DestClass) endcall;\n"
        + "   if a == 10.0/8 { store k := 1; return; }\n"
        + "   store k := 2; return;\n"
        + "   endsub;\n"
        + "subroutine inner (address p, variable c)\n"
        + "   if p == 80 store c := 8;\n"
        + "   return;\n"
        + "   endsub;");
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.tcp("10.9.9.9", 1, "192.0.2.7", 80),
        true));
    assertAttributes(m.key, DEST_CLASS, SOURCE_KIND);
    assertNumber(m.key, DEST_CLASS, 8);
    assertNumber(m.key, SOURCE_KIND, 1);
    assertEquals(PacketMatchingEngine.COUNT, m.match(Pkt.tcp("192.0.2.9", 1, "192.0.2.7", 22),
        true));
    assertAttributes(m.key, SOURCE_KIND);
    assertNumber(m.key, SOURCE_KIND, 2);
  }

  @Test
  void matchingStoDTellsTheDirection() {
    // RFC 2722 §4.3: after the 'usual' tests, "MatchingStoD == 1: NoMatch"; otherwise the packet
    // failed both ways and can be counted as unusual.
    DirectMatch m = pme("if SourcePeerAddress == 130.216/16 save, count;\n"
        + "if MatchingStoD == 1 nomatch;\n"
        + "save SourcePeerAddress; save DestPeerAddress; count;");
    Pkt unusual = Pkt.tcp("192.0.2.1", 1, "192.0.2.2", 2);
    assertEquals(PacketMatchingEngine.NO_MATCH, m.match(unusual, true));
    assertEquals(PacketMatchingEngine.COUNT, m.match(unusual, false));
    assertAttributes(m.key, SOURCE_PEER_ADDRESS, DEST_PEER_ADDRESS);
    assertPeer(m.key, SOURCE_PEER_ADDRESS, "192.0.2.2", "ffffffff");
  }
}
