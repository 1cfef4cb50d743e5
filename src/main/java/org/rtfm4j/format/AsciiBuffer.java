package org.rtfm4j.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.rtfm4j.rules.Ipv6Text;

/**
 * A growable ASCII line buffer with the number and address formats flow records use: decimal,
 * IPv4 dotted quad, IPv6 per RFC 5952 and MAC with colons. Writing flow records byte by byte
 * keeps output from costing more than metering when millions of flows are written.
 */
public final class AsciiBuffer {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** Digits of the largest long, 9223372036854775807. */
  private static final int MAX_DIGITS = 19;
  /** 10^n for n = 0..18: a number with n + 1 digits is at least 10^n. */
  private static final long[] POWERS_OF_TEN = powersOfTen();

  private byte[] bytes = new byte[256];
  private int length;

  /** Empties the buffer. */
  public AsciiBuffer clear() {
    length = 0;
    return this;
  }

  /** Bytes held. */
  public int length() {
    return length;
  }

  public AsciiBuffer append(char c) {
    ensure(1);
    bytes[length++] = (byte) c;
    return this;
  }

  /** Appends ASCII text. */
  public AsciiBuffer append(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      bytes[length++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** Appends a decimal number. */
  public AsciiBuffer append(long v) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        return append(Long.toString(v));
      }
      append('-');
      v = -v;
    }
    ensure(MAX_DIGITS);
    int digits = 1;
    while (digits < MAX_DIGITS && v >= POWERS_OF_TEN[digits]) {
      digits++;
    }
    // Digits from the last: counters need 64-bit division, most fields (ports, indexes, times)
    // only the cheaper 32-bit kind.
    int i = length + digits;
    length = i;
    while (v > Integer.MAX_VALUE) {
      long q = v / 10;
      bytes[--i] = (byte) ('0' + (v - 10 * q));
      v = q;
    }
    int w = (int) v;
    do {
      int q = w / 10;
      bytes[--i] = (byte) ('0' + (w - 10 * q));
      w = q;
    } while (w != 0);
    return this;
  }

  /** Dotted quad of an IPv4 address held in the top 32 bits of {@code hi}. */
  public AsciiBuffer appendIpv4(long hi) {
    ensure(Ipv6Text.MAX_DOTTED_QUAD_LENGTH);
    length = Ipv6Text.formatDottedQuad((int) (hi >>> Integer.SIZE), bytes, length);
    return this;
  }

  /** RFC 5952 text of an IPv6 address (see {@link Ipv6Text#format(long, long, byte[], int)}). */
  public AsciiBuffer appendIpv6(long hi, long lo) {
    ensure(Ipv6Text.MAX_LENGTH);
    length = Ipv6Text.format(hi, lo, bytes, length);
    return this;
  }

  /** {@code aa:bb:cc:dd:ee:ff} of a MAC address held in the low 48 bits. */
  public AsciiBuffer appendMac(long mac) {
    ensure(17);
    for (int i = 5; i >= 0; i--) {
      int b = (int) (mac >>> (8 * i)) & 0xFF;
      if (i < 5) {
        bytes[length++] = ':';
      }
      bytes[length++] = HEX[b >>> 4];
      bytes[length++] = HEX[b & 0xF];
    }
    return this;
  }

  /** Writes the bytes held to {@code out}. */
  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, length);
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.US_ASCII);
  }

  private void ensure(int n) {
    if (length + n > bytes.length) {
      byte[] b = new byte[Math.max(bytes.length * 2, length + n)];
      System.arraycopy(bytes, 0, b, 0, length);
      bytes = b;
    }
  }

  private static long[] powersOfTen() {
    long[] p = new long[MAX_DIGITS];
    p[0] = 1;
    for (int i = 1; i < p.length; i++) {
      p[i] = p[i - 1] * 10;
    }
    return p;
  }
}
