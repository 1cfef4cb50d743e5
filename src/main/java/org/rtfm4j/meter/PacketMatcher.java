package org.rtfm4j.meter;

import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.flow.FlowTablePart;
import org.rtfm4j.match.CompiledRuleSet;
import org.rtfm4j.match.PacketMatchingEngine;
import org.rtfm4j.meter.MeterStatistics.Disposition;
import org.rtfm4j.packet.DecodedPacket;

/**
 * The matching half of RFC 2722 §4.3's packet handling: runs one decoded packet through every
 * running rule set (match, current, create, count) and counts it in one part of the flow table,
 * which this matcher alone changes. It also sweeps its part for idle flows as meter time passes
 * (RFC 2722 §4.5). One matcher per packet-matching thread; allocates nothing per packet.
 */
final class PacketMatcher {
  /** Background recovery runs each second of meter time (RFC 2722 §4.5). */
  static final long RECOVERY_INTERVAL = 100;
  /** Slots a recovery step looks at, at least. */
  private static final int RECOVERY_MIN_BUDGET = 64;
  /**
   * Slots a recovery step may look at per packet since the last step, so that the sweep keeps up
   * with flow creation but never costs more than a few slot checks per packet, however far packet
   * time jumps (a merged capture can jump by years between packets).
   */
  private static final int RECOVERY_SLOTS_PER_PACKET = 4;

  private static final int COUNTED = 0;
  private static final int NOT_COUNTED = 1;
  private static final int REFUSED = 2;
  private static final int ERROR = 3;

  private final Meter meter;
  private final FlowTablePart table;
  private final MeterStatistics stats;
  private final PacketMatchingEngine pme = new PacketMatchingEngine();
  private final FlowKey flowKey = new FlowKey();
  private final long[] key = new long[FlowKey.MAX_WORDS];
  private final long[] reversedKey = new long[FlowKey.MAX_WORDS];
  private CompiledRuleSet[] cachedRuleSets = new CompiledRuleSet[0];
  private StreamCache[] caches = new StreamCache[0];
  private long nextRecovery = Long.MIN_VALUE;
  private long packetsSinceRecovery;
  /** The meter's flood count when this matcher last swept its part for it. */
  private int floodsSwept;

  PacketMatcher(Meter meter, FlowTablePart table, MeterStatistics stats) {
    this.meter = meter;
    this.table = table;
    this.stats = stats;
  }

  /** Where this matcher records what it did with each packet. */
  MeterStatistics statistics() {
    return stats;
  }

  /**
   * Meter time is {@code now} (centiseconds): every second of it, a recovery step looks at a
   * budget of slots that grows with the packets seen since the last step.
   */
  void advance(long now) {
    packetsSinceRecovery++;
    if (now >= nextRecovery) {
      nextRecovery = now + RECOVERY_INTERVAL;
      long budget =
          Math.max(RECOVERY_MIN_BUDGET, packetsSinceRecovery * RECOVERY_SLOTS_PER_PACKET);
      packetsSinceRecovery = 0;
      table.recoverIdle(now, (int) Math.min(budget, Integer.MAX_VALUE));
    }
  }

  /**
   * Matches and counts one IP packet of {@code octets} octets at meter time {@code now}, and
   * records its disposition (counted, refused, PME error or ignored).
   */
  void match(DecodedPacket packet, long octets, long now, boolean streamCache) {
    CompiledRuleSet[] running = meter.running();
    if (running != cachedRuleSets) {
      newCaches(running);
    }
    boolean counted = false;
    boolean refused = false;
    boolean error = false;
    for (int i = 0; i < running.length; i++) {
      switch (process(running[i], caches[i], packet, octets, now, streamCache)) {
        case COUNTED:
          if (!counted) {
            stats.recordCountedOctets(octets);
          }
          counted = true;
          break;
        case REFUSED:
          refused = true;
          break;
        case ERROR:
          error = true;
          break;
        default:
          break;
      }
    }
    stats.record(counted ? Disposition.COUNTED
        : refused ? Disposition.REFUSED
        : error ? Disposition.PME_ERROR
        : Disposition.IGNORED);
  }

  /** The running rule sets changed: their streams start afresh. */
  private void newCaches(CompiledRuleSet[] running) {
    caches = new StreamCache[running.length];
    for (int i = 0; i < running.length; i++) {
      caches[i] = new StreamCache(running[i].packetAttributes());
    }
    cachedRuleSets = running;
  }

  /** One rule set: the stream cache, else the diagram of RFC 2722 §4.3. */
  private int process(CompiledRuleSet rules, StreamCache cache, DecodedPacket packet,
      long octets, long now, boolean streamCache) {
    int cached = streamCache ? cache.lookup(packet) : 0;
    if (cached == StreamCache.NOT_COUNTED) {
      return NOT_COUNTED;
    }
    if (cached != 0) {
      int slot = cache.slot();
      if (table.holds(slot, cache.generation())) {
        table.count(slot, cached == StreamCache.FORWARD, octets, now);
        return COUNTED;
      }
    }
    int result = pme.match(rules, packet, true, flowKey);
    if (result == PacketMatchingEngine.COUNT) {
      int n = flowKey.encode(key);
      int hash = FlowKey.hash(rules.number(), key, n);
      int slot = table.find(rules.number(), key, n, hash);
      if (slot >= 0) { // current(S->D): count(S->D,f)
        return count(cache, slot, true, octets, now);
      }
      int rn = flowKey.encodeReversed(reversedKey);
      int rhash = FlowKey.hash(rules.number(), reversedKey, rn);
      slot = table.find(rules.number(), reversedKey, rn, rhash);
      if (slot >= 0) { // current(D->S): count(D->S,r)
        return count(cache, slot, false, octets, now);
      }
      return createAndCount(rules, cache, key, n, hash, true, octets, now); // create(S->D)
    }
    if (result == PacketMatchingEngine.NO_MATCH) {
      result = pme.match(rules, packet, false, flowKey);
      if (result == PacketMatchingEngine.COUNT) {
        int n = flowKey.encode(key);
        int hash = FlowKey.hash(rules.number(), key, n);
        int slot = table.find(rules.number(), key, n, hash);
        if (slot >= 0) { // current(D->S): count(D->S,r)
          return count(cache, slot, false, octets, now);
        }
        return createAndCount(rules, cache, key, n, hash, false, octets, now); // create(D->S)
      }
    }
    if (result == PacketMatchingEngine.ERROR) {
      meter.pmeError(rules.number(), pme.lastError());
      return ERROR;
    }
    cache.store(StreamCache.NOT_COUNTED, 0, 0);
    return NOT_COUNTED;
  }

  private int count(StreamCache cache, int slot, boolean forward, long octets, long now) {
    table.count(slot, forward, octets, now);
    cache.store(forward ? StreamCache.FORWARD : StreamCache.REVERSE, slot,
        table.generation(slot));
    return COUNTED;
  }

  private int createAndCount(CompiledRuleSet rules, StreamCache cache, long[] k, int n, int hash,
      boolean forward, long octets, long now) {
    int slot = table.create(rules.number(), k, n, hash, now);
    if (slot < 0) {
      return REFUSED;
    }
    count(cache, slot, forward, octets, now);
    int floods = meter.flowCreated(now);
    if (floods != floodsSwept) {
      // The meter entered flood mode (here or on another thread): "recover every idle flow it
      // may" (RFC 2722 §4.6) is done by each thread for its own part of the table.
      floodsSwept = floods;
      table.recoverAllIdle(now);
    }
    return COUNTED;
  }
}
