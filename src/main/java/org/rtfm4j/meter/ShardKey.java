package org.rtfm4j.meter;

import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.rules.ShardAnalysis;

/**
 * How packets are spread over packet-matching threads: by a direction-independent hash of the
 * packet's two peer addresses, each masked first, so that every packet of a flow reaches the same
 * thread (and hence the same part of the flow table) whichever way it travels. The masks are no
 * finer than any flow key of the meter's rule sets keeps of the addresses (see {@link
 * org.rtfm4j.rules.ShardAnalysis}): two packets of one flow always agree on the masked addresses.
 *
 * @param ipv4 mask of an IPv4 address (its 32 bits are the high half of the word)
 * @param ipv6Hi mask of an IPv6 address's first 64 bits
 * @param ipv6Lo mask of an IPv6 address's last 64 bits
 */
public record ShardKey(long ipv4, long ipv6Hi, long ipv6Lo) {
  /** Whole addresses: the key of rule sets that keep both peer addresses unmasked. */
  public static final ShardKey WHOLE_ADDRESSES = new ShardKey(-1L << 32, -1L, -1L);

  /**
   * Each matching thread gets this many times the packet thread's share of packets: measured on
   * the benchmark capture, reading and copying a packet costs about as much as decoding and
   * matching it, so the packet thread keeps less to match.
   */
  private static final int PACKET_THREAD_SHARE = 4;
  private static final long MIX_A = 0x9E37_79B9_7F4A_7C15L;
  private static final long MIX_B = 0xC2B2_AE3D_27D4_EB4FL;

  /**
   * The key of a rule set: the address bits every one of its flows is keyed on, or null when
   * some of its flows are keyed on no peer address from the packet.
   */
  public static ShardKey of(RuleSet rules) {
    long[] m = ShardAnalysis.addressMasks(rules);
    return m == null ? null : new ShardKey(m[0], m[1], m[2]);
  }

  /** The coarser of two keys: masks both may use. */
  public ShardKey and(ShardKey other) {
    return new ShardKey(ipv4 & other.ipv4, ipv6Hi & other.ipv6Hi, ipv6Lo & other.ipv6Lo);
  }

  /** True when this key uses no address bit that {@code finer} does not use too. */
  public boolean coarserOrEqual(ShardKey finer) {
    return (ipv4 & ~finer.ipv4) == 0 && (ipv6Hi & ~finer.ipv6Hi) == 0
        && (ipv6Lo & ~finer.ipv6Lo) == 0;
  }

  /** E.g. "/24 (IPv4), /64 (IPv6)"; masks that are not prefixes in hexadecimal. */
  @Override
  public String toString() {
    return text(ipv4, 0) + " (IPv4), " + text(ipv6Hi, ipv6Lo) + " (IPv6)";
  }

  private static String text(long hi, long lo) {
    int bits = Long.bitCount(hi) + Long.bitCount(lo);
    boolean prefix = bits <= Long.SIZE
        ? lo == 0 && (bits == 0 || hi == -1L << (Long.SIZE - bits))
        : hi == -1L && lo == -1L << (2 * Long.SIZE - bits);
    return prefix ? "/" + bits : String.format("mask %016x%016x", hi, lo);
  }

  /**
   * The part of the flow table (0 .. {@code parts - 1}) that an IP packet is matched into. Part
   * 0 belongs to the packet thread, which also reads every packet, so it gets a smaller share of
   * the hash: one bucket in {@code 4 (parts - 1) + 1}, the others spread evenly over parts 1 ..
   * parts - 1 (with two parts, a fifth against four fifths).
   */
  int part(DecodedPacket p, int parts) {
    long h;
    if (p.peerType == DecodedPacket.PEER_IPV4) {
      h = mix(p.srcAddrHi & ipv4, 0) + mix(p.dstAddrHi & ipv4, 0);
    } else {
      h = mix(p.srcAddrHi & ipv6Hi, p.srcAddrLo & ipv6Lo)
          + mix(p.dstAddrHi & ipv6Hi, p.dstAddrLo & ipv6Lo);
    }
    // The sum of the two ends' hashes does not depend on which end is the source.
    int others = parts - 1;
    int bucket = (int) (((h * MIX_B) >>> 33) % (PACKET_THREAD_SHARE * others + 1));
    return bucket == 0 ? 0 : 1 + (bucket - 1) % others;
  }

  private static long mix(long hi, long lo) {
    long h = hi * MIX_A + lo * MIX_B;
    return h ^ (h >>> 31);
  }
}
