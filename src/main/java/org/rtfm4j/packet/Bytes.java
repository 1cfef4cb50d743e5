package org.rtfm4j.packet;

/** Big-endian reads from a byte array; callers check bounds first. */
final class Bytes {
  private Bytes() {}

  static int u8(byte[] d, int i) {
    return d[i] & 0xFF;
  }

  static int u16(byte[] d, int i) {
    return ((d[i] & 0xFF) << 8) | (d[i + 1] & 0xFF);
  }

  static int i32(byte[] d, int i) {
    return (d[i] << 24) | ((d[i + 1] & 0xFF) << 16) | ((d[i + 2] & 0xFF) << 8) | (d[i + 3] & 0xFF);
  }

  static long u32(byte[] d, int i) {
    return i32(d, i) & 0xFFFF_FFFFL;
  }

  static long u48(byte[] d, int i) {
    return ((long) u16(d, i) << 32) | u32(d, i + 2);
  }

  static long i64(byte[] d, int i) {
    return ((long) i32(d, i) << 32) | u32(d, i + 4);
  }
}
