package org.rtfm4j.behaviour;

import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.match.CompiledRuleSet;
import org.rtfm4j.match.PacketMatchingEngine;
import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.rules.RuleSet;

/** One call of RFC 2722's match(A->B) on a crafted packet, for tests about match results. */
final class DirectMatch {
  private final PacketMatchingEngine pme = new PacketMatchingEngine();
  private final CompiledRuleSet rules;
  private final DecodedPacket packet = new DecodedPacket();
  /** The flow key of the last match that said Count. */
  final FlowKey key = new FlowKey();

  DirectMatch(RuleSet ruleSet) {
    this.rules = new CompiledRuleSet(ruleSet);
  }

  /** match(S->D) when {@code stoD}, else match(D->S): a PacketMatchingEngine result code. */
  int match(Pkt p, boolean stoD) {
    return pme.match(rules, p.decoded(packet), stoD, key);
  }

  /**
   * match() on {@code p} relabelled with another PeerType (RFC 2720: 11 is IPX), as a meter that
   * decoded other network protocols would present it.
   */
  int matchAsPeerType(Pkt p, int peerType, boolean stoD) {
    p.decoded(packet).peerType = peerType;
    return pme.match(rules, packet, stoD, key);
  }

  /** A result code as the RFC names it, for messages. */
  static String name(int result) {
    switch (result) {
      case PacketMatchingEngine.IGNORE:
        return "Ignore";
      case PacketMatchingEngine.NO_MATCH:
        return "NoMatch";
      case PacketMatchingEngine.COUNT:
        return "Suc";
      default:
        return "error";
    }
  }
}
