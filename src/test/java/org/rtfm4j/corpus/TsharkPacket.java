package org.rtfm4j.corpus;

/**
 * One frame as tshark dissects it, reduced to what a five-tuple flow needs: the outer IP header's
 * addresses and upper-layer protocol, the outer TCP/UDP ports (after attributing non-first
 * fragments to their first fragment), and the IP-layer length.
 *
 * @param frame frame number, from 1
 * @param wireLength frame.len
 * @param capturedLength frame.cap_len
 * @param kind whether the frame carries an IP header tshark could read
 * @param ipVersion 4 or 6 (0 for a non-IP frame)
 * @param src outer source address as tshark prints it
 * @param dst outer destination address
 * @param protocol upper-layer protocol of the outer IP header (after IPv6 extension headers)
 * @param ipBytes IPv4 total length, or IPv6 payload length + 40
 * @param srcPort outer TCP/UDP source port, else 0
 * @param dstPort outer TCP/UDP destination port, else 0
 * @param portsKnown false for a TCP/UDP packet whose ports tshark could not read (it stopped
 *     dissecting before the transport header, e.g. on a malformed IP option): the meter may
 *     legitimately find them
 * @param encapsulation the layers tshark dissected before the outer IP header, e.g.
 *     "eth:ethertype:vlan:ethertype"
 * @param problems tshark's error-level expert messages for this frame, "" when none
 */
record TsharkPacket(
    int frame,
    long wireLength,
    long capturedLength,
    Kind kind,
    int ipVersion,
    String src,
    String dst,
    int protocol,
    long ipBytes,
    int srcPort,
    int dstPort,
    boolean portsKnown,
    String encapsulation,
    String problems) {

  /** What kind of frame this is, for the truth tables. */
  enum Kind {
    /** No IP layer in the frame. */
    NON_IP,
    /** tshark found an IP layer but not its addresses, protocol or length. */
    BROKEN_IP,
    /** An IP packet with every field a five-tuple needs. */
    IP
  }

  /** True when tshark reported an error (e.g. "Malformed Packet", "Bogus IP length"). */
  boolean suspect() {
    return !problems.isEmpty();
  }
}
