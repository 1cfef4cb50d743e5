package org.rtfm4j.corpus;

/** Names of the IP protocol numbers the crosscheck tables use (IANA protocol numbers). */
final class ProtocolNames {

  static final int ICMP = 1;
  static final int IGMP = 2;
  static final int TCP = 6;
  static final int UDP = 17;
  static final int ICMPV6 = 58;

  private ProtocolNames() {}

  /** tshark-style name, or the number itself. */
  static String name(int protocol) {
    switch (protocol) {
      case ICMP:
        return "icmp";
      case IGMP:
        return "igmp";
      case TCP:
        return "tcp";
      case UDP:
        return "udp";
      case ICMPV6:
        return "icmpv6";
      default:
        return Integer.toString(protocol);
    }
  }

  /** True for the protocols whose flows are keyed on ports. */
  static boolean hasPorts(int protocol) {
    return protocol == TCP || protocol == UDP;
  }
}
