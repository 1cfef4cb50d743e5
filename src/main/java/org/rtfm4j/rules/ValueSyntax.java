package org.rtfm4j.rules;

import java.math.BigInteger;

/**
 * Text of rule masks and values (RFC 2723 Appendix B) to bytes and back.
 *
 * <p>Accepted forms, always giving exactly the attribute's width in bytes, left-aligned and
 * right-padded with zeroes:
 *
 * <ul>
 *   <li>fields separated by {@code .} (decimal byte), {@code -} (hex byte) or {@code !} (decimal
 *       two bytes); the character after a field gives its type and the last field takes the type
 *       of the one before it ({@code 1.3.10!50} = {@code 1.3.0.10.0.50}); missing trailing fields
 *       are zero ({@code 130.216} = {@code 130.216.0.0});
 *   <li>one decimal number with no separator, filling the whole attribute big-endian ({@code 80}
 *       for a 2-byte TransAddress is 00 50; {@code 23} and {@code 0.23} are the same there);
 *   <li>a name from {@link SymbolicValues} for type and port attributes;
 *   <li>IPv6 text (RFC 4291) for 16-byte attributes, {@code 00:80:48:81:0e:7c} MAC text for 6-byte
 *       ones (hex MACs {@code 00-80-48-81-0E-7C} are ordinary hex fields);
 *   <li>a C character constant {@code 'W'} (or {@code '\\'}, {@code '\''}) for 1-byte attributes.
 * </ul>
 */
final class ValueSyntax {
  private static final int BYTE_MAX = 0xff;
  private static final int TWO_BYTE_MAX = 0xffff;
  private static final int MAC_BYTES = 6;
  private static final int IPV4_BYTES = 4;
  private static final int MAX_DECIMAL_DIGITS = 9;

  private ValueSyntax() {}

  /** A syntax error in a mask or value, at {@code offset} characters into its text. */
  static final class ValueException extends Exception {
    private static final long serialVersionUID = 1L;
    final int offset;

    ValueException(String reason, int offset) {
      super(reason, null, false, false);
      this.offset = offset;
    }
  }

  /**
   * What a mask or value is parsed for.
   *
   * @param name the attribute's name for messages, e.g. {@code SourcePeerAddress} or {@code v1}
   * @param width bytes to produce
   * @param names the table of symbolic values, or null
   * @param ambiguity null, or why a single number cannot be used (a meter variable that may stand
   *     for attributes of different widths)
   */
  record Target(String name, int width, SymbolicValues.Table names, String ambiguity) {
    static Target of(Attribute a) {
      return new Target(a.rfcName(), a.width(), SymbolicValues.tableFor(a), null);
    }
  }

  /** Exactly {@code t.width()} bytes for {@code text}. */
  static byte[] parse(String text, Target t) throws ValueException {
    if (text.isEmpty()) {
      throw new ValueException("empty", 0);
    }
    if (text.charAt(0) == '\'') {
      return characterConstant(text, t);
    }
    if (text.indexOf(':') >= 0) {
      return colonForm(text, t);
    }
    if (t.names() != null) {
      int named = SymbolicValues.lookup(t.names(), text);
      if (named >= 0) {
        return number(BigInteger.valueOf(named), text, t);
      }
    }
    if (text.indexOf('.') < 0 && text.indexOf('-') < 0 && text.indexOf('!') < 0) {
      return singleField(text, t);
    }
    return fields(text, t);
  }

  private static byte[] singleField(String text, Target t) throws ValueException {
    if (!allDigits(text)) {
      if (t.names() != null) {
        throw new ValueException("unknown name '" + text + "' for " + t.name() + " (known: "
            + SymbolicValues.names(t.names()) + ")", 0);
      }
      throw new ValueException("'" + text + "' is not a number", 0);
    }
    BigInteger v = new BigInteger(text);
    if (t.ambiguity() != null && v.signum() != 0) { // zero is zero at any width
      throw new ValueException("a single number is ambiguous here: " + t.ambiguity()
          + "; write the value with field separators (RFC 2723 Appendix B)", 0);
    }
    return number(v, text, t);
  }

  private static byte[] number(BigInteger v, String text, Target t) throws ValueException {
    if (v.bitLength() > 8 * t.width()) {
      throw new ValueException(text + " does not fit in the " + bytes(t.width()) + " of "
          + t.name(), 0);
    }
    byte[] out = new byte[t.width()];
    byte[] be = v.toByteArray(); // may carry one leading sign byte of zero
    int n = Math.min(be.length, out.length);
    System.arraycopy(be, be.length - n, out, out.length - n, n);
    return out;
  }

  private static byte[] fields(String text, Target t) throws ValueException {
    byte[] buf = new byte[text.length() * 2];
    int len = 0;
    int start = 0;
    char previousType = 0;
    while (start <= text.length()) {
      int end = start;
      while (end < text.length() && !isSeparator(text.charAt(end))) {
        end++;
      }
      String field = text.substring(start, end);
      char type = end < text.length() ? text.charAt(end) : previousType;
      if (field.isEmpty()) {
        throw new ValueException("empty field in '" + text + "'", start);
      }
      if (type == '-') {
        int v = hexField(field, start);
        buf[len++] = (byte) v;
      } else {
        long v = decimalField(field, start);
        if (type == '!') {
          if (v > TWO_BYTE_MAX) {
            throw new ValueException("two-byte field " + field + " is greater than 65535", start);
          }
          buf[len++] = (byte) (v >>> 8);
          buf[len++] = (byte) v;
        } else {
          if (v > BYTE_MAX) {
            throw new ValueException("byte field " + field + " is greater than 255", start);
          }
          buf[len++] = (byte) v;
        }
      }
      previousType = type;
      start = end + 1;
    }
    if (len > t.width()) {
      throw new ValueException("'" + text + "' is " + bytes(len) + "; " + t.name() + " is "
          + bytes(t.width()) + " wide (RFC 2723 Appendix C)", 0);
    }
    byte[] out = new byte[t.width()];
    System.arraycopy(buf, 0, out, 0, len);
    return out;
  }

  private static boolean isSeparator(char c) {
    return c == '.' || c == '-' || c == '!';
  }

  private static int hexField(String f, int offset) throws ValueException {
    int v = 0;
    for (int i = 0; i < f.length(); i++) {
      int d = Character.digit(f.charAt(i), 16);
      if (d < 0) {
        throw new ValueException("'" + f + "' is not a hex field", offset);
      }
      v = (v << 4) | d;
      if (v > BYTE_MAX) {
        throw new ValueException("hex field " + f + " is more than one byte", offset);
      }
    }
    return v;
  }

  private static long decimalField(String f, int offset) throws ValueException {
    if (!allDigits(f)) {
      throw new ValueException("'" + f + "' is not a decimal field", offset);
    }
    if (f.length() > MAX_DECIMAL_DIGITS) {
      return Long.MAX_VALUE; // reported as too big by the caller
    }
    return Long.parseLong(f);
  }

  private static byte[] colonForm(String text, Target t) throws ValueException {
    if (t.width() == Ipv6Text.BYTES) {
      try {
        return Ipv6Text.parse(text);
      } catch (IllegalArgumentException e) {
        throw new ValueException(e.getMessage(), 0);
      }
    }
    if (t.width() == MAC_BYTES) {
      String[] parts = text.split(":", -1);
      if (parts.length != MAC_BYTES) {
        throw new ValueException("a MAC address has 6 bytes, not " + parts.length, 0);
      }
      byte[] out = new byte[MAC_BYTES];
      int offset = 0;
      for (int i = 0; i < MAC_BYTES; i++) {
        if (parts[i].isEmpty()) {
          throw new ValueException("empty field in '" + text + "'", offset);
        }
        out[i] = (byte) hexField(parts[i], offset);
        offset += parts[i].length() + 1;
      }
      return out;
    }
    throw new ValueException("':' separates IPv6 groups (16-byte attributes) or MAC bytes (6-byte"
        + " attributes), and " + t.name() + " is " + bytes(t.width())
        + "; RFC 2723 Appendix B fields are separated by '.', '-' or '!'", text.indexOf(':'));
  }

  private static byte[] characterConstant(String text, Target t) throws ValueException {
    char c;
    if (text.length() == 3 && text.charAt(2) == '\'' && text.charAt(1) != '\\'
        && text.charAt(1) != '\'') {
      c = text.charAt(1);
    } else if (text.length() == 4 && text.charAt(1) == '\\' && text.charAt(3) == '\''
        && (text.charAt(2) == '\\' || text.charAt(2) == '\'')) {
      c = text.charAt(2);
    } else {
      throw new ValueException("malformed character constant " + text, 0);
    }
    if (c > BYTE_MAX || Character.isISOControl(c)) {
      throw new ValueException("character constant " + text + " is not a printable one-byte"
          + " character", 0);
    }
    if (t.width() != 1) {
      throw new ValueException("a character constant needs a one-byte attribute; " + t.name()
          + " is " + bytes(t.width()), 0);
    }
    return new byte[] {(byte) c};
  }

  /** True when {@code s} is one or more decimal digits. */
  static boolean allDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String bytes(int n) {
    return n == 1 ? "1 byte" : n + " bytes";
  }

  // ---------------------------------------------------------------- writing

  /** True when every byte is zero (a missing byte counts as zero). */
  static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  /** Plain dotted decimal: trailing zero bytes dropped, but never a lone field (that fills). */
  static String dotted(byte[] b) {
    int n = b.length;
    while (n > 0 && b[n - 1] == 0) {
      n--;
    }
    if (n == 0) {
      return "0";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.max(n, 2); i++) {
      if (i > 0) {
        sb.append('.');
      }
      sb.append(i < b.length ? b[i] & 0xff : 0);
    }
    return sb.toString();
  }

  /** The first four bytes as a dotted quad. */
  static String dottedQuad(byte[] b) {
    return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
  }

  /** Hex fields joined by '-', e.g. a MAC address 00-80-48-81-0e-7c. */
  static String hexFields(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < b.length; i++) {
      if (i > 0) {
        sb.append('-');
      }
      sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf,
          16));
    }
    return sb.toString();
  }

  /** The bytes as one unsigned big-endian decimal number (a single field fills the width). */
  static String wholeNumber(byte[] b) {
    return new BigInteger(1, b).toString();
  }

  /** 'c' for a printable character other than quote and backslash, else the decimal number. */
  static String characterOrNumber(byte b) {
    int c = b & 0xff;
    if (c > ' ' && c < 0x7f && c != '\'' && c != '\\') {
      return "'" + (char) c + "'";
    }
    return Integer.toString(c);
  }

  /** Ipv4-sized peer values: nothing beyond the first four bytes. */
  static boolean fitsIpv4(byte[] b) {
    for (int i = IPV4_BYTES; i < b.length; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b.length >= IPV4_BYTES;
  }
}
