package org.rtfm4j.flow;

/** Text forms of attribute values: IPv4 dotted quad, IPv6 per RFC 5952, MAC with colons. */
public final class AddressFormat {
  private AddressFormat() {}

  /** Dotted quad of an IPv4 address held in the top 32 bits of {@code hi}. */
  public static String ipv4(long hi) {
    int a = (int) (hi >>> 32);
    return (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
  }

  /**
   * RFC 5952 text of an IPv6 address: lower case, no leading zeros, the longest run of two or
   * more zero groups (the first if tied) as {@code ::}, IPv4-mapped addresses as
   * {@code ::ffff:a.b.c.d} (§5).
   */
  public static String ipv6(long hi, long lo) {
    if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
      return "::ffff:" + ipv4(lo << 32);
    }
    int[] g = new int[8];
    for (int i = 0; i < 4; i++) {
      g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
      g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  /** {@code aa:bb:cc:dd:ee:ff} of a MAC address held in the low 48 bits. */
  public static String mac(long mac) {
    StringBuilder sb = new StringBuilder(17);
    for (int i = 5; i >= 0; i--) {
      int b = (int) (mac >>> (8 * i)) & 0xFF;
      if (sb.length() > 0) {
        sb.append(':');
      }
      sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return sb.toString();
  }
}
