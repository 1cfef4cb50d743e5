package org.rtfm4j.packet;

import static org.rtfm4j.packet.Bytes.i32;
import static org.rtfm4j.packet.Bytes.i64;
import static org.rtfm4j.packet.Bytes.u16;
import static org.rtfm4j.packet.Bytes.u32;
import static org.rtfm4j.packet.Bytes.u8;

/**
 * Decodes an IPv4 or IPv6 header, the IPv6 extension header chain and the transport ports, and
 * applies the {@link FragmentTable}. Tunnels are not opened: the outer header is the flow's.
 *
 * <p>All offsets below are relative to the start of the IP header, and compared as lengths, so a
 * bogus length field can never overflow an index. Two limits apply: {@code ipLen}, the datagram
 * length the header declares, and {@code avail}, the bytes actually captured. Anything past
 * {@code ipLen} is not part of the datagram (Ethernet padding, a lying header); anything past
 * {@code avail} but within {@code ipLen} was cut by the capture and sets {@code truncated}.
 */
final class IpDecoder {
  private static final int IPV4_MIN_HEADER = 20;
  private static final int IPV4_VERSION = 4;
  private static final int IPV4_TOTAL_LENGTH = 2;
  private static final int IPV4_IDENT = 4;
  private static final int IPV4_FLAGS_FRAGMENT = 6;
  private static final int IPV4_PROTOCOL = 9;
  private static final int IPV4_SRC = 12;
  private static final int IPV4_DST = 16;
  /** RFC 791 §3.1 flags: bit 2 "More Fragments". */
  private static final int IPV4_MF = 0x2000;
  /** RFC 791 §3.1: fragment offset in units of 8 octets, low 13 bits. */
  private static final int IPV4_OFFSET_MASK = 0x1FFF;

  private static final int IPV6_HEADER = 40;
  private static final int IPV6_VERSION = 6;
  private static final int IPV6_PAYLOAD_LENGTH = 4;
  private static final int IPV6_NEXT_HEADER = 6;
  private static final int IPV6_SRC = 8;
  private static final int IPV6_DST = 24;
  /** RFC 8200 §4.5: Fragment header is 8 octets; offset in the top 13 bits, M flag in bit 0. */
  private static final int IPV6_FRAGMENT_HEADER = 8;
  private static final int IPV6_OFFSET_MASK = 0xFFF8;
  private static final int IPV6_M_FLAG = 1;
  /** Extension headers begin with Next Header and a length octet. */
  private static final int EXT_FIXED = 2;
  private static final int EXT_UNIT_SHIFT = 3;
  private static final int AH_UNIT_SHIFT = 2;

  /** Source and destination port are the first four octets of TCP, UDP, SCTP, DCCP, UDP-Lite. */
  private static final int PORTS = 4;

  private final FragmentTable fragments;
  private long zeroLengthPackets;
  private long lengthBeyondFrame;

  IpDecoder(FragmentTable fragments) {
    this.fragments = fragments;
  }

  FragmentTable fragments() {
    return fragments;
  }

  long zeroLengthPackets() {
    return zeroLengthPackets;
  }

  long lengthBeyondFrame() {
    return lengthBeyondFrame;
  }

  /**
   * IPv4 (RFC 791 §3.1) at {@code pos}.
   *
   * @param wireAvail bytes the frame had on the wire from {@code pos} on
   * @return null when decoded, else why the packet is malformed
   */
  MalformedReason ipv4(byte[] d, int pos, int avail, int wireAvail, long now, DecodedPacket out) {
    if (avail < IPV4_MIN_HEADER) {
      return MalformedReason.IPV4_HEADER_TRUNCATED;
    }
    int b0 = u8(d, pos);
    if ((b0 >>> 4) != IPV4_VERSION) {
      return MalformedReason.IPV4_BAD_VERSION;
    }
    int hlen = (b0 & 0x0F) << 2;
    if (hlen < IPV4_MIN_HEADER) {
      return MalformedReason.IPV4_BAD_HEADER_LENGTH;
    }
    int ipLen = u16(d, pos + IPV4_TOTAL_LENGTH);
    if (ipLen == 0) {
      // TCP segmentation offload: the NIC fills in the length after the capture point. Use the
      // frame's own length, as Wireshark does (ip.len then shows the frame's IP bytes).
      ipLen = Math.max(wireAvail, IPV4_MIN_HEADER);
      zeroLengthPackets++;
    } else if (ipLen < hlen) {
      return MalformedReason.IPV4_BAD_TOTAL_LENGTH;
    } else if (ipLen > wireAvail) {
      lengthBeyondFrame++;
    }
    int protocol = u8(d, pos + IPV4_PROTOCOL);
    out.peerType = DecodedPacket.PEER_IPV4;
    out.addressLength = 4;
    out.ipLength = ipLen;
    out.srcAddrHi = (long) i32(d, pos + IPV4_SRC) << 32;
    out.dstAddrHi = (long) i32(d, pos + IPV4_DST) << 32;
    out.protocol = protocol;

    int flagsOffset = u16(d, pos + IPV4_FLAGS_FRAGMENT);
    int fragOffset = (flagsOffset & IPV4_OFFSET_MASK) << 3;
    boolean more = (flagsOffset & IPV4_MF) != 0;
    if (fragOffset != 0 || more) {
      out.fragment = true;
      out.fragmentId = u16(d, pos + IPV4_IDENT);
    }
    if (fragOffset != 0) {
      // RFC 791 §2.3: only the first fragment carries the transport header.
      out.laterFragment = true;
      long first = fragments.lookupLater(IPV4_VERSION, out.srcAddrHi, 0, out.dstAddrHi, 0,
          protocol, out.fragmentId, fragOffset, ipLen - hlen, more, now);
      applyFirst(first, out);
      out.truncated = hlen > avail;
      return null;
    }
    if (hlen > avail) {
      out.truncated = true; // options cut by the capture: addresses known, ports not
    } else {
      ports(d, pos, hlen, ipLen, avail, out);
    }
    if (more) {
      fragments.recordFirst(IPV4_VERSION, out.srcAddrHi, 0, out.dstAddrHi, 0, protocol,
          out.fragmentId, protocol, out.srcPort, out.dstPort, ipLen - hlen, now);
    }
    return null;
  }

  /**
   * IPv6 (RFC 8200 §3) at {@code pos}, walking the extension headers of §4 to the upper layer.
   *
   * @param wireAvail bytes the frame had on the wire from {@code pos} on
   * @return null when decoded, else why the packet is malformed
   */
  MalformedReason ipv6(byte[] d, int pos, int avail, int wireAvail, long now, DecodedPacket out) {
    if (avail < IPV6_HEADER) {
      return MalformedReason.IPV6_HEADER_TRUNCATED;
    }
    if ((u8(d, pos) >>> 4) != IPV6_VERSION) {
      return MalformedReason.IPV6_BAD_VERSION;
    }
    int payloadLength = u16(d, pos + IPV6_PAYLOAD_LENGTH);
    int next = u8(d, pos + IPV6_NEXT_HEADER);
    int ipLen;
    if (payloadLength == 0 && next != IpProtocol.IPV6_NONXT) {
      // A jumbogram (RFC 2675 §2: length in a Hop-by-Hop option) or TSO: use the frame's length.
      ipLen = Math.max(wireAvail, IPV6_HEADER);
      zeroLengthPackets++;
    } else {
      ipLen = IPV6_HEADER + payloadLength;
      if (ipLen > wireAvail) {
        lengthBeyondFrame++;
      }
    }
    out.peerType = DecodedPacket.PEER_IPV6;
    out.addressLength = 16;
    out.ipLength = ipLen;
    out.srcAddrHi = i64(d, pos + IPV6_SRC);
    out.srcAddrLo = i64(d, pos + IPV6_SRC + 8);
    out.dstAddrHi = i64(d, pos + IPV6_DST);
    out.dstAddrLo = i64(d, pos + IPV6_DST + 8);

    int t = IPV6_HEADER;
    int fragKeyProtocol = -1;
    int fragPayload = 0;
    walk:
    for (;;) {
      switch (next) {
        case IpProtocol.HOPOPT:
        case IpProtocol.IPV6_ROUTE:
        case IpProtocol.IPV6_OPTS:
        case IpProtocol.AH:
        case IpProtocol.MOBILITY:
        case IpProtocol.HIP:
        case IpProtocol.SHIM6: {
          if (t + EXT_FIXED > ipLen) {
            return MalformedReason.IPV6_EXTENSION_HEADER_BAD;
          }
          if (t + EXT_FIXED > avail) {
            next = cutHeader(d, pos, t, avail, next, out);
            break walk;
          }
          int after = u8(d, pos + t);
          int lenField = u8(d, pos + t + 1);
          // RFC 4302 §2.2: AH length is in 4-octet units minus 2; the others (RFC 8200 §4.3-4.6,
          // RFC 6275 §6.1.1, RFC 7401 §5.1, RFC 5533 §5.1) in 8-octet units minus 1.
          int len = next == IpProtocol.AH ? (lenField + 2) << AH_UNIT_SHIFT
              : (lenField + 1) << EXT_UNIT_SHIFT;
          if (t + len > ipLen) {
            return MalformedReason.IPV6_EXTENSION_HEADER_BAD;
          }
          if (isMessageWithoutPayload(next, after)) {
            break walk;
          }
          t += len;
          next = after;
          break;
        }
        case IpProtocol.IPV6_FRAG: {
          if (t + IPV6_FRAGMENT_HEADER > ipLen) {
            return MalformedReason.IPV6_EXTENSION_HEADER_BAD;
          }
          if (t + IPV6_FRAGMENT_HEADER > avail) {
            // Offset and M flag unknown: first or later fragment cannot be told, so keep 44
            // (tshark shows no Next Header for a cut Fragment header either).
            out.truncated = true;
            break walk;
          }
          int after = u8(d, pos + t);
          int offsetFlags = u16(d, pos + t + 2);
          long id = u32(d, pos + t + 4);
          t += IPV6_FRAGMENT_HEADER;
          int fragOffset = offsetFlags & IPV6_OFFSET_MASK;
          boolean more = (offsetFlags & IPV6_M_FLAG) != 0;
          next = after;
          if (fragOffset == 0 && !more) {
            break; // RFC 6946 atomic fragment: a whole datagram, processed on its own
          }
          out.fragment = true;
          out.fragmentId = id;
          if (fragOffset != 0) {
            out.laterFragment = true;
            out.protocol = after;
            long first = fragments.lookupLater(IPV6_VERSION, out.srcAddrHi, out.srcAddrLo,
                out.dstAddrHi, out.dstAddrLo, after, id, fragOffset, ipLen - t, more, now);
            applyFirst(first, out);
            return null;
          }
          fragKeyProtocol = after;
          fragPayload = ipLen - t;
          break;
        }
        default:
          break walk; // an upper layer, ESP (RFC 4303: opaque) or No Next Header (RFC 8200 §4.7)
      }
    }
    out.protocol = next;
    ports(d, pos, t, ipLen, avail, out);
    if (fragKeyProtocol >= 0) {
      fragments.recordFirst(IPV6_VERSION, out.srcAddrHi, out.srcAddrLo, out.dstAddrHi,
          out.dstAddrLo, fragKeyProtocol, out.fragmentId, next, out.srcPort, out.dstPort,
          fragPayload, now);
    }
    return null;
  }

  /**
   * An extension header cut by the capture: when its Next Header octet was captured, that is the
   * best upper-layer protocol known (tshark shows it too); else the header's own type.
   */
  private static int cutHeader(byte[] d, int pos, int t, int avail, int type, DecodedPacket out) {
    out.truncated = true;
    if (t >= avail) {
      return type;
    }
    int after = u8(d, pos + t);
    return isMessageWithoutPayload(type, after) ? type : after;
  }

  /**
   * Mobility, HIP and Shim6 control messages are the upper layer themselves: their Next Header
   * is "No Next Header" (RFC 6275 §6.1.1, RFC 7401 §5.1, RFC 5533 §5.2), so keep their number.
   */
  private static boolean isMessageWithoutPayload(int type, int after) {
    return after == IpProtocol.IPV6_NONXT && (type == IpProtocol.MOBILITY
        || type == IpProtocol.HIP || type == IpProtocol.SHIM6);
  }

  /**
   * Reads the ports at {@code t} when the protocol has them and four octets of the datagram were
   * captured: Wireshark shows TCP/UDP ports from a header cut after its fourth octet too.
   */
  private static void ports(byte[] d, int pos, int t, int ipLen, int avail, DecodedPacket out) {
    if (!IpProtocol.hasPorts(out.protocol) || t + PORTS > ipLen) {
      return;
    }
    if (t + PORTS > avail) {
      out.truncated = true;
      return;
    }
    out.srcPort = u16(d, pos + t);
    out.dstPort = u16(d, pos + t + 2);
  }

  private static void applyFirst(long first, DecodedPacket out) {
    if (first == FragmentTable.NOT_FOUND) {
      return;
    }
    out.protocol = (int) (first >>> 32) & 0xFF;
    out.srcPort = (int) (first >>> 16) & 0xFFFF;
    out.dstPort = (int) first & 0xFFFF;
  }
}
