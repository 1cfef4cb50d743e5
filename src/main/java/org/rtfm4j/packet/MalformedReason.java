package org.rtfm4j.packet;

/** Why {@link PacketDecoder} found a packet {@link DecodeResult#MALFORMED}: one per check. */
public enum MalformedReason {
  /** The caller's offset/length do not lie inside its buffer. */
  CAPTURE_BOUNDS_INVALID("capture record outside its buffer"),
  /** Fewer bytes than the fixed link-layer header (Ethernet 14, SLL 16, SLL2 20, null 4). */
  LINK_HEADER_TRUNCATED("link-layer header cut short"),
  /** An 802.1Q / 802.1ad tag announced but fewer than 4 bytes follow. */
  VLAN_TAG_TRUNCATED("VLAN tag cut short"),
  /** An 802.3 length-field frame too short for its LLC (3 bytes) or SNAP (5 more) header. */
  LLC_HEADER_TRUNCATED("802.2 LLC/SNAP header cut short"),
  /** The MPLS label stack has no bottom-of-stack entry, or nothing follows it (RFC 3032). */
  MPLS_TRUNCATED("MPLS label stack cut short"),
  /** The PPPoE session header (6 bytes) or the PPP protocol field (2 bytes) is cut short. */
  PPPOE_HEADER_TRUNCATED("PPPoE/PPP header cut short"),
  /** Raw IP link with no byte at all, or a version nibble that is neither 4 nor 6. */
  IP_BAD_VERSION("raw IP packet with version neither 4 nor 6"),
  /** Fewer than the 20 bytes of the fixed IPv4 header (RFC 791 §3.1). */
  IPV4_HEADER_TRUNCATED("IPv4 header cut short (< 20 bytes)"),
  /** Link layer said IPv4 but the version field is not 4. */
  IPV4_BAD_VERSION("IPv4 version field is not 4"),
  /** IHL below 5 (RFC 791: minimum header is 5 words). */
  IPV4_BAD_HEADER_LENGTH("IPv4 header length below 20 bytes"),
  /** Total length (non-zero) smaller than the header length. */
  IPV4_BAD_TOTAL_LENGTH("IPv4 total length smaller than its header"),
  /** Fewer than the 40 bytes of the IPv6 header (RFC 8200 §3). */
  IPV6_HEADER_TRUNCATED("IPv6 header cut short (< 40 bytes)"),
  /** Link layer said IPv6 but the version field is not 6. */
  IPV6_BAD_VERSION("IPv6 version field is not 6"),
  /** An extension header reaches past the end the payload length declares (RFC 8200 §4). */
  IPV6_EXTENSION_HEADER_BAD("IPv6 extension header runs past the payload length"),
  /** An unexpected fault inside the decoder (a bug); counted, never thrown. */
  DECODER_FAULT("internal decoder fault");

  private final String description;

  MalformedReason(String description) {
    this.description = description;
  }

  /** A short human description for the meter's summary. */
  public String description() {
    return description;
  }
}
