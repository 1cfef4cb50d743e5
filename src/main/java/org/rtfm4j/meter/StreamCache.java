package org.rtfm4j.meter;

import org.rtfm4j.packet.DecodedPacket;

/**
 * A per-stream cache in front of one rule set, as NeTraMet++ put in front of its rule sets: it
 * remembers, for the packet attributes the rule set reads, what RFC 2722 §4.3 decided last time
 * (not counted, or counted forward or reverse in which flow). The PME is a function of those
 * attributes, and a remembered flow is used only while its slot still holds the same flow (slot
 * generation), so a hit gives exactly the answer the full algorithm would give.
 *
 * <p>Direct-mapped: a new stream simply replaces whatever shared its line. Each line is eight
 * longs (64 bytes, one CPU cache line): the seven key words, then the outcome, flow slot and
 * generation packed into one word, so a lookup touches one cache line instead of four arrays
 * (the JFR profile of the benchmark had this lookup first, waiting on memory).
 */
final class StreamCache {
  static final int NOT_COUNTED = 1;
  static final int FORWARD = 2;
  static final int REVERSE = 3;

  private static final int WORDS = 7;
  /** Longs per line: the key words and the packed value word. */
  private static final int LINE = 8;
  private static final int LINE_SHIFT = 3;
  /**
   * Lines per cache (2 MiB: fewer misses in the CPU caches than 4 MiB, few more conflicts).
   * Measured on the benchmark capture (five-tuple, in-process, best 4 of 16 runs): 2^15 lines
   * 0.68-0.73 s, 2^16 0.71-0.79 s, 2^14 0.69-0.78 s.
   */
  private static final int ENTRIES = 1 << 15;
  private static final int MASK = ENTRIES - 1;
  /** Value word: generation in bits 0-31, slot in bits 32-61, outcome in bits 62-63. */
  private static final int OUTCOME_SHIFT = 62;
  private static final int SLOT_SHIFT = 32;
  private static final long SLOT_MASK = (1L << (OUTCOME_SHIFT - SLOT_SHIFT)) - 1;
  private static final long INT_MASK = 0xFFFF_FFFFL;

  private final long[] lines = new long[ENTRIES * LINE];

  private final boolean interfaces;
  private final boolean adjacentType;
  private final boolean macs;
  private final boolean peerType;
  private final boolean addresses;
  private final boolean protocol;
  private final boolean ports;

  private final long[] probe = new long[WORDS];
  private int line;

  /** A cache for a rule set that reads the attributes in {@code attributes} (bit per number). */
  StreamCache(long attributes) {
    interfaces = reads(attributes, 4, 14);
    adjacentType = reads(attributes, 5, 15);
    macs = reads(attributes, 6, 16);
    peerType = reads(attributes, 8, 18);
    addresses = reads(attributes, 9, 19);
    protocol = reads(attributes, 11, 21);
    ports = reads(attributes, 12, 22);
  }

  private static boolean reads(long attributes, int source, int dest) {
    return (attributes & ((1L << source) | (1L << dest))) != 0;
  }

  /**
   * Looks the packet up; returns its outcome ({@link #NOT_COUNTED}, {@link #FORWARD},
   * {@link #REVERSE}) or 0 on a miss. After a miss, {@link #store} fills the line looked at.
   */
  int lookup(DecodedPacket p) {
    long w0 = 0;
    if (interfaces) {
      w0 |= (long) (p.interfaceNumber & 0xFF) << 56;
    }
    if (adjacentType) {
      w0 |= (long) (p.adjacentType & 0xFF) << 48;
    }
    if (peerType || addresses) {
      // The same address bits mean different flows in IPv4 and IPv6 (their keys differ in
      // length), so a rule set that reads addresses is cached by address family too.
      w0 |= (long) (p.peerType & 0xFF) << 40;
    }
    if (protocol) {
      w0 |= (long) (p.protocol & 0xFF) << 32;
    }
    if (ports) {
      w0 |= ((long) (p.srcPort & 0xFFFF) << 16) | (p.dstPort & 0xFFFF);
    }
    long[] k = probe;
    k[0] = w0;
    k[1] = macs ? p.srcMac : 0;
    k[2] = macs ? p.dstMac : 0;
    k[3] = addresses ? p.srcAddrHi : 0;
    k[4] = addresses ? p.srcAddrLo : 0;
    k[5] = addresses ? p.dstAddrHi : 0;
    k[6] = addresses ? p.dstAddrLo : 0;
    long h = w0 * 0x9E37_79B9_7F4A_7C15L;
    h += (k[1] ^ k[2]) * 0xC2B2_AE3D_27D4_EB4FL;
    h += (k[3] ^ Long.rotateLeft(k[5], 17)) * 0x1656_67B1_9E37_79F9L;
    h += (k[4] ^ Long.rotateLeft(k[6], 29)) * 0x85EB_CA77_C2B2_AE63L;
    h ^= h >>> 29;
    int base = ((int) (h ^ (h >>> 32)) & MASK) << LINE_SHIFT;
    line = base;
    long[] l = lines;
    long value = l[base + WORDS];
    int outcome = (int) (value >>> OUTCOME_SHIFT);
    if (outcome == 0) {
      return 0;
    }
    for (int w = 0; w < WORDS; w++) {
      if (l[base + w] != k[w]) {
        return 0;
      }
    }
    return outcome;
  }

  /** The flow slot of the line just found. */
  int slot() {
    return (int) ((lines[line + WORDS] >>> SLOT_SHIFT) & SLOT_MASK);
  }

  /** The flow generation of the line just found. */
  int generation() {
    return (int) lines[line + WORDS];
  }

  /** Remembers the outcome for the packet just looked up. */
  void store(int outcome, int slot, int generation) {
    int base = line;
    if (slot > SLOT_MASK) {
      // A slot beyond the packed field (a table of over 2^30 flows) is simply not cached.
      lines[base + WORDS] = 0;
      return;
    }
    System.arraycopy(probe, 0, lines, base, WORDS);
    lines[base + WORDS] = ((long) outcome << OUTCOME_SHIFT)
        | ((slot & SLOT_MASK) << SLOT_SHIFT) | (generation & INT_MASK);
  }
}
