package org.rtfm4j.rules;

import java.nio.charset.StandardCharsets;

/**
 * IPv6 address text: parsing per RFC 4291 §2.2 (including {@code ::} and a trailing dotted IPv4
 * address) and formatting per RFC 5952 §4 (lower case, leading zeros dropped, the longest run of
 * two or more zero groups shortened to {@code ::}, the first run on a tie).
 */
public final class Ipv6Text {
  static final int BYTES = 16;
  /** The longest RFC 5952 text: eight groups of four hex digits and seven colons. */
  public static final int MAX_LENGTH = 39;
  /** The longest dotted quad, {@code 255.255.255.255}. */
  public static final int MAX_DOTTED_QUAD_LENGTH = 15;
  /** Room {@link #formatDottedQuad} needs: the longest text and one spare byte. */
  public static final int DOTTED_QUAD_ROOM = MAX_DOTTED_QUAD_LENGTH + 1;
  private static final int GROUPS = 8;
  private static final int GROUP_BITS = 16;
  private static final int MAX_GROUP_DIGITS = 4;
  private static final int HEX_BITS = 4;
  /** Bits 32..47 of an IPv4-mapped address (RFC 4291 §2.5.5.2: ::ffff:a.b.c.d). */
  private static final long IPV4_MAPPED = 0xFFFFL;
  private static final byte[] MAPPED_PREFIX = "::ffff:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final int[] DECIMAL_BYTES = decimalBytes();

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
   * RFC 5952 text of the address whose bytes 0..7 are {@code hi} and 8..15 {@code lo} (see
   * {@link #format(long, long, byte[], int)}).
   */
  public static String format(long hi, long lo) {
    byte[] text = new byte[MAX_LENGTH];
    int n = format(hi, lo, text, 0);
    return new String(text, 0, n, StandardCharsets.US_ASCII);
  }

  /**
   * Writes the RFC 5952 text of the address whose bytes 0..7 are {@code hi} and 8..15 {@code lo}
   * as ASCII at {@code out[at]} and returns the index after it: lower case, no leading zeros, the
   * longest run of two or more zero groups (the first if tied) as {@code ::} (§4.2),
   * IPv4-mapped addresses as {@code ::ffff:a.b.c.d} (§5). The one formatter of IPv6 text in
   * rtfm4j: rule files and flow records both use it; it allocates nothing, as flow output writes
   * one per IPv6 flow.
   *
   * @param out room for {@link #MAX_LENGTH} bytes from {@code at} (an IPv4-mapped address may
   *     also write the byte after the returned index)
   */
  public static int format(long hi, long lo, byte[] out, int at) {
    if (hi == 0 && (lo >>> Integer.SIZE) == IPV4_MAPPED) {
      System.arraycopy(MAPPED_PREFIX, 0, out, at, MAPPED_PREFIX.length);
      return formatDottedQuad((int) lo, out, at + MAPPED_PREFIX.length);
    }
    int bestStart = -1;
    int bestLen = 1; // RFC 5952 §4.2.2: a single zero group is never shortened
    for (int i = 0; i < GROUPS; ) {
      if (group(hi, lo, i) != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < GROUPS && group(hi, lo, j) == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    int n = at;
    for (int i = 0; i < GROUPS; i++) {
      if (i == bestStart) {
        out[n++] = ':';
        out[n++] = ':';
        i += bestLen - 1;
        continue;
      }
      if (n > at && out[n - 1] != ':') {
        out[n++] = ':';
      }
      n = formatHexGroup(group(hi, lo, i), out, n);
    }
    return n;
  }

  /**
   * Writes {@code address} as a dotted quad (RFC 4291 §2.2 item 3: four decimal bytes, no leading
   * zeros) at {@code out[at]} and returns the index after it: the one writer of IPv4 text for
   * flow records, alone or ending an IPv4-mapped IPv6 address.
   *
   * @param out room for {@link #DOTTED_QUAD_ROOM} bytes from {@code at} (the text and one spare
   *     byte; bytes after the returned index may be overwritten)
   */
  public static int formatDottedQuad(int address, byte[] out, int at) {
    // From a table, without a branch per digit ("is this byte over 9, over 99?" depends on the
    // address). With this and AsciiBuffer's digit pairs, writing the benchmark capture's 411k
    // flow records went from 213 to 194 ns each. Each byte's three-byte slot is written whole
    // and the index moved by its digits; the next write covers the spare bytes.
    int n = at;
    for (int shift = Integer.SIZE - Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
      int text = DECIMAL_BYTES[(address >>> shift) & 0xFF];
      out[n] = (byte) text;
      out[n + 1] = (byte) (text >>> Byte.SIZE);
      out[n + 2] = (byte) (text >>> 2 * Byte.SIZE);
      n += text >>> 3 * Byte.SIZE;
      out[n++] = '.';
    }
    return n - 1;
  }

  /**
   * The decimal text of 0..255: up to three ASCII digits, first digit in the lowest byte, and
   * the number of digits in the top byte.
   */
  private static int[] decimalBytes() {
    int[] table = new int[256];
    for (int b = 0; b < table.length; b++) {
      byte[] digits = Integer.toString(b).getBytes(StandardCharsets.US_ASCII);
      int text = digits.length << 3 * Byte.SIZE;
      for (int i = 0; i < digits.length; i++) {
        text |= digits[i] << i * Byte.SIZE;
      }
      table[b] = text;
    }
    return table;
  }

  /** Group {@code i} (0..7) of the address: 16 bits, most significant first. */
  private static int group(long hi, long lo, int i) {
    long half = i < GROUPS / 2 ? hi : lo;
    return (int) (half >>> (GROUP_BITS * (GROUPS / 2 - 1 - i % (GROUPS / 2)))) & 0xFFFF;
  }

  /** Lower-case hex digits of a 16-bit group without leading zeros (RFC 5952 §4.1, §4.3). */
  private static int formatHexGroup(int g, byte[] out, int at) {
    // Digits needed: the highest set bit's nibble, and one for zero (g | 1 keeps that at one).
    int digits = (Integer.SIZE + HEX_BITS - 1 - Integer.numberOfLeadingZeros(g | 1)) / HEX_BITS;
    int n = at;
    for (int d = digits - 1; d >= 0; d--) {
      out[n++] = HEX[(g >>> (HEX_BITS * d)) & 0xF];
    }
    return n;
  }
}
