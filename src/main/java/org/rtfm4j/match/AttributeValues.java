package org.rtfm4j.match;

/**
 * Packs attribute values and masks, big-endian byte strings left-aligned and right-padded with
 * zeroes (RFC 2723 Appendix B), into two longs: bytes 0..7 in {@code hi}, 8..15 in {@code lo}.
 */
public final class AttributeValues {
  private AttributeValues() {}

  /** Bytes 0..7 of {@code bytes}, left-aligned. */
  public static long hi(byte[] bytes) {
    return pack(bytes, 0);
  }

  /** Bytes 8..15 of {@code bytes}, left-aligned. */
  public static long lo(byte[] bytes) {
    return pack(bytes, 8);
  }

  private static long pack(byte[] bytes, int from) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      int j = from + i;
      long b = j < bytes.length ? bytes[j] & 0xFF : 0;
      v |= b << (56 - 8 * i);
    }
    return v;
  }

  /** The first {@code length} bytes of the value held in {@code hi}/{@code lo}. */
  public static byte[] bytes(long hi, long lo, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      long w = i < 8 ? hi : lo;
      out[i] = (byte) (w >>> (56 - 8 * (i & 7)));
    }
    return out;
  }
}
