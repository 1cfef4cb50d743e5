package org.rtfm4j.behaviour;

import java.nio.ByteBuffer;

/**
 * Ethernet II frames for {@link Pkt}s, written field by field: IPv4 (RFC 791, header checksum
 * filled in) or IPv6 (RFC 8200) with a TCP, UDP, SCTP (RFC 9260 common header), ICMP or ICMPv6
 * echo header, IPv4 later fragments, and ARP requests. Adds to testutil.Frames, which builds
 * IPv4 TCP/UDP only.
 */
final class EthernetFrames {
  /** LINKTYPE_ETHERNET. */
  static final int LINKTYPE_ETHERNET = 1;
  static final long SRC_MAC = 0x0066_7788_99AAL;
  static final long DST_MAC = 0x0011_2233_4455L;

  private static final int ETHERNET_HEADER = 14;
  private static final int MAC_LENGTH = 6;
  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_IPV6 = 0x86DD;
  private static final int ETHERTYPE_ARP = 0x0806;
  private static final int ARP_LENGTH = 28;
  private static final int IPV4_VERSION_IHL = 0x45;
  private static final int IPV6_VERSION = 0x6000_0000;
  private static final int TTL = 64;
  private static final int IPV4_CHECKSUM_OFFSET = 10;
  /** A fragment offset of 1480 bytes (185 units of 8), More Fragments clear: a last fragment. */
  private static final int LATER_FRAGMENT_OFFSET = 185;
  private static final int TCP_DATA_OFFSET_5_WORDS = 0x50;
  private static final int TCP_ACK = 0x10;
  private static final int TCP_WINDOW = 1024;
  private static final int ICMP_ECHO_REQUEST = 8;
  private static final int ICMPV6_ECHO_REQUEST = 128;
  private static final int SCTP_VERIFICATION_TAG = 0x0102_0304;

  private EthernetFrames() {}

  /** The frame for {@code p}. */
  static byte[] of(Pkt p) {
    if (!p.isIp()) {
      return arp();
    }
    int ipLength = p.ipLength();
    ByteBuffer b = ByteBuffer.allocate(ETHERNET_HEADER + ipLength);
    ethernet(b, p.isIpv6() ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4);
    if (p.isIpv6()) {
      b.putInt(IPV6_VERSION).putShort((short) (ipLength - Pkt.IPV6_HEADER))
          .put((byte) p.protocol).put((byte) TTL).put(p.src).put(p.dst);
    } else {
      int ip = b.position();
      b.put((byte) IPV4_VERSION_IHL).put((byte) 0).putShort((short) ipLength);
      b.putShort((short) 1).putShort((short) (p.laterFragment ? LATER_FRAGMENT_OFFSET : 0));
      b.put((byte) TTL).put((byte) p.protocol).putShort((short) 0).put(p.src).put(p.dst);
      b.putShort(ip + IPV4_CHECKSUM_OFFSET, (short) checksum(b.array(), ip, Pkt.IPV4_HEADER));
    }
    if (!p.laterFragment) {
      transport(b, p);
    }
    return b.array(); // the payload is the zero bytes left at the end
  }

  private static void ethernet(ByteBuffer b, int etherType) {
    putMac(b, DST_MAC);
    putMac(b, SRC_MAC);
    b.putShort((short) etherType);
  }

  private static void putMac(ByteBuffer b, long mac) {
    for (int i = MAC_LENGTH - 1; i >= 0; i--) {
      b.put((byte) (mac >>> (8 * i)));
    }
  }

  private static void transport(ByteBuffer b, Pkt p) {
    switch (p.protocol) {
      case Pkt.TCP:
        b.putShort((short) p.sport).putShort((short) p.dport).putInt(0).putInt(0)
            .put((byte) TCP_DATA_OFFSET_5_WORDS).put((byte) TCP_ACK)
            .putShort((short) TCP_WINDOW).putInt(0);
        break;
      case Pkt.UDP:
        b.putShort((short) p.sport).putShort((short) p.dport)
            .putShort((short) (Pkt.UDP_HEADER + p.payload)).putShort((short) 0);
        break;
      case Pkt.SCTP:
        b.putShort((short) p.sport).putShort((short) p.dport).putInt(SCTP_VERIFICATION_TAG)
            .putInt(0);
        break;
      case Pkt.ICMP:
        b.put((byte) ICMP_ECHO_REQUEST).put((byte) 0).putShort((short) 0).putInt(1);
        break;
      case Pkt.ICMPV6:
        b.put((byte) ICMPV6_ECHO_REQUEST).put((byte) 0).putShort((short) 0).putInt(1);
        break;
      default:
        break; // GRE and others: payload only
    }
  }

  /** An ARP who-has request (RFC 826) for 192.0.2.2 from 192.0.2.1. */
  private static byte[] arp() {
    ByteBuffer b = ByteBuffer.allocate(ETHERNET_HEADER + ARP_LENGTH);
    putMac(b, 0xFFFF_FFFF_FFFFL);
    putMac(b, SRC_MAC);
    b.putShort((short) ETHERTYPE_ARP);
    b.putShort((short) 1).putShort((short) ETHERTYPE_IPV4).put((byte) MAC_LENGTH).put((byte) 4)
        .putShort((short) 1);
    putMac(b, SRC_MAC);
    b.put(new byte[] {(byte) 192, 0, 2, 1});
    putMac(b, 0);
    b.put(new byte[] {(byte) 192, 0, 2, 2});
    return b.array();
  }

  /** The Internet checksum (RFC 1071) of {@code length} bytes at {@code from}. */
  private static int checksum(byte[] d, int from, int length) {
    int sum = 0;
    for (int i = 0; i < length; i += 2) {
      sum += ((d[from + i] & 0xFF) << 8) | (d[from + i + 1] & 0xFF);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return ~sum & 0xFFFF;
  }
}
