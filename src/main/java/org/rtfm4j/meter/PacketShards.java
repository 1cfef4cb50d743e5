package org.rtfm4j.meter;

import java.util.concurrent.locks.LockSupport;
import org.rtfm4j.packet.DecodedPacket;

/**
 * The packet-matching threads of a meter that runs several ({@code rtfm meter --threads N}): the
 * packet thread reads and decodes each packet, then hands it over a {@link ShardRing} to the
 * thread its {@link ShardKey} picks, which matches it against the rule sets and counts it in its
 * own part of the flow table. Every packet of a flow goes to the same thread, so each flow is
 * counted in one part by one writer, exactly as one thread would count it.
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
  private final ShardRing[] rings;
  private final Worker[] workers;
  private final Thread[] threads;
  private long nextTick = Long.MIN_VALUE;

  PacketShards(ShardKey key, PacketMatcher[] matchers, PacketProcessor processor) {
    this.key = key;
    int n = matchers.length;
    rings = new ShardRing[n];
    workers = new Worker[n];
    threads = new Thread[n];
    for (int i = 0; i < n; i++) {
      rings[i] = new ShardRing(RING_ENTRIES);
      workers[i] = new Worker(rings[i], matchers[i], processor);
      Thread t = new Thread(workers[i], "rtfm-match-" + (i + 1));
      t.setDaemon(true);
      rings[i].setConsumer(t);
      threads[i] = t;
      t.start();
    }
  }

  /** Packet thread: hands an IP packet to the thread of its shard. */
  void hand(DecodedPacket p, long octets, long now) {
    if (now >= nextTick) {
      nextTick = now + PacketMatcher.RECOVERY_INTERVAL;
      for (ShardRing r : rings) {
        r.tick(now);
      }
    }
    rings[key == null ? 0 : key.shard(p, rings.length)].put(p, octets, now);
    checkWorkers();
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
    private final ShardRing ring;
    private final PacketMatcher matcher;
    private final PacketProcessor processor;
    private final DecodedPacket packet = new DecodedPacket();
    private volatile Throwable failure;

    Worker(ShardRing ring, PacketMatcher matcher, PacketProcessor processor) {
      this.ring = ring;
      this.matcher = matcher;
      this.processor = processor;
    }

    @Override
    public void run() {
      long[] e = ring.entries();
      try {
        for (int at = ring.take(); at >= 0; at = ring.take()) {
          long octets = e[at + 8];
          long now = e[at + 9];
          matcher.advance(now);
          if (octets != ShardRing.TICK) {
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
