package org.rtfm4j.behaviour;

import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.match.CompiledRuleSet;
import org.rtfm4j.match.PacketMatchingEngine;
import org.rtfm4j.packet.DecodedPacket;

/**
 * The packet-handling diagram of RFC 2722 §4.3, transcribed for tests over the real Packet
 * Matching Engine, flow keys and flow table, so rule sets can be tried on hand-filled match keys
 * without the packet decoder. Each step names the diagram's box it implements.
 */
final class Section43 {
  /** What happened to a packet in one rule set. */
  enum Outcome {
    /** match(S->D) succeeded and the flow S->D was current: count(S->D,f). */
    FORWARD_CURRENT,
    /** match(S->D) succeeded, S->D was not current but D->S was: count(D->S,r). */
    REVERSE_OF_CURRENT,
    /** match(S->D) succeeded and neither was current: create(S->D), count(S->D,f). */
    FORWARD_CREATED,
    /** match(S->D) said NoMatch, match(D->S) succeeded, D->S current: count(D->S,r). */
    REVERSED_CURRENT,
    /** match(S->D) said NoMatch, match(D->S) succeeded, not current: create, count(D->S,r). */
    REVERSED_CREATED,
    /** A match said Ignore. */
    IGNORED,
    /** NoMatch both ways. */
    NO_MATCH,
    /** The PME failed on this packet. */
    ERROR;

    boolean counted() {
      return ordinal() <= REVERSED_CREATED.ordinal();
    }

    /** True when the packet landed in the To (forward) counters. */
    boolean forward() {
      return this == FORWARD_CURRENT || this == FORWARD_CREATED;
    }
  }

  private final FlowTable table;
  private final PacketMatchingEngine pme = new PacketMatchingEngine();
  private final FlowKey flowKey = new FlowKey();
  private final long[] key = new long[FlowKey.MAX_WORDS];
  private final long[] reversed = new long[FlowKey.MAX_WORDS];

  Section43(FlowTable table) {
    this.table = table;
  }

  /** Runs one rule set over one packet; {@code now} is meter time in centiseconds. */
  Outcome process(CompiledRuleSet rules, DecodedPacket p, long octets, long now) {
    int r = pme.match(rules, p, true, flowKey); // match(S->D)
    if (r == PacketMatchingEngine.COUNT) {
      int n = flowKey.encode(key);
      int slot = find(rules, key, n);
      if (slot >= 0) { // current(S->D)
        table.count(slot, true, octets, now);
        return Outcome.FORWARD_CURRENT;
      }
      // current(D->S): the flow whose key is this one read the other way round.
      int rn = flowKey.encodeReversed(reversed);
      slot = find(rules, reversed, rn);
      if (slot >= 0) {
        table.count(slot, false, octets, now);
        return Outcome.REVERSE_OF_CURRENT;
      }
      slot = table.create(rules.number(), key, n, FlowKey.hash(rules.number(), key, n), now);
      table.count(slot, true, octets, now);
      return Outcome.FORWARD_CREATED;
    }
    if (r == PacketMatchingEngine.NO_MATCH) {
      r = pme.match(rules, p, false, flowKey); // match(D->S)
      if (r == PacketMatchingEngine.COUNT) {
        // The key was built with Source and Dest interchanged: it already names flow D->S.
        int n = flowKey.encode(key);
        int slot = find(rules, key, n);
        if (slot >= 0) { // current(D->S)
          table.count(slot, false, octets, now);
          return Outcome.REVERSED_CURRENT;
        }
        slot = table.create(rules.number(), key, n, FlowKey.hash(rules.number(), key, n), now);
        table.count(slot, false, octets, now);
        return Outcome.REVERSED_CREATED;
      }
    }
    if (r == PacketMatchingEngine.IGNORE) {
      return Outcome.IGNORED;
    }
    return r == PacketMatchingEngine.NO_MATCH ? Outcome.NO_MATCH : Outcome.ERROR;
  }

  private int find(CompiledRuleSet rules, long[] k, int n) {
    return table.find(rules.number(), k, n, FlowKey.hash(rules.number(), k, n));
  }
}
