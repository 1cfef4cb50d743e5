package org.rtfm4j.meter;

import org.rtfm4j.packet.DecodedPacket;

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

  private static final long MIX_A = 0x9E37_79B9_7F4A_7C15L;
  private static final long MIX_B = 0xC2B2_AE3D_27D4_EB4FL;

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

  /** The thread (0 .. {@code threads - 1}) for an IP packet. */
  int shard(DecodedPacket p, int threads) {
    long h;
    if (p.peerType == DecodedPacket.PEER_IPV4) {
      h = mix(p.srcAddrHi & ipv4, 0) + mix(p.dstAddrHi & ipv4, 0);
    } else {
      h = mix(p.srcAddrHi & ipv6Hi, p.srcAddrLo & ipv6Lo)
          + mix(p.dstAddrHi & ipv6Hi, p.dstAddrLo & ipv6Lo);
    }
    // The sum of the two ends' hashes does not depend on which end is the source.
    return (int) (((h * MIX_B) >>> 33) % threads);
  }

  private static long mix(long hi, long lo) {
    long h = hi * MIX_A + lo * MIX_B;
    return h ^ (h >>> 31);
  }
}
