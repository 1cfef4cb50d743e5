package org.rtfm4j.rules;

/**
 * Which address bits every flow of a rule set is keyed on: a meter that matches packets on
 * several threads spreads them by those bits of the two peer addresses, so that every packet of
 * a flow reaches the thread that holds the flow. Found by following every path through the rule
 * set in both matching directions ({@link PathWalk}).
 */
public final class ShardAnalysis {
  private ShardAnalysis() {}

  /**
   * The masks of the peer-address bits that every counting path saves from the packet for both
   * SourcePeerAddress and DestPeerAddress: {IPv4 mask (its 32 bits high in the word), IPv6 mask
   * high word, IPv6 mask low word}; null when some flow's key does not hold both peer addresses
   * from the packet (rule set 1 counts by PeerType only, for instance) or the rule set has too
   * many paths to follow.
   */
  public static long[] addressMasks(RuleSet ruleSet) {
    PathWalk walk = new PathWalk(ruleSet.rules());
    if (!walk.run()) {
      return null;
    }
    return walk.shardMasks();
  }
}
