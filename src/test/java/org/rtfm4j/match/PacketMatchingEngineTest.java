package org.rtfm4j.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.rules.Action;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.Rule;
import org.rtfm4j.rules.RuleSet;

/** Each opcode of RFC 2722 §4.4, checked against the RFC's own wording. */
class PacketMatchingEngineTest {
  private static final byte[] NONE = {};
  private static final byte[] FF = {(byte) 0xFF};
  private static final byte[] FFFF = {(byte) 0xFF, (byte) 0xFF};
  private static final byte[] HOST = {(byte) 255, (byte) 255, (byte) 255, (byte) 255};

  private final PacketMatchingEngine pme = new PacketMatchingEngine();
  private final FlowKey key = new FlowKey();
  private final DecodedPacket packet = tcp("10.1.2.3", 1234, "192.168.7.8", 80);

  private final List<Rule> rules = new ArrayList<>();

  private void rule(Attribute a, byte[] mask, byte[] value, Action action, int parameter) {
    rules.add(new Rule(a, mask, value, action, parameter, rules.size() + 1));
  }

  private int run(boolean stoD) {
    return pme.match(new CompiledRuleSet(new RuleSet(9, "t", rules, List.of(), false)), packet,
        stoD, key);
  }

  static DecodedPacket tcp(String src, int sport, String dst, int dport) {
    DecodedPacket p = new DecodedPacket();
    p.clear();
    p.interfaceNumber = 1;
    p.peerType = DecodedPacket.PEER_IPV4;
    p.addressLength = 4;
    p.srcAddrHi = ipv4(src) << 32;
    p.dstAddrHi = ipv4(dst) << 32;
    p.protocol = 6;
    p.srcPort = sport;
    p.dstPort = dport;
    p.ipLength = 60;
    return p;
  }

  static long ipv4(String s) {
    long v = 0;
    for (String part : s.split("\\.")) {
      v = (v << 8) | Integer.parseInt(part);
    }
    return v;
  }

  static byte[] ip(String s) {
    long v = ipv4(s);
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static byte[] b(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void ignoreStopsMatchingAndSaysIgnore() {
    rule(Attribute.NULL, NONE, NONE, Action.IGNORE, 0);
    rule(Attribute.NULL, NONE, NONE, Action.COUNT, 0);
    assertEquals(PacketMatchingEngine.IGNORE, run(true));
  }

  @Test
  void noMatchStopsMatchingAndSaysNoMatch() {
    rule(Attribute.NULL, NONE, NONE, Action.NO_MATCH, 0);
    rule(Attribute.NULL, NONE, NONE, Action.COUNT, 0);
    assertEquals(PacketMatchingEngine.NO_MATCH, run(true));
  }

  @Test
  void failedTestExecutesTheNextRuleAndRunningOffTheEndIsNoMatch() {
    // "If the test fails execute the next rule ... If there are no more rules in the rule set,
    // return from the match() function indicating NoMatch."
    rule(Attribute.SOURCE_TRANS_TYPE, FF, b(17), Action.IGNORE, 0);
    rule(Attribute.DEST_TRANS_ADDRESS, FFFF, b(0, 25), Action.IGNORE, 0);
    assertEquals(PacketMatchingEngine.NO_MATCH, run(true));
  }

  @Test
  void countSavesTheRulesValueAndMaskNotThePackets() {
    // "Count: Save this rule's attribute number, mask and value in the PME's pattern queue"
    rule(Attribute.SOURCE_PEER_ADDRESS, b(255, 255), b(10, 1), Action.COUNT, 0);
    assertEquals(PacketMatchingEngine.COUNT, run(true));
    assertTrue(key.has(Attribute.SOURCE_PEER_ADDRESS.number()));
    assertEquals(ipv4("10.1.0.0") << 32, key.valueHi(9));
    assertEquals(0xFFFFL << 48, key.maskHi(9));
  }

  @Test
  void countPktSavesThePacketsMaskedValue() {
    // "CountPkt: ... the masked value from the packet header ... is saved"
    rule(Attribute.SOURCE_PEER_ADDRESS, b(255, 255, 255, 0), b(10, 1, 2, 0), Action.COUNT_PKT, 0);
    assertEquals(PacketMatchingEngine.COUNT, run(true));
    assertEquals(ipv4("10.1.2.0") << 32, key.valueHi(9));
  }

  @Test
  void gotoSetsTheTestIndicatorAndGotoActClearsIt() {
    // Goto: "Set the test indicator then goto the specified rule": rule 3's test (UDP) fails.
    rule(Attribute.NULL, NONE, NONE, Action.GOTO, 3);
    rule(Attribute.NULL, NONE, NONE, Action.COUNT, 0);
    rule(Attribute.SOURCE_TRANS_TYPE, FF, b(17), Action.IGNORE, 0);
    assertEquals(PacketMatchingEngine.NO_MATCH, run(true));
    // GotoAct: "Clear the test indicator then goto": rule 3's action runs without its test.
    rules.set(0, new Rule(Attribute.NULL, NONE, NONE, Action.GOTO_ACT, 3, 1));
    assertEquals(PacketMatchingEngine.IGNORE, run(true));
  }

  @Test
  void gosubAndReturnSelectOneOfTheFollowingRules() {
    // "A subroutine call appears in a rule set as a Gosub rule followed by a small group of
    // following rules. Since a Return action clears the test flag, the action of one of these
    // 'following' rules will be executed"
    rule(Attribute.NULL, NONE, NONE, Action.GOSUB, 5); //          1
    rule(Attribute.FLOW_KIND, FF, b('I'), Action.PUSH_RULE_TO_ACT, 4); // 2: Return, 1 lands here
    rule(Attribute.FLOW_KIND, FF, b('O'), Action.PUSH_RULE_TO_ACT, 4); // 3: Return, 2 lands here
    rule(Attribute.NULL, NONE, NONE, Action.COUNT, 0); //           4
    rule(Attribute.SOURCE_PEER_ADDRESS, b(255), b(10), Action.RETURN, 1); // 5: inside 10/8
    rule(Attribute.NULL, NONE, NONE, Action.RETURN, 2); //          6: outside
    assertEquals(PacketMatchingEngine.COUNT, run(true));
    assertEquals((long) 'I' << 56, key.valueHi(Attribute.FLOW_KIND.number()));
    // Reversed, the source is 192.168.7.8: outside.
    assertEquals(PacketMatchingEngine.COUNT, run(false));
    assertEquals((long) 'O' << 56, key.valueHi(Attribute.FLOW_KIND.number()));
  }

  @Test
  void gosubActClearsTheTestIndicator() {
    rule(Attribute.NULL, NONE, NONE, Action.GOSUB_ACT, 3);
    rule(Attribute.NULL, NONE, NONE, Action.COUNT, 0);
    rule(Attribute.SOURCE_TRANS_TYPE, FF, b(17), Action.RETURN, 1); // test skipped: returns
    assertEquals(PacketMatchingEngine.COUNT, run(true));
  }

  @Test
  void assignGivesAMeterVariableAnAttributeToTest() {
    // v1 := SourcePeerAddress, then "a rule with v1 as its attribute would actually test
    // SourcePeerAddress"; the pattern queue records the attribute actually used.
    // The Assign rule's own test would test v1 (empty: 0) against its value, so it is reached
    // with the test indicator cleared, as in NeTraMet's example.
    rule(Attribute.NULL, NONE, NONE, Action.GOTO_ACT, 2);
    // Assign (not Act) sets the test indicator, so rule 3 tests what v1 now names.
    rule(Attribute.V1, NONE, b(Attribute.SOURCE_PEER_ADDRESS.number()), Action.ASSIGN, 3);
    rule(Attribute.V1, HOST, ip("10.1.2.3"), Action.PUSH_PKT_TO, 4);
    rule(Attribute.NULL, NONE, NONE, Action.COUNT, 0);
    assertEquals(PacketMatchingEngine.COUNT, run(true));
    assertTrue(key.has(Attribute.SOURCE_PEER_ADDRESS.number()));
    assertFalse(key.has(Attribute.V1.number()));
    // With v1 := DestPeerAddress the same rule tests 192.168.7.8, fails, and falls through to
    // the Count without pushing anything.
    rules.set(1, new Rule(Attribute.V1, NONE, b(Attribute.DEST_PEER_ADDRESS.number()),
        Action.ASSIGN, 3, 2));
    assertEquals(PacketMatchingEngine.COUNT, run(true));
    assertFalse(key.has(Attribute.SOURCE_PEER_ADDRESS.number()));
    assertFalse(key.has(Attribute.DEST_PEER_ADDRESS.number()));
  }

  @Test
  void assignWithTestTestsTheVariablesCurrentAttribute() {
    // Assign (not Act) "Set[s] the test indicator": the following rule's test is performed.
    rule(Attribute.NULL, NONE, NONE, Action.GOTO_ACT, 2);
    rule(Attribute.V2, NONE, b(Attribute.DEST_TRANS_ADDRESS.number()), Action.ASSIGN_ACT, 3);
    rule(Attribute.V1, NONE, b(Attribute.SOURCE_TRANS_ADDRESS.number()), Action.ASSIGN_ACT, 4);
    rule(Attribute.V2, FFFF, b(0, 80), Action.COUNT_PKT, 0);
    assertEquals(PacketMatchingEngine.COUNT, run(true));
    assertEquals(80L << 48, key.valueHi(Attribute.DEST_TRANS_ADDRESS.number()));
  }

  @Test
  void pushRuleToSetsComputedAttributesThatLaterRulesTest() {
    rule(Attribute.NULL, NONE, NONE, Action.GOTO_ACT, 2);
    rule(Attribute.SOURCE_CLASS, FF, b(7), Action.PUSH_RULE_TO_ACT, 3);
    rule(Attribute.SOURCE_CLASS, FF, b(7), Action.GOTO, 5); // tested: holds 7
    rule(Attribute.NULL, NONE, NONE, Action.IGNORE, 0);
    rule(Attribute.SOURCE_CLASS, FF, b(8), Action.IGNORE, 0); // tested: not 8
    rule(Attribute.NULL, NONE, NONE, Action.COUNT, 0);
    assertEquals(PacketMatchingEngine.COUNT, run(true));
    assertEquals(7L << 56, key.valueHi(Attribute.SOURCE_CLASS.number()));
  }

  @Test
  void anEmptyMeterVariableTestsAsZero() {
    rule(Attribute.V3, FF, b(1), Action.IGNORE, 0);
    rule(Attribute.V3, FF, b(0), Action.COUNT, 0);
    assertEquals(PacketMatchingEngine.COUNT, run(true));
  }

  @Test
  void pushRuleToWithTestOnlyPushesWhenTheTestSucceeds() {
    rule(Attribute.SOURCE_TRANS_TYPE, FF, b(6), Action.PUSH_RULE_TO, 2);
    rule(Attribute.SOURCE_TRANS_TYPE, FF, b(17), Action.PUSH_RULE_TO, 3); // fails: falls through
    rule(Attribute.NULL, NONE, NONE, Action.COUNT, 0);
    assertEquals(PacketMatchingEngine.COUNT, run(true));
    assertEquals(6L << 56, key.valueHi(Attribute.SOURCE_TRANS_TYPE.number()));
  }

  @Test
  void pushPktToSavesThePacketValueUnderTheMask() {
    // "The simplest way to program this is to use a zero value for the PushPktTo rule's value
    // field, and to GoToAct to the PushPktTo rule (so that it's test is not executed)."
    rule(Attribute.NULL, NONE, NONE, Action.GOTO_ACT, 2);
    rule(Attribute.DEST_TRANS_ADDRESS, FFFF, b(0, 0), Action.PUSH_PKT_TO_ACT, 3);
    rule(Attribute.NULL, NONE, NONE, Action.COUNT, 0);
    assertEquals(PacketMatchingEngine.COUNT, run(true));
    assertEquals(80L << 48, key.valueHi(Attribute.DEST_TRANS_ADDRESS.number()));
  }

  @Test
  void popToDeletesTheMostRecentItem() {
    rule(Attribute.NULL, NONE, NONE, Action.GOTO_ACT, 2);
    rule(Attribute.SOURCE_PEER_ADDRESS, HOST, NONE, Action.PUSH_PKT_TO_ACT, 3);
    rule(Attribute.DEST_PEER_ADDRESS, HOST, NONE, Action.PUSH_PKT_TO_ACT, 4);
    rule(Attribute.NULL, NONE, NONE, Action.POP_TO_ACT, 5);
    rule(Attribute.NULL, NONE, NONE, Action.COUNT, 0);
    assertEquals(PacketMatchingEngine.COUNT, run(true));
    assertTrue(key.has(Attribute.SOURCE_PEER_ADDRESS.number()));
    assertFalse(key.has(Attribute.DEST_PEER_ADDRESS.number()));
  }

  @Test
  void popToSetsTheTestIndicator() {
    rule(Attribute.NULL, NONE, NONE, Action.POP_TO, 2);
    rule(Attribute.SOURCE_TRANS_TYPE, FF, b(17), Action.IGNORE, 0); // tested, fails
    rule(Attribute.NULL, NONE, NONE, Action.COUNT, 0);
    assertEquals(PacketMatchingEngine.COUNT, run(true));
  }

  @Test
  void matchingStoDIsOneInWireOrderAndZeroReversed() {
    rule(Attribute.MATCHING_STOD, FF, b(1), Action.COUNT, 0);
    assertEquals(PacketMatchingEngine.COUNT, run(true));
    assertEquals(PacketMatchingEngine.NO_MATCH, run(false));
  }

  @Test
  void reversedMatchingSwapsSourceAndDestination() {
    rule(Attribute.SOURCE_TRANS_ADDRESS, FFFF, b(0, 80), Action.COUNT_PKT, 0);
    assertEquals(PacketMatchingEngine.NO_MATCH, run(true));
    assertEquals(PacketMatchingEngine.COUNT, run(false));
    assertEquals(80L << 48, key.valueHi(Attribute.SOURCE_TRANS_ADDRESS.number()));
  }

  @Test
  void nullTestsAlwaysSucceed() {
    // "Tests performed on the Null attribute always succeed", whatever the value says.
    rule(Attribute.NULL, FF, b(99), Action.COUNT, 0);
    assertEquals(PacketMatchingEngine.COUNT, run(true));
  }

  @Test
  void terminatingActionsEndMatchingInsideASubroutine() {
    // "when the Ignore, NoMatch, Count and CountPkt actions are performed, PME execution is
    // terminated regardless of whether the PME is executing a subroutine"
    rule(Attribute.NULL, NONE, NONE, Action.GOSUB, 3);
    rule(Attribute.NULL, NONE, NONE, Action.COUNT, 0);
    rule(Attribute.NULL, NONE, NONE, Action.IGNORE, 0);
    assertEquals(PacketMatchingEngine.IGNORE, run(true));
  }

  @Test
  void aLoopingRuleSetIsStoppedAndReported() {
    rule(Attribute.NULL, NONE, NONE, Action.GOTO, 1);
    assertEquals(PacketMatchingEngine.ERROR, run(true));
    assertTrue(pme.lastError().contains("steps"), pme.lastError());
  }

  @Test
  void runawayRecursionOverflowsTheReturnStack() {
    rule(Attribute.NULL, NONE, NONE, Action.GOSUB, 1);
    assertEquals(PacketMatchingEngine.ERROR, run(true));
    assertTrue(pme.lastError().contains("overflow"), pme.lastError());
  }

  @Test
  void returnWithoutGosubIsAnError() {
    rule(Attribute.NULL, NONE, NONE, Action.RETURN, 1);
    assertEquals(PacketMatchingEngine.ERROR, run(true));
  }

  @Test
  void jumpPastTheEndIsNoMatchButJumpToZeroIsAnError() {
    rule(Attribute.NULL, NONE, NONE, Action.GOTO_ACT, 2);
    assertEquals(PacketMatchingEngine.NO_MATCH, run(true));
    rules.set(0, new Rule(Attribute.NULL, NONE, NONE, Action.GOTO_ACT, 0, 1));
    assertEquals(PacketMatchingEngine.ERROR, run(true));
  }

  @Test
  void laterPushesOfAnAttributeReplaceEarlierOnesInTheKey() {
    // "copying ... from the pattern queue in the order it was enqueued"
    rule(Attribute.NULL, NONE, NONE, Action.GOTO_ACT, 2);
    rule(Attribute.FLOW_CLASS, FF, b(1), Action.PUSH_RULE_TO_ACT, 3);
    rule(Attribute.FLOW_CLASS, FF, b(2), Action.PUSH_RULE_TO_ACT, 4);
    rule(Attribute.NULL, NONE, NONE, Action.COUNT, 0);
    assertEquals(PacketMatchingEngine.COUNT, run(true));
    assertEquals(2L << 56, key.valueHi(Attribute.FLOW_CLASS.number()));
  }

  @Test
  void ipv6AddressesUseSixteenByteMasks() {
    packet.peerType = DecodedPacket.PEER_IPV6;
    packet.addressLength = 16;
    packet.srcAddrHi = 0x2001_0db8_0000_0000L;
    packet.srcAddrLo = 0x0000_0000_0000_0001L;
    byte[] all = new byte[16];
    java.util.Arrays.fill(all, (byte) 0xFF);
    rule(Attribute.NULL, NONE, NONE, Action.GOTO_ACT, 2);
    rule(Attribute.SOURCE_PEER_ADDRESS, all, NONE, Action.COUNT_PKT, 0);
    assertEquals(PacketMatchingEngine.COUNT, run(true));
    assertEquals(16, key.length(9));
    assertEquals(1L, key.valueLo(9));
  }
}
