package org.rtfm4j.meter;

import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;
import org.rtfm4j.packet.DecodeResult;
import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.packet.FragmentTable;
import org.rtfm4j.packet.PacketDecoder;
import org.rtfm4j.packet.PeerPeek;

/**
 * The packet-matching threads of a meter that runs several ({@code rtfm meter --threads N}): the
 * packet thread reads each packet and picks, by {@link ShardKey}, the part of the flow table it
 * is matched into. Part 0 is the packet thread's own; a packet of another part goes over a
 * {@link ShardRing} to that part's thread, which decodes it (or takes it decoded, when the
 * packet thread had to decode it to find its part: fragments, tunnels, other links), matches it
 * against the rule sets and counts it. Every packet of a flow goes to the same part, so each flow
 * is counted in one part by one writer, exactly as one thread would count it.
 *
 * <p>Meter time goes with every packet, and each second of it the packet thread also sends every
 * thread a tick, so that a thread whose packets stop still recovers its idle flows (RFC 2722
 * §4.5). Control actions that change the flow table wait until every thread has matched all it
 * was given ({@link #quiesce}); they then run on the packet thread while the others wait for
 * their next packet.
 */
final class PacketShards {
  /** Entries per ring: a few milliseconds of packets, so threads may be scheduled unevenly. */
  private static final int RING_ENTRIES = 1 << 13;

  private final ShardKey key;
  /** Parts of the flow table: the packet thread's (0) and one per matching thread. */
  private final int parts;
  private final ShardRing[] rings;
  private final Worker[] workers;
  private final Thread[] threads;
  private long nextTick = Long.MIN_VALUE;

  /**
   * Threads for {@code matchers[1..]}; {@code matchers[0]} stays with the packet thread (the
   * caller), which matches the packets of part 0 itself.
   */
  PacketShards(ShardKey key, PacketMatcher[] matchers, PacketProcessor processor,
      OctetCounting octetCounting) {
    this.key = key;
    this.parts = matchers.length;
    int n = parts - 1;
    rings = new ShardRing[n];
    workers = new Worker[n];
    threads = new Thread[n];
    for (int i = 0; i < n; i++) {
      rings[i] = new ShardRing(RING_ENTRIES);
      workers[i] = new Worker(rings[i], matchers[i + 1], processor, octetCounting);
      Thread t = new Thread(workers[i], "rtfm-match-" + (i + 1));
      t.setDaemon(true);
      rings[i].setConsumer(t);
      threads[i] = t;
      t.start();
    }
  }

  /**
   * The part an IP packet is matched into (0: the packet thread's own). When the rule sets
   * cannot be spread, every packet goes to part 1: one thread matches while the packet thread
   * reads, which is still exact.
   */
  int partOf(DecodedPacket p) {
    return key == null ? 1 : key.part(p, parts);
  }

  /** Packet thread: hands a decoded IP packet to the thread of part {@code part} (not 0). */
  void hand(int part, DecodedPacket p, long octets, long now) {
    tick(now);
    rings[part - 1].put(p, octets, now);
    checkWorkers();
  }

  /**
   * Packet thread: hands a packet still to decode, of {@link PeerPeek}'s shape, to the thread
   * of part {@code part} (not 0); {@code bytes} leading bytes of it are all that decoding reads.
   */
  void handRaw(int part, int interfaceNumber, int linkType, long timestampNanos, byte[] data,
      int offset, int bytes, int capturedLength, int wireLength, long now) {
    tick(now);
    rings[part - 1].putRaw(interfaceNumber, linkType, timestampNanos, data, offset, bytes,
        capturedLength, wireLength, now);
    checkWorkers();
  }

  private void tick(long now) {
    if (now >= nextTick) {
      nextTick = now + PacketMatcher.RECOVERY_INTERVAL;
      for (ShardRing r : rings) {
        r.tick(now);
      }
    }
  }

  /** A figure of the matching threads' decoders (packets they decoded), summed. */
  long decoders(ToLongFunction<PacketDecoder> figure) {
    long n = 0;
    for (Worker w : workers) {
      n += figure.applyAsLong(w.decoder);
    }
    return n;
  }

  /** Packet thread: waits until every thread has matched every packet handed to it. */
  void quiesce() {
    for (ShardRing r : rings) {
      long parkNanos = 1_000;
      while (!r.drained()) {
        checkWorkers();
        r.wake();
        LockSupport.parkNanos(parkNanos);
        parkNanos = Math.min(parkNanos * 2, 1_000_000);
      }
    }
    checkWorkers();
  }

  /** Ends the matching threads once they have matched what they were given; waits for them. */
  void stop() throws InterruptedException {
    for (ShardRing r : rings) {
      r.close();
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  private void checkWorkers() {
    for (Worker w : workers) {
      if (w.failure != null) {
        throw new IllegalStateException("packet-matching thread failed", w.failure);
      }
    }
  }

  /** One packet-matching thread: takes entries from its ring until it is closed. */
  private static final class Worker implements Runnable {
    /**
     * Entries of the fragment table of a matching thread's decoder: it never sees a fragment
     * (fragments are decoded on the packet thread, which keeps their first fragment's ports).
     */
    private static final int NO_FRAGMENTS = 8;

    private final ShardRing ring;
    private final PacketMatcher matcher;
    private final PacketProcessor processor;
    private final OctetCounting octetCounting;
    private final PacketDecoder decoder = new PacketDecoder(
        new FragmentTable(NO_FRAGMENTS, FragmentTable.DEFAULT_TIMEOUT_NANOS));
    private final DecodedPacket packet = new DecodedPacket();
    private volatile Throwable failure;

    Worker(ShardRing ring, PacketMatcher matcher, PacketProcessor processor,
        OctetCounting octetCounting) {
      this.ring = ring;
      this.matcher = matcher;
      this.processor = processor;
      this.octetCounting = octetCounting;
    }

    /** Decodes a raw entry as the packet thread would have, then matches it if it is IP. */
    private void decodeAndMatch(long[] e, int at, long now) {
      int linkType = (int) e[at];
      int captured = (int) (e[at + 1] >>> 32);
      int wire = (int) e[at + 1];
      DecodeResult result = decoder.decode(linkType, ring.raw(), ShardRing.rawOffset(at),
          captured, wire, e[at + 2], packet);
      packet.interfaceNumber = (int) (e[at] >>> 32);
      if (matcher.statistics().recordDecoded(result, packet, decoder.lastMalformedReason())) {
        matcher.match(packet, octetCounting.octets(packet, wire), now, processor.streamCache());
      }
    }

    @Override
    public void run() {
      long[] e = ring.entries();
      try {
        for (int at = ring.take(); at >= 0; at = ring.take()) {
          long octets = e[at + 8];
          long now = e[at + 9];
          matcher.advance(now);
          if (octets == ShardRing.RAW) {
            decodeAndMatch(e, at, now);
          } else if (octets != ShardRing.TICK) {
            ShardRing.read(e, at, packet);
            matcher.match(packet, octets, now, processor.streamCache());
          }
          ring.done();
        }
      } catch (Throwable t) {
        // The packet thread reports it on its next packet. Until it does, the ring is emptied
        // unread so that the packet thread never waits for a thread that has stopped matching.
        failure = t;
        while (ring.take() >= 0) {
          ring.done();
        }
      }
    }
  }
}
