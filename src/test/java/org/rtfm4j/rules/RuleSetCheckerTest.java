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
}
