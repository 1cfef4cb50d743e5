package org.rtfm4j.corpus;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Canonical text for IP addresses, so tshark's and the meter's spellings of one address compare
 * equal: IPv4 dotted decimal, IPv6 in RFC 5952 form (section 4: lower case, no leading zeros,
 * the longest run of two or more zero groups compressed, the first such run on a tie).
 */
final class Addresses {

  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final int IPV6_BYTES = 16;
  private static final int GROUPS = 8;

  private Addresses() {}

  /** Canonical text of an IPv4 or IPv6 literal; never resolves names. */
  static String canonical(String literal) {
    if (literal.isEmpty() || !LITERAL.matcher(literal).matches()) {
      throw new IllegalArgumentException("not an IP address literal: '" + literal + "'");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: '" + literal + "'", e);
    }
    if (literal.indexOf(':') >= 0 && bytes.length == 4) {
      // Java turns ::ffff:a.b.c.d into an Inet4Address; keep it an IPv6 address.
      byte[] mapped = new byte[IPV6_BYTES];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(bytes, 0, mapped, 12, 4);
      bytes = mapped;
    }
    return bytes.length == 4 ? ipv4(bytes) : ipv6(bytes);
  }

  /** 4 for a dotted IPv4 literal, 6 otherwise. */
  static int version(String canonical) {
    return canonical.indexOf(':') >= 0 ? 6 : 4;
  }

  private static String ipv4(byte[] b) {
    try {
      return ((Inet4Address) InetAddress.getByAddress(b)).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String ipv6(byte[] b) {
    int[] g = new int[GROUPS];
    for (int i = 0; i < GROUPS; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < GROUPS; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < GROUPS && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < GROUPS; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
