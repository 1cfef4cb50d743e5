package org.rtfm4j.packet;

/**
 * Remembers the ports of first fragments so that later fragments, which carry no transport header
 * (RFC 791 §2.3, RFC 8200 §4.5), are counted in the flow of their first fragment.
 *
 * <p>Keyed like reassembly is (RFC 791 §3.2: source, destination, protocol, identification; RFC
 * 8200 §4.5: source, destination, identification), plus the IP version. Only the first fragment
 * (offset 0) creates an entry; a later fragment that arrives first finds nothing, keeps ports 0
 * and is counted in {@link #laterWithoutFirst()}.
 *
 * <p>Bounded and allocation-free: parallel primitive arrays, open addressing with a probe window
 * of {@value #PROBE_WINDOW} slots. Inserting reuses, in this order, a slot with the same key, an
 * empty slot, an expired or completed entry, and only then the least recently used live entry
 * (counted in {@link #evictedWhileFull()}). An entry is complete when the fragments seen add up
 * to the length the last fragment announces; it stays findable (a duplicate fragment still gets
 * its ports) until its slot is needed. Entries expire {@code timeoutNanos} of packet time after
 * their last fragment; the default 30 s is Linux's {@code ipfrag_time}, between RFC 791's 15 s
 * initial reassembly timer and RFC 8200's 60 s: fragments of one datagram arrive within
 * milliseconds, and a shorter life keeps a reused 16-bit IPv4 identification from matching a
 * stale entry.
 */
public final class FragmentTable {
  /** Default number of entries. */
  public static final int DEFAULT_CAPACITY = 65_536;
  /** Default life of an entry after its last fragment, in nanoseconds of packet time. */
  public static final long DEFAULT_TIMEOUT_NANOS = 30_000_000_000L;
  /** Slots examined per lookup or insert. */
  public static final int PROBE_WINDOW = 8;
  /** What {@link #lookupLater} returns when no first fragment is known. */
  public static final long NOT_FOUND = -1L;

  private static final byte EMPTY = 0;
  private static final byte LIVE = 1;
  private static final byte COMPLETE = 2;
  private static final int MAX_CAPACITY = 1 << 30;

  private final int mask;
  private final int window;
  private final long timeoutNanos;
  private final long[] srcHi;
  private final long[] srcLo;
  private final long[] dstHi;
  private final long[] dstLo;
  /** Identification (up to 32 bits) << 16 | key protocol << 8 | IP version. */
  private final long[] idKey;
  private final long[] lastSeen;
  /** Upper-layer protocol << 32 | source port << 16 | destination port. */
  private final long[] value;
  /** Fragment payload bytes seen so far. */
  private final int[] seen;
  /** Datagram payload length once the last fragment (MF = 0) is seen, else -1. */
  private final int[] total;
  private final byte[] state;

  private long evictedWhileFull;
  private long laterWithoutFirst;

  /** A table of {@link #DEFAULT_CAPACITY} entries expiring after 30 s. */
  public FragmentTable() {
    this(DEFAULT_CAPACITY, DEFAULT_TIMEOUT_NANOS);
  }

  /**
   * A table with room for {@code capacity} entries (rounded up to a power of two), each living
   * {@code timeoutNanos} of packet time after its last fragment.
   */
  public FragmentTable(int capacity, long timeoutNanos) {
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("capacity must be 1.." + MAX_CAPACITY + ": " + capacity);
    }
    if (timeoutNanos <= 0) {
      throw new IllegalArgumentException("timeout must be positive: " + timeoutNanos);
    }
    int size = Integer.highestOneBit(capacity);
    if (size < capacity) {
      size <<= 1;
    }
    this.mask = size - 1;
    this.window = Math.min(PROBE_WINDOW, size);
    this.timeoutNanos = timeoutNanos;
    srcHi = new long[size];
    srcLo = new long[size];
    dstHi = new long[size];
    dstLo = new long[size];
    idKey = new long[size];
    lastSeen = new long[size];
    value = new long[size];
    seen = new int[size];
    total = new int[size];
    state = new byte[size];
  }

  /**
   * Records a first fragment (offset 0, MF set).
   *
   * @param keyProtocol the protocol field every fragment carries (IPv4 protocol, or the Next
   *     Header of the IPv6 Fragment header)
   * @param protocol the upper-layer protocol found after any further extension headers
   * @param payloadBytes the fragment's payload bytes after the IP header (and, for IPv6, after
   *     the Fragment header)
   */
  public void recordFirst(int ipVersion, long sHi, long sLo, long dHi, long dLo, int keyProtocol,
      long id, int protocol, int srcPort, int dstPort, int payloadBytes, long nowNanos) {
    long k = packKey(ipVersion, keyProtocol, id);
    int start = hash(sHi, sLo, dHi, dLo, k) & mask;
    int free = -1;
    int reclaimable = -1;
    int oldestLive = -1;
    for (int i = 0; i < window; i++) {
      int s = (start + i) & mask;
      byte st = state[s];
      if (st == EMPTY) {
        if (free < 0) {
          free = s;
        }
      } else if (matches(s, sHi, sLo, dHi, dLo, k)) {
        // Same key again: a duplicate first fragment or a reused identification; start afresh.
        store(s, sHi, sLo, dHi, dLo, k, protocol, srcPort, dstPort, payloadBytes, nowNanos);
        return;
      } else if (st == COMPLETE || expired(s, nowNanos)) {
        if (reclaimable < 0 || lastSeen[s] < lastSeen[reclaimable]) {
          reclaimable = s;
        }
      } else if (oldestLive < 0 || lastSeen[s] < lastSeen[oldestLive]) {
        oldestLive = s;
      }
    }
    int slot;
    if (free >= 0) {
      slot = free;
    } else if (reclaimable >= 0) {
      slot = reclaimable;
    } else {
      slot = oldestLive;
      evictedWhileFull++;
    }
    store(slot, sHi, sLo, dHi, dLo, k, protocol, srcPort, dstPort, payloadBytes, nowNanos);
  }

  /**
   * Looks up the first fragment of a later fragment (offset != 0) and notes its bytes.
   *
   * @param offsetBytes the fragment offset in bytes
   * @param payloadBytes the fragment's payload bytes
   * @param more the fragment's MF (IPv4) or M (IPv6) flag
   * @return {@code protocol << 32 | srcPort << 16 | dstPort} of the first fragment, or {@link
   *     #NOT_FOUND}
   */
  public long lookupLater(int ipVersion, long sHi, long sLo, long dHi, long dLo, int keyProtocol,
      long id, int offsetBytes, int payloadBytes, boolean more, long nowNanos) {
    long k = packKey(ipVersion, keyProtocol, id);
    int start = hash(sHi, sLo, dHi, dLo, k) & mask;
    for (int i = 0; i < window; i++) {
      int s = (start + i) & mask;
      if (state[s] == EMPTY || !matches(s, sHi, sLo, dHi, dLo, k)) {
        continue;
      }
      if (expired(s, nowNanos)) {
        state[s] = EMPTY;
        break;
      }
      lastSeen[s] = nowNanos;
      seen[s] += Math.max(payloadBytes, 0);
      if (!more) {
        total[s] = offsetBytes + Math.max(payloadBytes, 0);
      }
      if (total[s] >= 0 && seen[s] >= total[s]) {
        state[s] = COMPLETE;
      }
      return value[s];
    }
    laterWithoutFirst++;
    return NOT_FOUND;
  }

  /** Live entries overwritten because every slot of their probe window was in use. */
  public long evictedWhileFull() {
    return evictedWhileFull;
  }

  /** Later fragments for which no (unexpired) first fragment had been seen: their ports stay 0. */
  public long laterWithoutFirst() {
    return laterWithoutFirst;
  }

  /** Number of slots (the configured capacity rounded up to a power of two). */
  public int capacity() {
    return mask + 1;
  }

  /** Life of an entry after its last fragment, in nanoseconds of packet time. */
  public long timeoutNanos() {
    return timeoutNanos;
  }

  /** Slots holding an entry (live, complete or expired but not yet reused). */
  public int occupiedSlots() {
    int n = 0;
    for (byte b : state) {
      if (b != EMPTY) {
        n++;
      }
    }
    return n;
  }

  private void store(int s, long sHi, long sLo, long dHi, long dLo, long k, int protocol,
      int srcPort, int dstPort, int payloadBytes, long nowNanos) {
    srcHi[s] = sHi;
    srcLo[s] = sLo;
    dstHi[s] = dHi;
    dstLo[s] = dLo;
    idKey[s] = k;
    lastSeen[s] = nowNanos;
    value[s] = ((long) (protocol & 0xFF) << 32) | ((long) (srcPort & 0xFFFF) << 16)
        | (dstPort & 0xFFFF);
    seen[s] = Math.max(payloadBytes, 0);
    total[s] = -1;
    state[s] = LIVE;
  }

  private boolean matches(int s, long sHi, long sLo, long dHi, long dLo, long k) {
    return idKey[s] == k && srcHi[s] == sHi && dstHi[s] == dHi && srcLo[s] == sLo
        && dstLo[s] == dLo;
  }

  private boolean expired(int s, long nowNanos) {
    // Packet time may step backwards (merged or reordered captures): then nothing expires.
    return nowNanos - lastSeen[s] > timeoutNanos;
  }

  private static long packKey(int ipVersion, int keyProtocol, long id) {
    return ((id & 0xFFFF_FFFFL) << 16) | ((keyProtocol & 0xFF) << 8) | (ipVersion & 0xFF);
  }

  /** Murmur3's 64-bit finalizer over a multiply-xor combination of the key words. */
  private static int hash(long sHi, long sLo, long dHi, long dLo, long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    h ^= sHi + 0x632BE59BD9B4E019L * (sLo ^ (sLo >>> 29));
    h = Long.rotateLeft(h, 27) * 0xC2B2AE3D27D4EB4FL;
    h ^= dHi + 0x165667B19E3779F9L * (dLo ^ (dLo >>> 31));
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
