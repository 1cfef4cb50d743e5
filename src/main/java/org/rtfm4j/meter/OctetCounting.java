package org.rtfm4j.meter;

import org.rtfm4j.packet.DecodedPacket;

/** Which length of a packet its flow's ToOctets/FromOctets count. */
public enum OctetCounting {
  /**
   * Octets at the peer (IP) layer: IPv4 total length, IPv6 payload length + 40. What softflowd,
   * pmacctd and YAF count; independent of link headers, padding and snaplen.
   */
  IP,
  /** Octets on the wire, link header included: what Wireshark and argus show. */
  FRAME;

  /** The octets counted for a decoded IP packet of {@code wireLength} octets on the wire. */
  long octets(DecodedPacket packet, int wireLength) {
    return this == IP ? packet.ipLength : wireLength;
  }
}
