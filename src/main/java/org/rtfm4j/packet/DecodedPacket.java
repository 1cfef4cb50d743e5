package org.rtfm4j.packet;

/**
 * The header fields of one packet, filled by {@link PacketDecoder} and read by the Packet
 * Matching Engine: the RFC 2722 §4.3 'match key' in wire (S->D) order. One instance is reused for
 * every packet, so nothing here allocates per packet.
 *
 * <p>Addresses are held left-aligned in two longs, as every attribute value is (see
 * {@code rules.Attribute}): an IPv4 address sits in the top 32 bits of {@code ...AddrHi} with
 * {@code ...AddrLo} zero; an IPv6 address fills both; a MAC address is held in the low 48 bits of
 * {@code srcMac}/{@code dstMac} (the PME shifts it to the top when it reads it); a port sits in the
 * top 16 bits of a long when the PME reads it.
 */
public final class DecodedPacket {
  /** RFC 2720 PeerType ipv4(1). */
  public static final int PEER_IPV4 = 1;
  /** RFC 2720 PeerType ipv6(2). */
  public static final int PEER_IPV6 = 2;
  /** RFC 2720 AdjacentType ethernet(7). */
  public static final int ADJACENT_ETHERNET = 7;

  // --- from the capture
  /** Interface number (SourceInterface/DestInterface), 1-origin. */
  public int interfaceNumber;
  /** Link type of the capture (LINKTYPE_* number). */
  public int linkType;
  /** Capture timestamp, nanoseconds since the Unix epoch. */
  public long timestampNanos;
  /** Bytes captured. */
  public int capturedLength;
  /** Bytes on the wire (may exceed capturedLength when snaplen truncated the packet). */
  public int wireLength;

  // --- link layer
  /** AdjacentType: {@link #ADJACENT_ETHERNET} when MAC addresses are known, else 0. */
  public int adjacentType;
  /** Source MAC address in the low 48 bits (0 when none). */
  public long srcMac;
  /** Destination MAC address in the low 48 bits (0 when none). */
  public long dstMac;
  /** Number of VLAN tags seen (802.1Q / 802.1ad), outermost first. */
  public int vlanCount;
  /** Outer VLAN id (12 bits), or -1. */
  public int outerVlan;
  /** Inner VLAN id (12 bits) of a QinQ frame, or -1. */
  public int innerVlan;

  // --- peer (network) layer
  /** PeerType: {@link #PEER_IPV4} or {@link #PEER_IPV6}. */
  public int peerType;
  /** Address length in bytes: 4 or 16. */
  public int addressLength;
  public long srcAddrHi;
  public long srcAddrLo;
  public long dstAddrHi;
  public long dstAddrLo;
  /** Octets at the peer layer: IPv4 total length, or IPv6 payload length + 40. */
  public int ipLength;
  /** Offset of the IP header in the captured bytes. */
  public int ipOffset;

  // --- transport layer
  /** TransType: the IP protocol number of the (outer) transport header after extension headers. */
  public int protocol;
  /** Source port (TCP, UDP, SCTP), else 0. */
  public int srcPort;
  /** Destination port (TCP, UDP, SCTP), else 0. */
  public int dstPort;

  // --- fragments (RFC 791, RFC 8200 §4.5)
  /** True for any fragment (first or later). */
  public boolean fragment;
  /** True for a non-first fragment (offset != 0): it carries no transport header. */
  public boolean laterFragment;
  /** Fragment identification (IPv4: 16 bits, IPv6: 32 bits). */
  public long fragmentId;

  /** True when the packet was cut short by the capture but still decoded from what was there. */
  public boolean truncated;

  /** Clears every field before the next packet. */
  public void clear() {
    interfaceNumber = 0;
    linkType = 0;
    timestampNanos = 0;
    capturedLength = 0;
    wireLength = 0;
    adjacentType = 0;
    srcMac = 0;
    dstMac = 0;
    vlanCount = 0;
    outerVlan = -1;
    innerVlan = -1;
    peerType = 0;
    addressLength = 0;
    srcAddrHi = 0;
    srcAddrLo = 0;
    dstAddrHi = 0;
    dstAddrLo = 0;
    ipLength = 0;
    ipOffset = 0;
    protocol = 0;
    srcPort = 0;
    dstPort = 0;
    fragment = false;
    laterFragment = false;
    fragmentId = 0;
    truncated = false;
  }
}
