package org.rtfm4j.meter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import org.rtfm4j.packet.DecodedPacket;

/**
 * A single-producer single-consumer ring of packets from the packet thread to one
 * packet-matching thread. An entry is {@value #ENTRY} longs of one array (no object per packet)
 * and either a decoded packet (what the Packet Matching Engine and the stream cache read of it:
 * interface, adjacent, peer and transport types and addresses, its octets and meter time), a
 * packet still to decode (what the capture said of it, and its leading {@value #RAW_BYTES} bytes
 * in a byte array beside), or a tick (meter time only).
 *
 * <p>Positions only grow; each side publishes its own with a release store and reads the other's
 * with an acquire load only when it seems to have caught up. A consumer that finds the ring empty
 * parks at once, with a timeout that grows while nothing comes; the producer unparks it when a
 * batch of entries waits (a wake-up lost to a race, or a trickle of packets, costs at most the
 * timeout). A producer that finds the ring full spins a little, then waits in short sleeps: the
 * packet thread slows down, nothing is dropped.
 */
final class ShardRing {
  /** Longs per entry. */
  static final int ENTRY = 10;
  /** Entry octets value that marks a tick: meter time moved on, no packet. */
  static final long TICK = -1;
  /** Entry octets value that marks a packet still to decode: its leading bytes ride along. */
  static final long RAW = -2;
  /**
   * Bytes of a packet still to decode that an entry can carry: what decoding a packet of
   * {@link org.rtfm4j.packet.PeerPeek}'s shape reads at most (Ethernet, one VLAN tag, an IPv4
   * header with options, the ports) fits.
   */
  static final int RAW_BYTES = 96;
  /**
   * Longest captured length a raw entry may declare (libpcap's MAXIMUM_SNAPLEN, the readers'
   * limit): the decoder checks that the whole captured length lies in its array, so the bytes
   * array has this much room after its last entry, although decoding reads only the first
   * {@link #RAW_BYTES}.
   */
  static final int MAX_CAPTURED_LENGTH = 262_144;

  /**
   * Times the producer re-reads the consumer's position before it sleeps. The consumer does not
   * spin at all: polling the producer's position would pull its cache line away on every entry.
   */
  private static final int SPINS = 64;
  /**
   * The producer looks for a sleeping consumer once per this many entries (and whenever it has
   * to wait): a consumer is woken to a batch of work, not once per packet (an unpark is a system
   * call), and one that sleeps through a trickle of packets wakes by its own timeout.
   */
  private static final int WAKE_EVERY = 2048;
  /** A sleeping consumer looks again after this long at first, then twice as long each time. */
  private static final long PARK_MIN_NANOS = 200_000;
  private static final long PARK_MAX_NANOS = 50_000_000;
  /** The producer waits for room in shorter steps: it is the thread everything waits for. */
  private static final long PRODUCER_PARK_MIN_NANOS = 10_000;
  private static final long PRODUCER_PARK_MAX_NANOS = 1_000_000;
  private static final VarHandle LONG_ELEMENT =
      MethodHandles.arrayElementVarHandle(long[].class);

  // Indices in {@link #state}, 16 longs (128 bytes) apart so that what the producer writes and
  // what the consumer writes never share a cache line.
  /** Entries published to the consumer; written by the producer. */
  private static final int TAIL = 16;
  /** Entries the consumer has finished with; written by the consumer. */
  private static final int HEAD = 32;
  /** The producer's own position and its last reading of HEAD. */
  private static final int PRODUCER = 48;
  private static final int PRODUCER_CACHED_HEAD = 49;
  /** The consumer's own position and its last reading of TAIL. */
  private static final int CONSUMER = 64;
  private static final int CONSUMER_CACHED_TAIL = 65;
  /** 1 while the consumer parks. */
  private static final int PARKED = 80;
  private static final int STATE_LONGS = 96;

  private final long[] entries;
  /** The leading bytes of packets still to decode, {@link #RAW_BYTES} per entry. */
  private final byte[] raw;
  private final int mask;
  private final long[] state = new long[STATE_LONGS];
  private volatile Thread consumer;
  /** Set when the meter stops its matching threads: an empty ring then ends the consumer. */
  private volatile boolean closed;

  /** A ring of {@code capacity} entries (a power of two). */
  ShardRing(int capacity) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("ring capacity must be a power of two: " + capacity);
    }
    entries = new long[capacity * ENTRY];
    raw = new byte[capacity * RAW_BYTES + MAX_CAPTURED_LENGTH];
    mask = capacity - 1;
  }

  void setConsumer(Thread thread) {
    consumer = thread;
  }

  // ---------------------------------------------------------------- producer

  /** Hands over one decoded packet; waits while the ring is full. */
  void put(DecodedPacket p, long octets, long now) {
    int at = claim();
    long[] e = entries;
    e[at] = ((long) p.interfaceNumber << 32) | ((long) (p.adjacentType & 0xFFFF) << 16)
        | ((p.peerType & 0xFF) << 8) | (p.addressLength & 0xFF);
    e[at + 1] = ((long) (p.protocol & 0xFFFF) << 32) | ((long) (p.srcPort & 0xFFFF) << 16)
        | (p.dstPort & 0xFFFF);
    e[at + 2] = p.srcMac;
    e[at + 3] = p.dstMac;
    e[at + 4] = p.srcAddrHi;
    e[at + 5] = p.srcAddrLo;
    e[at + 6] = p.dstAddrHi;
    e[at + 7] = p.dstAddrLo;
    e[at + 8] = octets;
    e[at + 9] = now;
    publish();
  }

  /**
   * Hands over a packet still to decode: its first {@code bytes} bytes (at most {@link
   * #RAW_BYTES}, all that decoding it reads) and what the capture said of it.
   */
  void putRaw(int interfaceNumber, int linkType, long timestampNanos, byte[] data, int offset,
      int bytes, int capturedLength, int wireLength, long now) {
    int at = claim();
    long[] e = entries;
    e[at] = ((long) interfaceNumber << 32) | (linkType & 0xFFFF_FFFFL);
    e[at + 1] = ((long) capturedLength << 32) | (wireLength & 0xFFFF_FFFFL);
    e[at + 2] = timestampNanos;
    e[at + 8] = RAW;
    e[at + 9] = now;
    System.arraycopy(data, offset, raw, at / ENTRY * RAW_BYTES, bytes);
    publish();
  }

  /** Tells the consumer that meter time is {@code now}, with no packet. */
  void tick(long now) {
    int at = claim();
    entries[at + 8] = TICK;
    entries[at + 9] = now;
    publish();
  }

  /** True when the consumer has finished with everything handed over (acquire). */
  boolean drained() {
    return (long) LONG_ELEMENT.getAcquire(state, HEAD) == state[PRODUCER];
  }

  /** Wakes the consumer if it sleeps (once per sleep). */
  void wake() {
    if ((long) LONG_ELEMENT.getOpaque(state, PARKED) != 0
        && LONG_ELEMENT.compareAndSet(state, PARKED, 1L, 0L)) {
      LockSupport.unpark(consumer);
    }
  }

  private int claim() {
    long[] s = state;
    long position = s[PRODUCER];
    if (position - s[PRODUCER_CACHED_HEAD] > mask) {
      long head = (long) LONG_ELEMENT.getAcquire(s, HEAD);
      long parkNanos = PRODUCER_PARK_MIN_NANOS;
      for (int spins = 0; position - head > mask; spins++) {
        wake();
        if (spins < SPINS) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(parkNanos);
          parkNanos = Math.min(parkNanos * 2, PRODUCER_PARK_MAX_NANOS);
        }
        head = (long) LONG_ELEMENT.getAcquire(s, HEAD);
      }
      s[PRODUCER_CACHED_HEAD] = head;
    }
    return (int) (position & mask) * ENTRY;
  }

  private void publish() {
    long[] s = state;
    long position = s[PRODUCER] + 1;
    s[PRODUCER] = position;
    LONG_ELEMENT.setRelease(s, TAIL, position);
    if ((position & (WAKE_EVERY - 1)) == 0) {
      wake();
    }
  }

  // ---------------------------------------------------------------- consumer

  /** No more entries will come: the consumer ends once it has taken the last one. */
  void close() {
    closed = true;
    LockSupport.unpark(consumer);
  }

  /**
   * Waits for the next entry and returns its index in {@link #entries()}, or -1 when the ring is
   * empty and closed; call {@link #done()} when finished with an entry.
   */
  int take() {
    long[] s = state;
    long position = s[CONSUMER];
    if (position == s[CONSUMER_CACHED_TAIL]) {
      long tail = (long) LONG_ELEMENT.getAcquire(s, TAIL);
      long parkNanos = PARK_MIN_NANOS;
      while (position == tail) {
        if (closed && position == (long) LONG_ELEMENT.getVolatile(s, TAIL)) {
          return -1;
        }
        LONG_ELEMENT.setVolatile(s, PARKED, 1L);
        if ((long) LONG_ELEMENT.getVolatile(s, TAIL) == position) {
          LockSupport.parkNanos(parkNanos);
          parkNanos = Math.min(parkNanos * 2, PARK_MAX_NANOS);
        }
        LONG_ELEMENT.setVolatile(s, PARKED, 0L);
        tail = (long) LONG_ELEMENT.getAcquire(s, TAIL);
      }
      s[CONSUMER_CACHED_TAIL] = tail;
    }
    return (int) (position & mask) * ENTRY;
  }

  /** The consumer has finished with the entry {@link #take()} returned. */
  void done() {
    long[] s = state;
    long position = s[CONSUMER] + 1;
    s[CONSUMER] = position;
    LONG_ELEMENT.setRelease(s, HEAD, position);
  }

  long[] entries() {
    return entries;
  }

  /** The bytes of raw entries; entry {@code at} (an index into {@link #entries()}) has its own. */
  byte[] raw() {
    return raw;
  }

  /** Where the bytes of the raw entry at {@code at} start in {@link #raw()}. */
  static int rawOffset(int at) {
    return at / ENTRY * RAW_BYTES;
  }

  /** Copies entry {@code at} into {@code p} (the fields the matcher reads). */
  static void read(long[] e, int at, DecodedPacket p) {
    long w0 = e[at];
    long w1 = e[at + 1];
    p.interfaceNumber = (int) (w0 >>> 32);
    p.adjacentType = (int) (w0 >>> 16) & 0xFFFF;
    p.peerType = (int) (w0 >>> 8) & 0xFF;
    p.addressLength = (int) w0 & 0xFF;
    p.protocol = (int) (w1 >>> 32) & 0xFFFF;
    p.srcPort = (int) (w1 >>> 16) & 0xFFFF;
    p.dstPort = (int) w1 & 0xFFFF;
    p.srcMac = e[at + 2];
    p.dstMac = e[at + 3];
    p.srcAddrHi = e[at + 4];
    p.srcAddrLo = e[at + 5];
    p.dstAddrHi = e[at + 6];
    p.dstAddrLo = e[at + 7];
  }
}
