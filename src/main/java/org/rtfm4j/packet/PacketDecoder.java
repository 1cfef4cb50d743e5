package org.rtfm4j.packet;

import static org.rtfm4j.packet.Bytes.u16;
import static org.rtfm4j.packet.Bytes.u48;
import static org.rtfm4j.packet.Bytes.u8;

/**
 * Turns the captured bytes of one packet into the RFC 2722 §4.3 match key ({@link
 * DecodedPacket}): link layer, VLAN tags, MPLS, PPPoE, IPv4/IPv6 and the outer transport ports.
 *
 * <p>Never throws and never allocates per packet: every read is bounds-checked against the
 * captured length first. One instance per packet-processing thread (it owns a {@link
 * FragmentTable}, which later fragments consult for the ports of their first fragment).
 *
 * <p>Link types: Ethernet (1), BSD null (0) and loop (108), raw IP (12, 14, 101, and 228/229 for
 * IPv4/IPv6 only), Linux SLL (113) and SLL2 (276); anything else is {@link
 * DecodeResult#UNSUPPORTED_LINK_TYPE}. Pass the link type without the FCS bits that the pcap
 * header may carry above bit 16.
 */
public final class PacketDecoder {
  private static final int ETHERNET_HEADER = 14;
  private static final int ETHERNET_TYPE = 12;
  private static final int MAC_LENGTH = 6;
  private static final int VLAN_TAG = 4;
  private static final int VLAN_ID_MASK = 0x0FFF;
  /** Port-extender tags: their TCI length after the EtherType. */
  private static final int VN_TAG_TCI = 4;
  private static final int E_TAG_TCI = 6;

  /** IEEE 802.2 LLC header: DSAP, SSAP, control. */
  private static final int LLC_HEADER = 3;
  /** SNAP: OUI (3) and protocol id (2) after an LLC header of AA AA 03 (RFC 1042). */
  private static final int SNAP_HEADER = 5;
  private static final int SAP_SNAP = 0xAA;
  private static final int LLC_UI = 0x03;
  /** RFC 1042 encapsulation OUI. */
  private static final int OUI_RFC1042 = 0x000000;
  /** IEEE 802.1H bridge-tunnel OUI: the protocol id is still an EtherType. */
  private static final int OUI_8021H = 0x0000F8;

  /** RFC 3032 §2.1: 4-octet label stack entry, bottom-of-stack bit in the third octet. */
  private static final int MPLS_ENTRY = 4;
  private static final int MPLS_BOTTOM_OF_STACK = 0x01;

  /** RFC 2516 §4: ver/type, code, session id, length; then the PPP protocol (RFC 1661 §2). */
  private static final int PPPOE_HEADER = 6;
  private static final int PPP_PROTOCOL = 2;
  /** RFC 1661 §2: the last octet of a protocol number is odd, every other octet even. */
  private static final int PPP_PROTOCOL_LAST_OCTET = 0x01;
  private static final int PPP_IPV4 = 0x0021;
  private static final int PPP_IPV6 = 0x0057;
  /** RFC 1662 §3.1: the all-stations address and unnumbered-information control octets. */
  private static final int PPP_ADDRESS = 0xFF;
  private static final int PPP_CONTROL = 0x03;
  /** Cisco HDLC: unicast and broadcast address octets, then control and a 2-octet EtherType. */
  private static final int CHDLC_UNICAST = 0x0F;
  private static final int CHDLC_BROADCAST = 0x8F;
  private static final int CHDLC_HEADER = 4;

  /** BSD loopback header: the address family as a 4-octet integer. */
  private static final int NULL_HEADER = 4;
  private static final int BSD_AF_INET = 2;
  private static final int BSD_AF_INET6_BSD = 24;
  private static final int BSD_AF_INET6_FREEBSD = 28;
  private static final int BSD_AF_INET6_DARWIN = 30;

  /** Linux cooked header v1: type, ARPHRD, address length, 8 address octets, protocol. */
  private static final int SLL_HEADER = 16;
  private static final int SLL_HATYPE = 2;
  private static final int SLL_HALEN = 4;
  private static final int SLL_ADDR = 6;
  private static final int SLL_PROTOCOL = 14;
  /** Linux cooked header v2: protocol, reserved, ifindex, ARPHRD, type, address length, addr. */
  private static final int SLL2_HEADER = 20;
  private static final int SLL2_HATYPE = 8;
  private static final int SLL2_HALEN = 11;
  private static final int SLL2_ADDR = 12;
  private static final int ARPHRD_ETHER = 1;
  /** For netlink captures the SLL protocol field is a netlink family, not an EtherType. */
  private static final int ARPHRD_NETLINK = 824;
  /** SLL protocol value for frames that begin with an 802.2 LLC header (Linux ETH_P_802_2). */
  private static final int SLL_P_802_2 = 0x0004;

  private static final int IP_VERSION_4 = 4;
  private static final int IP_VERSION_6 = 6;

  private final IpDecoder ip;
  private MalformedReason lastMalformedReason;
  private long lastTimestampNanos;
  private long decoderFaults;

  /** A decoder with a {@link FragmentTable} of default size. */
  public PacketDecoder() {
    this(new FragmentTable());
  }

  /** A decoder that applies (and fills) the given fragment table. */
  public PacketDecoder(FragmentTable fragments) {
    if (fragments == null) {
      throw new IllegalArgumentException("fragments");
    }
    this.ip = new IpDecoder(fragments);
  }

  /**
   * Decodes one packet with the latest packet time seen so far as the fragment table's clock
   * (prefer {@link #decode(int, byte[], int, int, int, long, DecodedPacket)} so fragment
   * entries expire).
   */
  public DecodeResult decode(int linkType, byte[] data, int offset, int capturedLength,
      int wireLength, DecodedPacket out) {
    return decode(linkType, data, offset, capturedLength, wireLength, lastTimestampNanos, out);
  }

  /**
   * Decodes one packet into {@code out} (cleared first; link type, lengths and timestamp are
   * copied in). Returns {@link DecodeResult#MALFORMED} with the reason in {@link
   * #lastMalformedReason()} for damaged headers; never throws.
   *
   * @param data the buffer; the packet is {@code data[offset .. offset + capturedLength)}
   * @param wireLength the packet's length on the wire (for TSO / jumbo length fields of 0)
   * @param timestampNanos packet time, the fragment table's clock
   */
  public DecodeResult decode(int linkType, byte[] data, int offset, int capturedLength,
      int wireLength, long timestampNanos, DecodedPacket out) {
    out.clear();
    out.linkType = linkType;
    out.capturedLength = capturedLength;
    out.wireLength = wireLength;
    out.timestampNanos = timestampNanos;
    lastTimestampNanos = timestampNanos;
    lastMalformedReason = null;
    if (data == null || offset < 0 || capturedLength < 0 || offset > data.length
        || capturedLength > data.length - offset) {
      return malformed(MalformedReason.CAPTURE_BOUNDS_INVALID);
    }
    try {
      return link(linkType, data, offset, offset + capturedLength,
          Math.max(wireLength, capturedLength), timestampNanos, out);
    } catch (RuntimeException e) {
      // Every read is bounds-checked, so this is a decoder bug: count it, never let it escape.
      decoderFaults++;
      return malformed(MalformedReason.DECODER_FAULT);
    }
  }

  /** Why the last packet was {@link DecodeResult#MALFORMED}; null when it was not. */
  public MalformedReason lastMalformedReason() {
    return lastMalformedReason;
  }

  /** The fragment table this decoder applies. */
  public FragmentTable fragmentTable() {
    return ip.fragments();
  }

  /**
   * IP packets whose length field was 0 (IPv4 total length from TSO capture; IPv6 payload length
   * from TSO or a jumbogram): their length was taken from the frame instead.
   */
  public long zeroLengthPackets() {
    return ip.zeroLengthPackets();
  }

  /** IP packets whose length field claims more bytes than the frame had on the wire. */
  public long lengthBeyondFrame() {
    return ip.lengthBeyondFrame();
  }

  /** Packets on which the decoder hit an internal fault (a bug); 0 in a correct decoder. */
  public long decoderFaults() {
    return decoderFaults;
  }

  private DecodeResult link(int linkType, byte[] d, int start, int end, int wire, long now,
      DecodedPacket out) {
    switch (linkType) {
      case LinkType.ETHERNET:
        return ethernet(d, start, end, wire, now, out);
      case LinkType.NULL:
        return bsdLoopback(d, start, end, wire, now, out, false);
      case LinkType.LOOP:
        return bsdLoopback(d, start, end, wire, now, out, true);
      case LinkType.RAW_12:
      case LinkType.RAW_14:
      case LinkType.RAW:
        return rawIp(d, start, start, end, wire, now, out);
      case LinkType.IPV4:
        return ip(IP_VERSION_4, d, start, start, end, wire, now, out);
      case LinkType.IPV6:
        return ip(IP_VERSION_6, d, start, start, end, wire, now, out);
      case LinkType.LINUX_SLL:
        return linuxSll(d, start, end, wire, now, out);
      case LinkType.LINUX_SLL2:
        return linuxSll2(d, start, end, wire, now, out);
      case LinkType.PPP:
        return ppp(d, start, end, wire, now, out);
      case LinkType.C_HDLC:
        return ciscoHdlc(d, start, end, wire, now, out);
      default:
        return DecodeResult.UNSUPPORTED_LINK_TYPE;
    }
  }

  private DecodeResult ethernet(byte[] d, int start, int end, int wire, long now,
      DecodedPacket out) {
    if (end - start < ETHERNET_HEADER) {
      return malformed(MalformedReason.LINK_HEADER_TRUNCATED);
    }
    out.adjacentType = DecodedPacket.ADJACENT_ETHERNET;
    out.dstMac = u48(d, start);
    out.srcMac = u48(d, start + MAC_LENGTH);
    return etherType(u16(d, start + ETHERNET_TYPE), d, start, start + ETHERNET_HEADER, end, wire,
        now, out);
  }

  /**
   * Follows an EtherType (or 802.3 length) at {@code pos}: VLAN, VN-Tag and E-TAG tags of any
   * depth, one LLC/SNAP header, MPLS and PPPoE session frames down to IPv4 or IPv6. Iterative,
   * so no crafted stack of headers can exhaust the Java stack.
   */
  private DecodeResult etherType(int type, byte[] d, int start, int pos, int end, int wire,
      long now, DecodedPacket out) {
    boolean llcSeen = false;
    // Each pass consumes at least 4 bytes, so the loop ends within the captured length.
    for (;;) {
      switch (type) {
        case EtherType.IPV4:
          return ip(IP_VERSION_4, d, start, pos, end, wire, now, out);
        case EtherType.IPV6:
          return ip(IP_VERSION_6, d, start, pos, end, wire, now, out);
        case EtherType.VLAN:
        case EtherType.QINQ_8021AD:
        case EtherType.QINQ_9100: {
          if (end - pos < VLAN_TAG) {
            return malformed(MalformedReason.VLAN_TAG_TRUNCATED);
          }
          int vid = u16(d, pos) & VLAN_ID_MASK;
          if (out.vlanCount == 0) {
            out.outerVlan = vid;
          } else {
            out.innerVlan = vid; // the innermost tag seen so far (the C-tag of QinQ)
          }
          out.vlanCount++;
          type = u16(d, pos + 2);
          pos += VLAN_TAG;
          break;
        }
        case EtherType.VN_TAG:
        case EtherType.E_TAG: {
          // Port-extender tags (not VLANs): skip the tag, keep following EtherTypes.
          int tci = type == EtherType.VN_TAG ? VN_TAG_TCI : E_TAG_TCI;
          if (end - pos < tci + 2) {
            return malformed(MalformedReason.VLAN_TAG_TRUNCATED);
          }
          type = u16(d, pos + tci);
          pos += tci + 2;
          break;
        }
        case EtherType.MPLS_UNICAST:
        case EtherType.MPLS_MULTICAST:
          return mpls(d, start, pos, end, wire, now, out);
        case EtherType.PPPOE_SESSION:
          return pppoe(d, start, pos, end, wire, now, out);
        default: {
          if (type > EtherType.MAX_802_3_LENGTH || llcSeen) {
            return DecodeResult.NON_IP;
          }
          // IEEE 802.3 length field: an 802.2 LLC header follows. Only SNAP with an EtherType
          // protocol id (RFC 1042, IEEE 802.1H) can carry IP.
          if (end - pos < LLC_HEADER) {
            return malformed(MalformedReason.LLC_HEADER_TRUNCATED);
          }
          if (u8(d, pos) != SAP_SNAP || u8(d, pos + 1) != SAP_SNAP || u8(d, pos + 2) != LLC_UI) {
            return DecodeResult.NON_IP; // STP, NetBIOS, IPX, ...
          }
          if (end - pos < LLC_HEADER + SNAP_HEADER) {
            return malformed(MalformedReason.LLC_HEADER_TRUNCATED);
          }
          int oui = (u16(d, pos + LLC_HEADER) << 8) | u8(d, pos + LLC_HEADER + 2);
          if (oui != OUI_RFC1042 && oui != OUI_8021H) {
            return DecodeResult.NON_IP; // vendor protocols (CDP, VTP, ...)
          }
          llcSeen = true;
          type = u16(d, pos + LLC_HEADER + 3);
          pos += LLC_HEADER + SNAP_HEADER;
          break;
        }
      }
    }
  }

  /** RFC 3032 label stack; the payload's first nibble tells IPv4 from IPv6 (RFC 4385 §2). */
  private DecodeResult mpls(byte[] d, int start, int pos, int end, int wire, long now,
      DecodedPacket out) {
    for (;;) {
      if (end - pos < MPLS_ENTRY) {
        return malformed(MalformedReason.MPLS_TRUNCATED);
      }
      boolean bottom = (u8(d, pos + 2) & MPLS_BOTTOM_OF_STACK) != 0;
      pos += MPLS_ENTRY;
      if (bottom) {
        break;
      }
    }
    if (pos >= end) {
      return malformed(MalformedReason.MPLS_TRUNCATED);
    }
    int version = u8(d, pos) >>> 4;
    if (version == IP_VERSION_4 || version == IP_VERSION_6) {
      return ip(version, d, start, pos, end, wire, now, out);
    }
    return DecodeResult.NON_IP; // a pseudowire (control word 0) or another payload: not opened
  }

  /** RFC 2516 PPPoE session stage; IPv4 and IPv6 PPP protocol numbers only. */
  private DecodeResult pppoe(byte[] d, int start, int pos, int end, int wire, long now,
      DecodedPacket out) {
    if (end - pos < PPPOE_HEADER + 1) {
      return malformed(MalformedReason.PPPOE_HEADER_TRUNCATED);
    }
    return pppProtocol(d, start, pos + PPPOE_HEADER, end, wire, now, out,
        MalformedReason.PPPOE_HEADER_TRUNCATED);
  }

  /**
   * LINKTYPE_PPP: the RFC 1662 address and control octets (0xFF 0x03) when present, then the PPP
   * protocol. A frame that starts with a Cisco HDLC address (0x0F, 0x8F) is Cisco HDLC, as
   * libpcap and Wireshark also read such captures.
   */
  private DecodeResult ppp(byte[] d, int start, int end, int wire, long now, DecodedPacket out) {
    if (end - start < 1) {
      return malformed(MalformedReason.LINK_HEADER_TRUNCATED);
    }
    int first = u8(d, start);
    if (first == CHDLC_UNICAST || first == CHDLC_BROADCAST) {
      return ciscoHdlc(d, start, end, wire, now, out);
    }
    int pos = start;
    if (first == PPP_ADDRESS && end - start >= 2 && u8(d, start + 1) == PPP_CONTROL) {
      pos += 2;
    }
    if (end - pos < 1) {
      return malformed(MalformedReason.LINK_HEADER_TRUNCATED);
    }
    return pppProtocol(d, start, pos, end, wire, now, out, MalformedReason.LINK_HEADER_TRUNCATED);
  }

  /** The PPP protocol field at {@code pos} (RFC 1661 §2), then IPv4 or IPv6. */
  private DecodeResult pppProtocol(byte[] d, int start, int pos, int end, int wire, long now,
      DecodedPacket out, MalformedReason cutShort) {
    int protocol = u8(d, pos);
    int ipPos;
    if ((protocol & PPP_PROTOCOL_LAST_OCTET) != 0) {
      // RFC 1661 §6.5 Protocol-Field-Compression: a one-octet protocol (odd first octet).
      ipPos = pos + 1;
    } else {
      if (end - pos < PPP_PROTOCOL) {
        return malformed(cutShort);
      }
      protocol = u16(d, pos);
      ipPos = pos + PPP_PROTOCOL;
    }
    if (protocol == PPP_IPV4) {
      return ip(IP_VERSION_4, d, start, ipPos, end, wire, now, out);
    }
    if (protocol == PPP_IPV6) {
      return ip(IP_VERSION_6, d, start, ipPos, end, wire, now, out);
    }
    return DecodeResult.NON_IP; // LCP, IPCP, CHAP, ...
  }

  /** Cisco HDLC: address, control, then an EtherType; IPv4 and IPv6 only (SLARP, CDP: non-IP). */
  private DecodeResult ciscoHdlc(byte[] d, int start, int end, int wire, long now,
      DecodedPacket out) {
    if (end - start < CHDLC_HEADER) {
      return malformed(MalformedReason.LINK_HEADER_TRUNCATED);
    }
    int type = u16(d, start + 2);
    if (type == EtherType.IPV4) {
      return ip(IP_VERSION_4, d, start, start + CHDLC_HEADER, end, wire, now, out);
    }
    if (type == EtherType.IPV6) {
      return ip(IP_VERSION_6, d, start, start + CHDLC_HEADER, end, wire, now, out);
    }
    return DecodeResult.NON_IP;
  }

  /** BSD loopback: the family in host byte order (null) or network byte order (loop). */
  private DecodeResult bsdLoopback(byte[] d, int start, int end, int wire, long now,
      DecodedPacket out, boolean networkOrder) {
    if (end - start < NULL_HEADER) {
      return malformed(MalformedReason.LINK_HEADER_TRUNCATED);
    }
    int family = Bytes.i32(d, start);
    if (!networkOrder && (family & 0xFFFF_0000) != 0) {
      // Written by a little-endian host: families are small numbers, so the high half is empty
      // in the writer's order (libpcap's and Wireshark's test).
      family = Integer.reverseBytes(family);
    }
    switch (family) {
      case BSD_AF_INET:
        return ip(IP_VERSION_4, d, start, start + NULL_HEADER, end, wire, now, out);
      case BSD_AF_INET6_BSD:
      case BSD_AF_INET6_FREEBSD:
      case BSD_AF_INET6_DARWIN:
        return ip(IP_VERSION_6, d, start, start + NULL_HEADER, end, wire, now, out);
      default:
        return DecodeResult.NON_IP;
    }
  }

  /** Raw IP: the version nibble selects IPv4 or IPv6. */
  private DecodeResult rawIp(byte[] d, int start, int pos, int end, int wire, long now,
      DecodedPacket out) {
    if (pos >= end) {
      return malformed(MalformedReason.IP_BAD_VERSION);
    }
    int version = u8(d, pos) >>> 4;
    if (version != IP_VERSION_4 && version != IP_VERSION_6) {
      return malformed(MalformedReason.IP_BAD_VERSION);
    }
    return ip(version, d, start, pos, end, wire, now, out);
  }

  /**
   * Linux cooked capture v1. The link-layer address is the sender's: on an Ethernet device
   * (ARPHRD_ETHER, 6 octets) it becomes srcMac with adjacentType ethernet(7); dstMac is unknown
   * and stays 0.
   */
  private DecodeResult linuxSll(byte[] d, int start, int end, int wire, long now,
      DecodedPacket out) {
    if (end - start < SLL_HEADER) {
      return malformed(MalformedReason.LINK_HEADER_TRUNCATED);
    }
    int hatype = u16(d, start + SLL_HATYPE);
    sllAddress(hatype, u16(d, start + SLL_HALEN), d, start + SLL_ADDR, out);
    return sllProtocol(hatype, u16(d, start + SLL_PROTOCOL), d, start, start + SLL_HEADER, end,
        wire, now, out);
  }

  /** Linux cooked capture v2: as v1 with the protocol first and the interface index added. */
  private DecodeResult linuxSll2(byte[] d, int start, int end, int wire, long now,
      DecodedPacket out) {
    if (end - start < SLL2_HEADER) {
      return malformed(MalformedReason.LINK_HEADER_TRUNCATED);
    }
    int hatype = u16(d, start + SLL2_HATYPE);
    sllAddress(hatype, u8(d, start + SLL2_HALEN), d, start + SLL2_ADDR, out);
    return sllProtocol(hatype, u16(d, start), d, start, start + SLL2_HEADER, end, wire, now, out);
  }

  private static void sllAddress(int hatype, int halen, byte[] d, int addr, DecodedPacket out) {
    if (hatype == ARPHRD_ETHER && halen == MAC_LENGTH) {
      out.adjacentType = DecodedPacket.ADJACENT_ETHERNET;
      out.srcMac = u48(d, addr);
    }
  }

  private DecodeResult sllProtocol(int hatype, int protocol, byte[] d, int start, int pos, int end,
      int wire, long now, DecodedPacket out) {
    if (hatype == ARPHRD_NETLINK) {
      return DecodeResult.NON_IP;
    }
    if (protocol < EtherType.MIN_ETHERTYPE) {
      // Values below 0x0600 are Linux ETH_P_* pseudo-types, not lengths.
      // (0x0004 goes on as a "length": an 802.2 LLC header follows).
      return protocol == SLL_P_802_2 ? etherType(protocol, d, start, pos, end, wire, now, out)
          : DecodeResult.NON_IP;
    }
    return etherType(protocol, d, start, pos, end, wire, now, out);
  }

  private DecodeResult ip(int version, byte[] d, int start, int pos, int end, int wire, long now,
      DecodedPacket out) {
    out.ipOffset = pos - start;
    int avail = end - pos;
    int wireAvail = wire - out.ipOffset;
    MalformedReason reason = version == IP_VERSION_4
        ? ip.ipv4(d, pos, avail, wireAvail, now, out)
        : ip.ipv6(d, pos, avail, wireAvail, now, out);
    return reason == null ? DecodeResult.IP : malformed(reason);
  }

  private DecodeResult malformed(MalformedReason reason) {
    lastMalformedReason = reason;
    return DecodeResult.MALFORMED;
  }
}
