package org.rtfm4j.behaviour;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.rtfm4j.packet.DecodedPacket;

/**
 * One crafted packet: the header fields a test chooses, delivered either as a hand-filled match
 * key ({@link #decoded}) or as an Ethernet frame ({@link EthernetFrames}). Both carry the same
 * addresses, protocol, ports, interface and IP length, so a test asserts the same flows through
 * either path.
 */
final class Pkt {
  static final int ICMP = 1;
  static final int TCP = 6;
  static final int UDP = 17;
  static final int GRE = 47;
  static final int ICMPV6 = 58;
  static final int SCTP = 132;

  static final int IPV4_HEADER = 20;
  static final int IPV6_HEADER = 40;
  static final int TCP_HEADER = 20;
  static final int UDP_HEADER = 8;
  static final int SCTP_HEADER = 12;
  static final int ICMP_HEADER = 8;
  /** Payload bytes of every crafted packet, so octet counts are not all alike. */
  static final int DEFAULT_PAYLOAD = 100;
  private static final int DEFAULT_INTERFACE = 1;

  final int iface;
  /** 4 or 16 address bytes; null for a frame without IP. */
  final byte[] src;
  final byte[] dst;
  final int protocol;
  final int sport;
  final int dport;
  final int payload;
  /** A non-first IPv4 fragment: no transport header, so no ports (RFC 791 §2.3). */
  final boolean laterFragment;

  private Pkt(int iface, byte[] src, byte[] dst, int protocol, int sport, int dport, int payload,
      boolean laterFragment) {
    this.iface = iface;
    this.src = src;
    this.dst = dst;
    this.protocol = protocol;
    this.sport = sport;
    this.dport = dport;
    this.payload = payload;
    this.laterFragment = laterFragment;
  }

  /** A TCP, UDP or SCTP packet; IPv4 or IPv6 by the form of the addresses. */
  static Pkt transport(int protocol, String src, int sport, String dst, int dport) {
    byte[] s = address(src);
    byte[] d = address(dst);
    if (s.length != d.length) {
      throw new IllegalArgumentException(src + " and " + dst + " are not one address family");
    }
    return new Pkt(DEFAULT_INTERFACE, s, d, protocol, sport, dport, DEFAULT_PAYLOAD, false);
  }

  static Pkt tcp(String src, int sport, String dst, int dport) {
    return transport(TCP, src, sport, dst, dport);
  }

  static Pkt udp(String src, int sport, String dst, int dport) {
    return transport(UDP, src, sport, dst, dport);
  }

  static Pkt sctp(String src, int sport, String dst, int dport) {
    return transport(SCTP, src, sport, dst, dport);
  }

  /** An ICMP echo request (ICMPv6 for IPv6 addresses): a protocol without ports. */
  static Pkt icmp(String src, String dst) {
    byte[] s = address(src);
    return portless(s.length == 4 ? ICMP : ICMPV6, src, dst);
  }

  /** A packet of a protocol without ports (ICMP, GRE, ...). */
  static Pkt portless(int protocol, String src, String dst) {
    return new Pkt(DEFAULT_INTERFACE, address(src), address(dst), protocol, 0, 0,
        DEFAULT_PAYLOAD, false);
  }

  /** A non-first IPv4 fragment whose first fragment was never seen: its ports are unknown. */
  static Pkt laterFragment(int protocol, String src, String dst) {
    byte[] s = address(src);
    if (s.length != 4) {
      throw new IllegalArgumentException("IPv4 fragments only");
    }
    return new Pkt(DEFAULT_INTERFACE, s, address(dst), protocol, 0, 0, DEFAULT_PAYLOAD, true);
  }

  /** An ARP request: a frame without IP. */
  static Pkt arp() {
    return new Pkt(DEFAULT_INTERFACE, null, null, 0, 0, 0, 0, false);
  }

  /** The same packet the other way: addresses and ports swapped. */
  Pkt reply() {
    return new Pkt(iface, dst, src, protocol, dport, sport, payload, laterFragment);
  }

  /** The same packet seen on another meter interface. */
  Pkt onInterface(int n) {
    return new Pkt(n, src, dst, protocol, sport, dport, payload, laterFragment);
  }

  /** The same packet with another payload size. */
  Pkt withPayload(int n) {
    return new Pkt(iface, src, dst, protocol, sport, dport, n, laterFragment);
  }

  boolean isIp() {
    return src != null;
  }

  boolean isIpv6() {
    return src != null && src.length == 16;
  }

  boolean hasTransportHeader() {
    return !laterFragment && (protocol == TCP || protocol == UDP || protocol == SCTP);
  }

  /** Transport header bytes this packet carries (0 for a later fragment or an unknown protocol). */
  int transportHeaderLength() {
    if (laterFragment) {
      return 0;
    }
    switch (protocol) {
      case TCP:
        return TCP_HEADER;
      case UDP:
        return UDP_HEADER;
      case SCTP:
        return SCTP_HEADER;
      case ICMP:
      case ICMPV6:
        return ICMP_HEADER;
      default:
        return 0;
    }
  }

  /**
   * Octets at the peer layer, what the meter counts with OctetCounting.IP: IPv4 total length,
   * IPv6 payload length + 40.
   */
  int ipLength() {
    return (isIpv6() ? IPV6_HEADER : IPV4_HEADER) + transportHeaderLength() + payload;
  }

  /**
   * The match key the decoder would build for this packet (RFC 2722 §4.3), filled by hand. A
   * frame without IP gets PeerType 0, so a rule set's "not IP: Ignore" rule is what keeps it out.
   */
  DecodedPacket decoded(DecodedPacket out) {
    out.clear();
    out.interfaceNumber = iface;
    out.adjacentType = DecodedPacket.ADJACENT_ETHERNET;
    out.srcMac = EthernetFrames.SRC_MAC;
    out.dstMac = EthernetFrames.DST_MAC;
    if (!isIp()) {
      return out;
    }
    out.peerType = isIpv6() ? DecodedPacket.PEER_IPV6 : DecodedPacket.PEER_IPV4;
    out.addressLength = src.length;
    out.srcAddrHi = word(src, 0);
    out.srcAddrLo = word(src, 8);
    out.dstAddrHi = word(dst, 0);
    out.dstAddrLo = word(dst, 8);
    out.protocol = protocol;
    out.ipLength = ipLength();
    if (hasTransportHeader()) {
      out.srcPort = sport;
      out.dstPort = dport;
    }
    out.fragment = laterFragment;
    out.laterFragment = laterFragment;
    return out;
  }

  /** Bytes {@code from .. from+7} of an address, left-aligned in a long (zero past its end). */
  static long word(byte[] address, int from) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      int j = from + i;
      v = (v << 8) | (j < address.length ? address[j] & 0xFF : 0);
    }
    return v;
  }

  static byte[] address(String literal) {
    // Only literals reach here (a digit or a colon first), so no name is ever looked up.
    if (literal.isEmpty() || !(Character.isDigit(literal.charAt(0)) || literal.contains(":"))) {
      throw new IllegalArgumentException("not an address literal: " + literal);
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  @Override
  public String toString() {
    if (!isIp()) {
      return "ARP";
    }
    return "proto " + protocol + " " + text(src) + (hasTransportHeader() ? ":" + sport : "")
        + " -> " + text(dst) + (hasTransportHeader() ? ":" + dport : "")
        + (laterFragment ? " (later fragment)" : "") + (iface != 1 ? " on if " + iface : "");
  }

  private static String text(byte[] a) {
    try {
      return InetAddress.getByAddress(a).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
