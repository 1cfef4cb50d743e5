package org.rtfm4j.rules;

/**
 * IPv6 address text: parsing per RFC 4291 §2.2 (including {@code ::} and a trailing dotted IPv4
 * address) and formatting per RFC 5952 §4 (lower case, leading zeros dropped, the longest run of
 * two or more zero groups shortened to {@code ::}, the first run on a tie).
 */
public final class Ipv6Text {
  static final int BYTES = 16;
  private static final int GROUPS = 8;
  private static final int MAX_GROUP_DIGITS = 4;

  private Ipv6Text() {}

  /**
   * The 16 bytes of {@code text}.
   *
   * @throws IllegalArgumentException with a reason when the text is not an RFC 4291 address
   */
  static byte[] parse(String text) {
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      throw new IllegalArgumentException("'::' may appear only once in an IPv6 address");
    }
    int[] head;
    int[] tail;
    if (doubleColon < 0) {
      head = groups(text, true);
      tail = new int[0];
      if (head.length != GROUPS) {
        throw new IllegalArgumentException("an IPv6 address without '::' needs 8 groups, not "
            + head.length);
      }
    } else {
      String left = text.substring(0, doubleColon);
      String right = text.substring(doubleColon + 2);
      head = left.isEmpty() ? new int[0] : groups(left, false);
      tail = right.isEmpty() ? new int[0] : groups(right, true);
      if (head.length + tail.length > GROUPS - 1) {
        throw new IllegalArgumentException("an IPv6 address with '::' has at most 7 groups");
      }
    }
    byte[] out = new byte[BYTES];
    for (int i = 0; i < head.length; i++) {
      putGroup(out, i, head[i]);
    }
    for (int i = 0; i < tail.length; i++) {
      putGroup(out, GROUPS - tail.length + i, tail[i]);
    }
    return out;
  }

  /** Hex groups of one side of '::'; a dotted IPv4 address may end the last side (two groups). */
  private static int[] groups(String side, boolean ipv4Allowed) {
    String[] parts = side.split(":", -1);
    int count = parts.length;
    boolean ipv4 = parts[count - 1].indexOf('.') >= 0;
    if (ipv4 && !ipv4Allowed) {
      throw new IllegalArgumentException("a dotted IPv4 address may only end an IPv6 address");
    }
    int[] out = new int[ipv4 ? count + 1 : count];
    for (int i = 0; i < (ipv4 ? count - 1 : count); i++) {
      out[i] = hexGroup(parts[i]);
    }
    if (ipv4) {
      long v4 = dottedQuad(parts[count - 1]);
      out[count - 1] = (int) (v4 >>> 16);
      out[count] = (int) (v4 & 0xffff);
    }
    return out;
  }

  private static int hexGroup(String g) {
    if (g.isEmpty() || g.length() > MAX_GROUP_DIGITS) {
      throw new IllegalArgumentException(g.isEmpty() ? "empty group in IPv6 address"
          : "IPv6 group '" + g + "' has more than 4 hex digits");
    }
    int v = 0;
    for (int i = 0; i < g.length(); i++) {
      int d = Character.digit(g.charAt(i), 16);
      if (d < 0) {
        throw new IllegalArgumentException("'" + g + "' is not a hex group");
      }
      v = (v << 4) | d;
    }
    return v;
  }

  /** RFC 4291 §2.2 item 3: d.d.d.d, four decimal bytes. */
  private static long dottedQuad(String s) {
    String[] p = s.split("\\.", -1);
    if (p.length != 4) {
      throw new IllegalArgumentException("embedded IPv4 address '" + s + "' needs 4 fields");
    }
    long v = 0;
    for (String f : p) {
      if (f.isEmpty() || f.length() > 3 || !f.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("'" + f + "' is not a decimal byte");
      }
      int b = Integer.parseInt(f);
      if (b > 255) {
        throw new IllegalArgumentException("byte " + b + " is greater than 255");
      }
      v = (v << 8) | b;
    }
    return v;
  }

  private static void putGroup(byte[] out, int group, int v) {
    out[2 * group] = (byte) (v >>> 8);
    out[2 * group + 1] = (byte) v;
  }

  /** RFC 5952 text of 16 bytes. */
  static String format(byte[] a) {
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (a[i] & 0xff);
      lo = (lo << 8) | (a[8 + i] & 0xff);
    }
    return format(hi, lo);
  }

  /**
   * RFC 5952 text of the address whose bytes 0..7 are {@code hi} and 8..15 {@code lo}: lower
   * case, no leading zeros, the longest run of two or more zero groups (the first if tied) as
   * {@code ::} (§4.2), IPv4-mapped addresses as {@code ::ffff:a.b.c.d} (§5). The one formatter
   * of IPv6 text in rtfm4j: rule files and flow records both use it.
   */
  public static String format(long hi, long lo) {
    if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
      int a = (int) lo;
      return "::ffff:" + (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "."
          + (a & 0xFF);
    }
    int[] g = new int[GROUPS];
    for (int i = 0; i < 4; i++) {
      g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
      g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
    }
    int bestStart = -1;
    int bestLen = 1; // RFC 5952 §4.2.2: a single zero group is never shortened
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
    StringBuilder sb = new StringBuilder(39);
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
