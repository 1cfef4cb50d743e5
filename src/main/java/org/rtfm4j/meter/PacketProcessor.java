package org.rtfm4j.meter;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rtfm4j.capture.PacketSink;
import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.match.CompiledRuleSet;
import org.rtfm4j.match.PacketMatchingEngine;
import org.rtfm4j.meter.MeterStatistics.Disposition;
import org.rtfm4j.packet.DecodeResult;
import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.packet.FragmentTable;
import org.rtfm4j.packet.PacketDecoder;

/**
 * The Packet Processor of RFC 2722 §4.1: decodes each packet, runs it through every running rule
 * set with the match/current/create/count algorithm of §4.3, and updates the flow table. Runs on
 * one thread and allocates nothing per packet.
 */
final class PacketProcessor implements PacketSink {
  /** Background recovery runs each second of meter time (RFC 2722 §4.5). */
  private static final long RECOVERY_INTERVAL = 100;
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
  private final FlowTable table;
  private final MeterClock clock;
  private final MeterStatistics stats;
  private final InterfaceSampling sampling;
  private final OctetCounting octetCounting;
  private final ControlMailbox mailbox;
  private final PacketDecoder decoder;
  private final DecodedPacket packet = new DecodedPacket();
  private final PacketMatchingEngine pme = new PacketMatchingEngine();
  private final FlowKey flowKey = new FlowKey();
  private final long[] key = new long[FlowKey.MAX_WORDS];
  private final long[] reversedKey = new long[FlowKey.MAX_WORDS];
  private CompiledRuleSet[] cachedRuleSets = new CompiledRuleSet[0];
  private StreamCache[] caches = new StreamCache[0];
  private volatile boolean streamCache = true;
  private long nextRecovery = Long.MIN_VALUE;
  private long packetsSinceRecovery;

  PacketProcessor(Meter meter, FlowTable table, MeterClock clock, MeterStatistics stats,
      InterfaceSampling sampling, OctetCounting octetCounting, FragmentTable fragments,
      ControlMailbox mailbox) {
    this.meter = meter;
    this.mailbox = mailbox;
    this.decoder = new PacketDecoder(fragments);
    this.table = table;
    this.clock = clock;
    this.stats = stats;
    this.sampling = sampling;
    this.octetCounting = octetCounting;
  }

  @Override
  public void packet(int interfaceNumber, int linkType, long timestampNanos, byte[] data,
      int offset, int capturedLength, int wireLength) {
    if (mailbox.pending()) {
      // Control actions that change the flow table run here, between two packets (one writer).
      mailbox.runPending();
    }
    stats.recordRead();
    long now = clock.packetTime(timestampNanos);
    packetsSinceRecovery++;
    if (now >= nextRecovery) {
      nextRecovery = now + RECOVERY_INTERVAL;
      long budget =
          Math.max(RECOVERY_MIN_BUDGET, packetsSinceRecovery * RECOVERY_SLOTS_PER_PACKET);
      packetsSinceRecovery = 0;
      table.recoverIdle(now, (int) Math.min(budget, Integer.MAX_VALUE));
    }
    if (!sampling.sample(interfaceNumber)) {
      stats.record(Disposition.NOT_SAMPLED);
      return;
    }
    DecodeResult result =
        decoder.decode(linkType, data, offset, capturedLength, wireLength, timestampNanos, packet);
    packet.interfaceNumber = interfaceNumber; // the decoder fills everything else
    if (packet.truncated) {
      stats.recordTruncated();
    }
    switch (result) {
      case IP:
        break;
      case NON_IP:
        stats.record(Disposition.NON_IP);
        return;
      case UNSUPPORTED_LINK_TYPE:
        stats.record(Disposition.UNSUPPORTED_LINK);
        return;
      default:
        stats.recordMalformed(decoder.lastMalformedReason());
        return;
    }
    long octets = octetCounting == OctetCounting.IP ? packet.ipLength : wireLength;
    CompiledRuleSet[] running = meter.running();
    if (running != cachedRuleSets) {
      newCaches(running);
    }
    boolean counted = false;
    boolean refused = false;
    boolean error = false;
    for (int i = 0; i < running.length; i++) {
      switch (process(running[i], caches[i], octets, now)) {
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

  /** The decoder's own figures: fragments and lengths it had to work around. */
  Map<String, Long> decoderFigures() {
    Map<String, Long> m = new LinkedHashMap<>();
    FragmentTable f = decoder.fragmentTable();
    m.put("fragments.table_size", (long) f.capacity());
    m.put("fragments.evicted_while_full", f.evictedWhileFull());
    m.put("fragments.later_without_first", f.laterWithoutFirst());
    m.put("decoder.ip_length_zero", decoder.zeroLengthPackets());
    m.put("decoder.ip_length_beyond_frame", decoder.lengthBeyondFrame());
    m.put("decoder.faults", decoder.decoderFaults());
    return m;
  }

  void setStreamCache(boolean on) {
    streamCache = on;
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
  private int process(CompiledRuleSet rules, StreamCache cache, long octets, long now) {
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
    meter.flowCreated();
    return COUNTED;
  }
}
