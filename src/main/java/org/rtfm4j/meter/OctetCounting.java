package org.rtfm4j.meter;

/** Which length of a packet its flow's ToOctets/FromOctets count. */
public enum OctetCounting {
  /**
   * Octets at the peer (IP) layer: IPv4 total length, IPv6 payload length + 40. What softflowd,
   * pmacctd and YAF count; independent of link headers, padding and snaplen.
   */
  IP,
  /** Octets on the wire, link header included: what Wireshark and argus show. */
  FRAME
}
