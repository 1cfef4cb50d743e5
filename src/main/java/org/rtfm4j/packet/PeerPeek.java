package org.rtfm4j.packet;

import static org.rtfm4j.packet.Bytes.i32;
import static org.rtfm4j.packet.Bytes.i64;
import static org.rtfm4j.packet.Bytes.u16;
import static org.rtfm4j.packet.Bytes.u8;

/**
 * A glance at the common packet: Ethernet, at most one VLAN tag, then IPv4 or IPv6 that is not a
 * fragment and has no IPv6 extension header. For such a packet it reads the peer addresses where
 * {@link PacketDecoder} reads them, and says how many leading bytes decoding the packet reads at
 * most (link and IP headers and the four port bytes), so that a meter can decide which thread
 * matches the packet, and hand that thread only those bytes to decode, without decoding it
 * twice. Anything else (other links, tags, tunnels, fragments, extension headers) gets 0: decode
 * it whole.
 */
public final class PeerPeek {
  private static final int ETHERNET_HEADER = 14;
  private static final int ETHER_TYPE = 12;
  private static final int VLAN_TAG = 4;
  private static final int IPV4_MIN_HEADER = 20;
  private static final int IPV4_FLAGS_FRAGMENT = 6;
  /** The MF bit and the 13-bit fragment offset (RFC 791 §3.1). */
  private static final int IPV4_FRAGMENT_BITS = 0x3FFF;
  private static final int IPV4_SRC = 12;
  private static final int IPV4_DST = 16;
  private static final int IPV6_HEADER = 40;
  private static final int IPV6_NEXT_HEADER = 6;
  private static final int IPV6_SRC = 8;
  private static final int IPV6_DST = 24;
  private static final int PORTS = 4;
  private static final int VERSION_SHIFT = 4;
  private static final int IHL_MASK = 0x0F;

  private PeerPeek() {}

  /**
   * Fills {@code out.peerType} and the four address words as decoding would, for a packet of
   * the common shape; returns how many bytes from {@code offset} decoding it reads at most (never
   * more than {@code captured}), or 0 for any other packet ({@code out} then unchanged).
   */
  public static int peek(int linkType, byte[] d, int offset, int captured, DecodedPacket out) {
    if (linkType != LinkType.ETHERNET || captured < ETHERNET_HEADER) {
      return 0;
    }
    int l3 = ETHERNET_HEADER;
    int type = u16(d, offset + ETHER_TYPE);
    if (type == EtherType.VLAN || type == EtherType.QINQ_8021AD) {
      if (captured < ETHERNET_HEADER + VLAN_TAG) {
        return 0;
      }
      type = u16(d, offset + ETHER_TYPE + VLAN_TAG);
      l3 += VLAN_TAG;
    }
    int ip = offset + l3;
    if (type == EtherType.IPV4) {
      if (captured < l3 + IPV4_MIN_HEADER || (u8(d, ip) >>> VERSION_SHIFT) != 4) {
        return 0;
      }
      int hlen = (u8(d, ip) & IHL_MASK) << 2;
      if (hlen < IPV4_MIN_HEADER || (u16(d, ip + IPV4_FLAGS_FRAGMENT) & IPV4_FRAGMENT_BITS) != 0) {
        return 0;
      }
      out.peerType = DecodedPacket.PEER_IPV4;
      out.srcAddrHi = (long) i32(d, ip + IPV4_SRC) << 32;
      out.srcAddrLo = 0;
      out.dstAddrHi = (long) i32(d, ip + IPV4_DST) << 32;
      out.dstAddrLo = 0;
      return Math.min(captured, l3 + hlen + PORTS);
    }
    if (type == EtherType.IPV6) {
      if (captured < l3 + IPV6_HEADER || (u8(d, ip) >>> VERSION_SHIFT) != 6
          || isExtensionHeader(u8(d, ip + IPV6_NEXT_HEADER))) {
        return 0;
      }
      out.peerType = DecodedPacket.PEER_IPV6;
      out.srcAddrHi = i64(d, ip + IPV6_SRC);
      out.srcAddrLo = i64(d, ip + IPV6_SRC + 8);
      out.dstAddrHi = i64(d, ip + IPV6_DST);
      out.dstAddrLo = i64(d, ip + IPV6_DST + 8);
      return Math.min(captured, l3 + IPV6_HEADER + PORTS);
    }
    return 0;
  }

  /** The IPv6 headers the decoder walks past (or stops at) before the transport header. */
  private static boolean isExtensionHeader(int next) {
    switch (next) {
      case IpProtocol.HOPOPT:
      case IpProtocol.IPV6_ROUTE:
      case IpProtocol.IPV6_FRAG:
      case IpProtocol.IPV6_OPTS:
      case IpProtocol.AH:
      case IpProtocol.MOBILITY:
      case IpProtocol.HIP:
      case IpProtocol.SHIM6:
        return true;
      default:
        return false;
    }
  }
}
