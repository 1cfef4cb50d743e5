package org.rtfm4j.flow;

/** Text forms of attribute values: IPv4 dotted quad, IPv6 per RFC 5952, MAC with colons. */
public final class AddressFormat {
  private AddressFormat() {}

  /** Dotted quad of an IPv4 address held in the top 32 bits of {@code hi}. */
  public static String ipv4(long hi) {
    return new AsciiBuffer().appendIpv4(hi).toString();
  }

  /** RFC 5952 text of an IPv6 address (see {@link AsciiBuffer#appendIpv6}). */
  public static String ipv6(long hi, long lo) {
    return new AsciiBuffer().appendIpv6(hi, lo).toString();
  }

  /** {@code aa:bb:cc:dd:ee:ff} of a MAC address held in the low 48 bits. */
  public static String mac(long mac) {
    return new AsciiBuffer().appendMac(mac).toString();
  }
}
