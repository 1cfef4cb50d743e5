package org.rtfm4j.rules;

import java.util.List;

/** The rule sets built into the meter. */
public final class BuiltinRuleSets {
  /** Number of the built-in rule set (RFC 2722 §4.4, RFC 2720 flowRuleSetInfoTable row 1). */
  public static final int DEFAULT_RULE_SET = 1;

  private static final byte[] ZERO = {0};
  private static final byte[] ALL_ONES = {(byte) 0xff};

  private static final RuleSet RULE_SET_1 = new RuleSet(DEFAULT_RULE_SET, "default", List.of(
      // 1: Null always matches; GotoAct clears the test indicator, so rule 2's test is skipped.
      new Rule(Attribute.NULL, ZERO, ZERO, Action.GOTO_ACT, 2, 0),
      // 2: save the packet's PeerType (PushPktTo with a zero value, RFC 2722 §4.4).
      new Rule(Attribute.SOURCE_PEER_TYPE, ALL_ONES, ZERO, Action.PUSH_PKT_TO_ACT, 3, 0),
      // 3: save it as DestPeerType too, so the key is its own reverse, and count.
      new Rule(Attribute.DEST_PEER_TYPE, ALL_ONES, ZERO, Action.COUNT_PKT, 0, 0)),
      List.of("RuleSet", "FlowIndex", "FirstTime", "\" \"", "SourcePeerType", "\" \"", "ToPDUs",
          "FromPDUs", "\" \"", "ToOctets", "FromOctets"),
      false);

  private BuiltinRuleSets() {}

  /**
   * Rule set 1, "built-in to the meter and cannot be changed ... a very coarse reporting
   * granularity; it is mainly useful for verifying that the meter is running" (RFC 2722 §4.4).
   * It counts every packet the meter sees into one flow per PeerType (RFC 2722 §6.4's "protocol
   * type" default table), packets with no PeerType (not IP) into the flow for PeerType 0:
   *
   * <pre>
   *   Null           &amp; 0   = 0: GotoAct, 2;       # 1
   *   SourcePeerType &amp; 255 = 0: PushPktToAct, 3;  # 2
   *   DestPeerType   &amp; 255 = 0: CountPkt, 0;      # 3
   * </pre>
   *
   * <p>The flow key is {SourcePeerType, DestPeerType}, both the packet's PeerType. That key reads
   * the same in both directions, so match(S->D) always succeeds, current(S->D) finds the flow,
   * and every packet is counted in its forward counters (ToPDUs/ToOctets).
   */
  public static RuleSet ruleSet1() {
    return RULE_SET_1;
  }
}
