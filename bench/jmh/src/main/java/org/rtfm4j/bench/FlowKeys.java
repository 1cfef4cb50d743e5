package org.rtfm4j.bench;

import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.match.CompiledRuleSet;
import org.rtfm4j.match.PacketMatchingEngine;
import org.rtfm4j.packet.DecodedPacket;

/** The five-tuple flow keys (and their hashes) of distinct synthetic flows, as the meter forms them. */
final class FlowKeys {
  final int ruleSet;
  final long[][] keys;
  final int[] hashes;

  FlowKeys(int count) {
    CompiledRuleSet rules = FiveTuple.rules();
    ruleSet = rules.number();
    DecodedPacket[] packets = FiveTuple.decoded(count);
    PacketMatchingEngine pme = new PacketMatchingEngine();
    FlowKey key = new FlowKey();
    long[] words = new long[FlowKey.MAX_WORDS];
    keys = new long[count][];
    hashes = new int[count];
    for (int i = 0; i < count; i++) {
      if (pme.match(rules, packets[i], true, key) != PacketMatchingEngine.COUNT) {
        throw new IllegalStateException("five-tuple.rules did not count packet " + i);
      }
      int n = key.encode(words);
      keys[i] = java.util.Arrays.copyOf(words, n);
      hashes[i] = FlowKey.hash(ruleSet, words, n);
    }
  }
}
