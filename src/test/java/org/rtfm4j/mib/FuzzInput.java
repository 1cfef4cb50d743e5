package org.rtfm4j.mib;

import java.util.Arrays;

/**
 * Reads a fuzz input from the front, octet by octet: numbers big-endian, and zeroes once the
 * input is used up, so every input (mutated or hand-written) means something. The fuzz tests of
 * this package describe their input formats in these terms.
 */
final class FuzzInput {
  private final byte[] bytes;
  private int pos;

  FuzzInput(byte[] bytes) {
    this.bytes = bytes;
  }

  /** True while unread octets remain. */
  boolean more() {
    return pos < bytes.length;
  }

  int u8() {
    return pos < bytes.length ? bytes[pos++] & 0xff : 0;
  }

  int u16() {
    return u8() << 8 | u8();
  }

  int i32() {
    return u16() << 16 | u16();
  }

  long i64() {
    return (long) i32() << 32 | (i32() & 0xffff_ffffL);
  }

  /** {@code n} octets (fewer when the input ends first). */
  byte[] bytes(int n) {
    int k = Math.min(n, bytes.length - pos);
    byte[] b = Arrays.copyOfRange(bytes, pos, pos + k);
    pos += k;
    return b;
  }

  /** One of {@code values}, chosen by an octet. */
  int pick(int[] values) {
    return values[u8() % values.length];
  }
}
