package org.rtfm4j.rules;

import java.util.List;

/** STUB: replaced by the rules branch. */
public final class BuiltinRuleSets {
  private BuiltinRuleSets() {}

  public static RuleSet ruleSet1() {
    return new RuleSet(1, "builtin", List.of(new Rule(Attribute.SOURCE_PEER_TYPE, new byte[] {-1},
        new byte[] {0}, Action.COUNT_PKT, 0, 0)), List.of(), false);
  }
}
