package org.rtfm4j.packet;

/** IP protocol numbers (IANA "Assigned Internet Protocol Numbers") the decoder acts on. */
public final class IpProtocol {
  /** IPv6 Hop-by-Hop Options header (RFC 8200 §4.3). */
  public static final int HOPOPT = 0;
  public static final int ICMP = 1;
  /** IPv4 encapsulation (IP-in-IP, RFC 2003): not decapsulated. */
  public static final int IPIP = 4;
  public static final int TCP = 6;
  public static final int UDP = 17;
  /** DCCP (RFC 4340): ports in the first four octets. */
  public static final int DCCP = 33;
  /** IPv6 encapsulation (6in4, RFC 4213): not decapsulated. */
  public static final int IPV6 = 41;
  /** IPv6 Routing header (RFC 8200 §4.4). */
  public static final int IPV6_ROUTE = 43;
  /** IPv6 Fragment header (RFC 8200 §4.5). */
  public static final int IPV6_FRAG = 44;
  public static final int GRE = 47;
  /** Encapsulating Security Payload (RFC 4303): nothing after it can be read. */
  public static final int ESP = 50;
  /** Authentication Header (RFC 4302). */
  public static final int AH = 51;
  public static final int ICMPV6 = 58;
  /** IPv6 No Next Header (RFC 8200 §4.7). */
  public static final int IPV6_NONXT = 59;
  /** IPv6 Destination Options header (RFC 8200 §4.6). */
  public static final int IPV6_OPTS = 60;
  /** SCTP (RFC 9260): ports in the first four octets. */
  public static final int SCTP = 132;
  /** IPv6 Mobility Header (RFC 6275 §6.1). */
  public static final int MOBILITY = 135;
  /** UDP-Lite (RFC 3828): ports in the first four octets. */
  public static final int UDPLITE = 136;
  /** Host Identity Protocol (RFC 7401 §5.1). */
  public static final int HIP = 139;
  /** Shim6 (RFC 5533 §5). */
  public static final int SHIM6 = 140;

  private IpProtocol() {}

  /** True for the transport protocols whose first four octets are source and destination port. */
  public static boolean hasPorts(int protocol) {
    return protocol == TCP || protocol == UDP || protocol == SCTP || protocol == UDPLITE
        || protocol == DCCP;
  }
}
