package org.rtfm4j.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtfm4j.rules.RuleSetChecker.Field;
import org.rtfm4j.rules.RuleSetChecker.Finding;

/** The checker on rule sets built in code (as a manager's SNMP download would build them). */
class RuleSetCheckerTest {
  private static final byte[] Z1 = {0};
  private static final byte[] FF1 = {(byte) 0xff};

  private static Rule rule(Attribute a, byte[] mask, byte[] value, Action act, int p) {
    return new Rule(a, mask, value, act, p, 0);
  }

  private static Rule nul(Action act, int p) {
    return rule(Attribute.NULL, Z1, Z1, act, p);
  }

  private static List<Finding> check(Rule... rules) {
    return RuleSetChecker.check(new RuleSet(5, "t", List.of(rules), List.of(), false));
  }

  private static void assertFinding(List<Finding> fs, int rule, Field field, boolean error,
      String part) {
    assertTrue(fs.stream().anyMatch(f -> f.rule() == rule && f.field() == field
        && f.error() == error && f.reason().contains(part)), () -> "missing rule " + rule + " "
        + field + " '" + part + "' in " + fs);
  }

  @Test
  void builtInRuleSetIsClean() {
    assertEquals(List.of(), RuleSetChecker.check(BuiltinRuleSets.ruleSet1()));
  }

  @Test
  void emptyAndStructuralErrors() {
    assertFinding(RuleSetChecker.check(new RuleSet(5, "t", List.of(), List.of(), false)), 0,
        Field.RULE, true, "the rule set has no rules");
    List<Finding> fs = check(
        rule(Attribute.SOURCE_TRANS_ADDRESS, new byte[3], new byte[2], Action.GOTO, 2),
        rule(Attribute.TO_OCTETS, Z1, Z1, Action.COUNT, 0),
        nul(Action.GOTO_ACT, 9),
        nul(Action.RETURN, 0),
        nul(Action.COUNT, 70000));
    assertFinding(fs, 1, Field.MASK, true, "mask is 3 bytes; SourceTransAddress is 2 bytes wide");
    assertFinding(fs, 2, Field.ATTRIBUTE, true, "ToOctets cannot be used in a rule");
    assertFinding(fs, 3, Field.PARAMETER, true, "rule 9 does not exist");
    assertFinding(fs, 4, Field.PARAMETER, true, "Return 0 would run the Gosub again");
    assertFinding(fs, 5, Field.PARAMETER, true, "parameter 70000 is outside 0..65535");
    // With structural errors the path walk does not run: no "never executed" warnings.
    assertTrue(fs.stream().allMatch(Finding::error), fs.toString());
  }

  @Test
  void assignChecks() {
    List<Finding> fs = check(
        nul(Action.GOTO_ACT, 2),
        rule(Attribute.SOURCE_PEER_TYPE, Z1, new byte[] {9}, Action.ASSIGN_ACT, 3),
        rule(Attribute.V1, Z1, new byte[] {27}, Action.ASSIGN_ACT, 4), // ToOctets
        rule(Attribute.V2, Z1, new byte[] {52}, Action.ASSIGN_ACT, 5), // v2 itself
        nul(Action.COUNT, 0));
    assertFinding(fs, 2, Field.ATTRIBUTE, true, "Assign sets a meter variable");
    assertFinding(fs, 3, Field.VALUE, true, "a meter variable holds the number of an attribute");
    assertFinding(fs, 4, Field.VALUE, true, "a meter variable holds the number of an attribute");
  }

  @Test
  void meterVariableWidthFollowsItsAssignments() {
    byte[] m16 = new byte[16];
    m16[0] = (byte) 0xff;
    List<Finding> ok = check(
        nul(Action.GOTO_ACT, 2),
        rule(Attribute.V1, Z1, new byte[] {9}, Action.ASSIGN, 3),
        rule(Attribute.V1, m16, new byte[16], Action.GOTO_ACT, 4),
        nul(Action.COUNT, 0));
    assertEquals(List.of(), ok);
    List<Finding> narrow = check(
        nul(Action.GOTO_ACT, 2),
        rule(Attribute.V1, Z1, new byte[] {12}, Action.ASSIGN, 3), // SourceTransAddress: 2 bytes
        rule(Attribute.V1, m16, new byte[16], Action.GOTO_ACT, 4),
        nul(Action.COUNT, 0));
    assertFinding(narrow, 3, Field.MASK, true, "mask is 16 bytes; v1 is 2 bytes wide");
    List<Finding> unset = check(
        rule(Attribute.V3, FF1, Z1, Action.GOTO, 2),
        nul(Action.COUNT, 0));
    assertFinding(unset, 1, Field.ATTRIBUTE, false, "v3 is tested here but no Assign rule sets"
        + " it");
  }

  @Test
  void pathWalkFindings() {
    List<Finding> fs = check(
        nul(Action.GOSUB, 4),                                             // 1
        nul(Action.COUNT, 0),                                             // 2: Return 1 target
        nul(Action.IGNORE, 0),                                            // 3: never executed
        rule(Attribute.SOURCE_PEER_TYPE, FF1, Z1, Action.PUSH_PKT_TO_ACT, 6), // 4: tested
        nul(Action.RETURN, 1),                                            // 5
        rule(Attribute.FLOW_KIND, Z1, new byte[] {'W'}, Action.PUSH_RULE_TO_ACT, 7), // 6
        nul(Action.RETURN, 9));                                           // 7: 1 + 9 > 7
    assertFinding(fs, 3, Field.RULE, false, "this rule is never executed");
    assertFinding(fs, 4, Field.ACTION, true, "this PushPktTo rule's test is performed");
    assertFinding(fs, 6, Field.VALUE, false, "PushRuleTo saves them into the flow key");
    assertFinding(fs, 7, Field.PARAMETER, false, "returning to the Gosub at rule 1 goes to rule"
        + " 10, past the last rule (7)");
  }

  @Test
  void returnWithNoGosub() {
    List<Finding> fs = check(nul(Action.RETURN, 1), nul(Action.COUNT, 0));
    assertFinding(fs, 1, Field.RULE, false, "Return can be reached with no Gosub active");
    assertFinding(fs, 2, Field.RULE, false, "never executed");
  }

  @Test
  void returnsGoBackToEveryCaller() {
    // The subroutine at 7 is called from rules 1 and 4; Return 2 resumes at 3 and at 6.
    List<Finding> fs = check(
        nul(Action.GOSUB, 7),     // 1
        nul(Action.IGNORE, 0),    // 2: Return 1 target (unused)
        nul(Action.GOTO_ACT, 4),  // 3: Return 2 target for the first call
        nul(Action.GOSUB, 7),     // 4
        nul(Action.IGNORE, 0),    // 5
        nul(Action.COUNT, 0),     // 6: Return 2 target for the second call
        nul(Action.RETURN, 2));   // 7
    assertFinding(fs, 2, Field.RULE, false, "never executed");
    assertFinding(fs, 5, Field.RULE, false, "never executed");
    assertEquals(2, fs.size(), fs.toString());
  }

  @Test
  void forcedLoopsAreErrorsButLoopsWithAWayOutAreNot() {
    assertFinding(check(nul(Action.GOTO_ACT, 1)), 1, Field.ACTION, true, "rules [1] form a"
        + " loop");
    // Infinite recursion: a Gosub that calls itself.
    assertFinding(check(nul(Action.GOSUB, 1)), 1, Field.ACTION, true, "form a loop");
    // A loop through a test that can fail is left when the packet differs: not reported.
    List<Finding> exit = check(
        rule(Attribute.SOURCE_PEER_TYPE, FF1, new byte[] {1}, Action.GOTO, 1),
        nul(Action.COUNT, 0));
    assertTrue(exit.stream().noneMatch(Finding::error), exit.toString());
  }

  @Test
  void bigRuleSetsAreWalkedQuickly() {
    // A 20,000-rule chain of tests (hashed-group style, RFC 2123 §2.3.3) checks in well under
    // a second: the walk visits each (rule, test indicator, Gosub) state once.
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < 20000; i++) {
      rules.add(rule(Attribute.SOURCE_TRANS_ADDRESS, new byte[] {(byte) 0xff, (byte) 0xff},
          new byte[] {(byte) (i >> 8), (byte) i}, Action.PUSH_RULE_TO_ACT, 20001));
    }
    rules.add(nul(Action.COUNT, 0));
    long t0 = System.nanoTime();
    List<Finding> fs = RuleSetChecker.check(new RuleSet(5, "t", rules, List.of(), false));
    assertEquals(List.of(), fs);
    assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
  }

  // ------------------------------------------------------------------ path-sensitive findings

  private static List<Finding> checkText(String rules) throws RuleFileException {
    return RuleSetChecker.check(RuleFileParser.parse("t", "SET 5\nRULES\n" + rules));
  }

  /** RFC 2722 §4.3's example: A = 130.216/16 to B = 156.62/16, with or without "ignore B". */
  private static final String A_TO_B = ""
      + "  SourcePeerAddress & 255.255.0.0 = 130.216.0.0: Goto, from_a;\n"
      + "  Null & 0 = 0: NoMatch, 0;\n"
      + "from_a:\n"
      + "  DestPeerAddress & 255.255.0.0 = 156.62.0.0: GotoAct, count;\n"
      + "  Null & 0 = 0: NoMatch, 0;\n"
      + "count:\n"
      + "  SourcePeerAddress & 255.255.0.0 = 0: PushPktToAct, Next;\n"
      + "  DestPeerAddress & 255.255.0.0 = 0: CountPkt, 0;\n";

  @Test
  void ignoringTheRepliesOfCountedFlowsIsInconsistent() throws Exception {
    // "a rule set which counts packets from source network A to destination network B, but
    // which ignores packets from source network B" (RFC 2722 §4.3).
    List<Finding> fs = checkText(
        "  SourcePeerAddress & 255.255.0.0 = 156.62.0.0: Ignore, 0;\n" + A_TO_B);
    assertEquals(1, fs.size(), fs.toString());
    assertFinding(fs, 1, Field.ACTION, false, "this Ignore drops replies to packets counted at"
        + " rule 7: a packet with SourcePeerAddress 130.216.0.0, DestPeerAddress 156.62.0.0 is"
        + " counted there, but its reply (SourcePeerAddress 156.62.0.0, DestPeerAddress"
        + " 130.216.0.0) is ignored here");
    // The consistent way: no Ignore, the meter retries packets from B reversed.
    assertEquals(List.of(), checkText(A_TO_B));
    // Ignoring packets from B to somewhere other than A loses no reply: consistent.
    assertEquals(List.of(), checkText(
        "  SourcePeerAddress & 255.255.0.0 = 156.62.0.0: Goto, from_b;\n" + A_TO_B
            + "from_b:\n"
            + "  DestPeerAddress & 255.255.0.0 = 130.216.0.0: NoMatch, 0;\n"
            + "  Null & 0 = 0: Ignore, 0;\n"));
  }

  @Test
  void theExamplePacketMeetsBothPaths() throws Exception {
    // Count every TCP conversation but ignore anything from port 80: the reply of a request to
    // port 80 is lost.  The example must be a TCP request to port 80 (the counting test) that
    // does not come from port 80 itself (the first test would ignore it).
    List<Finding> fs = checkText(""
        + "  SourceTransAddress & 255.255 = 80: Ignore, 0;\n"
        + "  SourceTransType & 255 = 6: GotoAct, save;\n"
        + "  Null & 0 = 0: Ignore, 0;\n"
        + "save:\n"
        + "  SourcePeerAddress & 255.255.255.255 = 0: PushPktToAct, Next;\n"
        + "  DestPeerAddress & 255.255.255.255 = 0: PushPktToAct, Next;\n"
        + "  SourceTransAddress & 255.255 = 0: PushPktToAct, Next;\n"
        + "  DestTransAddress & 255.255 = 0: CountPkt, 0;\n");
    assertEquals(1, fs.size(), fs.toString());
    assertFinding(fs, 1, Field.ACTION, false, "counted at rule 7: a packet with SourceTransType"
        + " 6, SourceTransAddress 1, DestTransAddress 80 is counted there, but its reply"
        + " (SourceTransType 6, SourceTransAddress 80, DestTransAddress 1) is ignored here");
  }

  @Test
  void flowsThatNameOneEndOnlyAreLeftAlone() throws Exception {
    // RFC 2722 §3.3: "packets which were sourced by IP address a.b.c.d": the flow is about one
    // direction, ignoring packets to a.b.c.d is what it means.
    assertEquals(List.of(), checkText(""
        + "  SourcePeerAddress & 255.255.255.255 = 192.0.2.44: Count, 0;\n"
        + "  Null & 0 = 0: Ignore, 0;\n"));
    // Ignoring what is not IP loses nothing an IP flow could be the reply of.
    assertEquals(List.of(), checkText(""
        + "  SourcePeerType & 255 = 1: GotoAct, ip;\n"
        + "  Null & 0 = 0: Ignore, 0;\n"
        + "ip:\n"
        + "  SourcePeerAddress & 255.255.255.255 = 0: PushPktToAct, Next;\n"
        + "  DestPeerAddress & 255.255.255.255 = 0: CountPkt, 0;\n"));
  }

  @Test
  void theCheckSeesThroughSubroutinesAndMeterVariables() throws Exception {
    // netramet-example with "Ignore" where it says NoMatch: the flows are 130.216 -> host, and
    // the replies (from a host outside 130.216) are ignored instead of being retried.
    List<Finding> fs = checkText(""
        + "  SourcePeerType & 255 = IP: PushtoAct, ip_pkt;\n"
        + "  Null & 0 = 0: Ignore, 0;\n"
        + "ip_pkt:\n"
        + "  v1 & 0 = SourcePeerAddress: AssignAct, Next;\n"
        + "  Null & 0 = 0: Gosub, classify;\n"
        + "    Null & 0 = 0: GotoAct, count;\n"
        + "    Null & 0 = 0: Ignore, 0;\n"
        + "classify:\n"
        + "  v1 & 255.255.0.0 = 130.216.0.0: GotoAct, ua;\n"
        + "  Null & 0 = 0: Return, 2;\n"
        + "ua:\n"
        + "  v1 & 255.255.0.0 = 0: PushPkttoAct, Next;\n"
        + "  Null & 0 = 0: Return, 1;\n"
        + "count:\n"
        + "  DestPeerAddress & 255.255.255.255 = 0: CountPkt, 0;\n");
    assertEquals(1, fs.size(), fs.toString());
    // The example's destination is outside 130.216 (else the reply would not be ignored).
    assertFinding(fs, 6, Field.ACTION, false, "counted at rule 11: a packet with SourcePeerType"
        + " 1, SourcePeerAddress 130.216.0.0, DestPeerAddress 0.1.0.0 is counted there, but its"
        + " reply (SourcePeerType 1, SourcePeerAddress 0.1.0.0, DestPeerAddress 130.216.0.0) is"
        + " ignored here");
  }

  @Test
  void rulesBehindContradictoryTestsAreNeverExecuted() throws Exception {
    // Rule 4 needs SourcePeerType 1 (rule 1) and then 2 (rule 3): no packet gets there, though
    // the rule graph leads to it.  Rule 5 is reached by every other packet.
    List<Finding> fs = checkText(""
        + "  SourcePeerType & 255 = 1: Goto, 3;\n"
        + "  Null & 0 = 0: Ignore, 0;\n"
        + "  SourcePeerType & 255 = 2: GotoAct, 5;\n"
        + "  Null & 0 = 0: Count, 0;\n"
        + "  Null & 0 = 0: Ignore, 0;\n");
    assertEquals(1, fs.size(), fs.toString());
    assertFinding(fs, 5, Field.RULE, false, "this rule is never executed: no packet can reach"
        + " it, the tests on every path to it contradict each other");
    // Bits of one attribute fixed by two masks at once: 10.0/8 then 10.1/16 is possible,
    // 10.0/8 then 11.1/16 is not.
    assertEquals(List.of(), checkText(""
        + "  SourcePeerAddress & 255.0.0.0 = 10.0.0.0: Goto, 3;\n"
        + "  Null & 0 = 0: Ignore, 0;\n"
        + "  SourcePeerAddress & 255.255.0.0 = 10.1.0.0: Count, 0;\n"
        + "  Null & 0 = 0: Ignore, 0;\n"));
    fs = checkText(""
        + "  SourcePeerAddress & 255.0.0.0 = 10.0.0.0: Goto, 3;\n"
        + "  Null & 0 = 0: Ignore, 0;\n"
        + "  SourcePeerAddress & 255.255.0.0 = 11.1.0.0: GotoAct, 5;\n"
        + "  Null & 0 = 0: Ignore, 0;\n"
        + "  Null & 0 = 0: Count, 0;\n");
    assertFinding(fs, 5, Field.RULE, false, "no packet can reach it");
    // Values saved earlier decide later tests of the computed attributes (RFC 2722 §4.4).
    fs = checkText(""
        + "  Null & 0 = 0: GotoAct, 2;\n"
        + "  FlowKind & 255 = 'W': PushRuleTo, 3;\n"
        + "  FlowKind & 255 = 'W': Goto, 5;\n"
        + "  Null & 0 = 0: Ignore, 0;\n"
        + "  Null & 0 = 0: Count, 0;\n");
    assertEquals(1, fs.size(), fs.toString());
    assertFinding(fs, 4, Field.RULE, false, "no packet can reach it");
  }

  @Test
  void packetsFailingEveryTestOfAValueDoExist() throws Exception {
    // 255 of the 256 values of a byte ruled out one by one: the last one still reaches rule 257.
    StringBuilder sb = new StringBuilder();
    for (int v = 0; v < 255; v++) {
      sb.append("  SourceTransType & 255 = ").append(v).append(": Ignore, 0;\n");
    }
    sb.append("  Null & 0 = 0: Count, 0;\n");
    assertEquals(List.of(), checkText(sb.toString()));
    // All 256 ruled out: the Count is never executed.
    sb.setLength(0);
    for (int v = 0; v < 256; v++) {
      sb.append("  SourceTransType & 255 = ").append(v).append(": Ignore, 0;\n");
    }
    sb.append("  Null & 0 = 0: Count, 0;\n");
    assertFinding(checkText(sb.toString()), 257, Field.RULE, false, "no packet can reach it");
  }
}
