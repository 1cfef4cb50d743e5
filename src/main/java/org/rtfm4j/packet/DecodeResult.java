package org.rtfm4j.packet;

/** What the decoder made of one packet. */
public enum DecodeResult {
  /** An IPv4 or IPv6 packet: the {@link DecodedPacket} is filled and can be matched. */
  IP,
  /** A well-formed frame that carries no IP (ARP, LLDP, ...): not matched, counted as non-IP. */
  NON_IP,
  /** The capture's link type is one this meter does not decode. */
  UNSUPPORTED_LINK_TYPE,
  /** Damaged headers: the reason is in {@link PacketDecoder#lastMalformedReason()}. */
  MALFORMED
}
