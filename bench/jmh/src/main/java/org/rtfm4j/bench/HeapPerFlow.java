package org.rtfm4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.match.CompiledRuleSet;
import org.rtfm4j.match.PacketMatchingEngine;
import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.packet.LinkType;
import org.rtfm4j.packet.PacketDecoder;

/**
 * Heap bytes per flow: fills a flow table with N (default 1,000,000) five-tuple flows formed as
 * the meter forms them (decoder, then the PME with rulesets/five-tuple.rules) and prints the used
 * heap after a full GC, before and after, divided by N. Run it with bench/jmh/run.sh (see
 * bench/README.md).
 */
public final class HeapPerFlow {
  private static final int DEFAULT_FLOWS = 1_000_000;
  private static final int GC_ROUNDS = 3;
  private static final long NOW = 100;
  private static final long OCTETS = 1500;

  private HeapPerFlow() {}

  public static void main(String[] args) {
    int flows = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_FLOWS;
    CompiledRuleSet rules = FiveTuple.rules();
    PacketDecoder decoder = new PacketDecoder();
    PacketMatchingEngine pme = new PacketMatchingEngine();
    DecodedPacket packet = new DecodedPacket();
    FlowKey key = new FlowKey();
    long[] words = new long[FlowKey.MAX_WORDS];
    SyntheticPackets one = new SyntheticPackets(1);
    long before = usedAfterGc();
    FlowTable table = new FlowTable(Math.max(flows, FlowTable.DEFAULT_MAX_FLOWS));
    for (int i = 0; i < flows; i++) {
      SyntheticPackets.write(one.data, i, 0);
      decoder.decode(LinkType.ETHERNET, one.data, 0, SyntheticPackets.FRAME,
          SyntheticPackets.FRAME, i, packet);
      if (pme.match(rules, packet, true, key) != PacketMatchingEngine.COUNT) {
        throw new IllegalStateException("five-tuple.rules did not count packet " + i);
      }
      int n = key.encode(words);
      int slot = table.create(rules.number(), words, n, FlowKey.hash(rules.number(), words, n),
          NOW);
      table.count(slot, true, OCTETS, NOW);
    }
    long after = usedAfterGc();
    int records = table.flowRecords(rules.number());
    System.out.printf("flows %,d (key %d words); heap before %,d after %,d bytes;"
        + " %.1f heap bytes per flow%n", records, key.encode(words), before, after,
        (after - before) / (double) records);
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < GC_ROUNDS; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
