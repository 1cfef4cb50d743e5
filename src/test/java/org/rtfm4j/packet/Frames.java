package org.rtfm4j.packet;

import java.io.ByteArrayOutputStream;

/** Builds crafted frames byte by byte, big-endian, for decoder tests. */
final class Frames {
  static final byte[] MAC_A = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
  static final byte[] MAC_B = {0x66, 0x77, (byte) 0x88, (byte) 0x99, (byte) 0xAA, (byte) 0xBB};
  static final byte[] V4_SRC = {10, 0, 0, 1};
  static final byte[] V4_DST = {(byte) 192, (byte) 168, 7, 9};
  static final byte[] V6_SRC = bytes("20010db8000000000000000000000001");
  static final byte[] V6_DST = bytes("20010db8ffff00000000000000000002");

  private final ByteArrayOutputStream b = new ByteArrayOutputStream();

  static Frames of() {
    return new Frames();
  }

  Frames u8(int... v) {
    for (int x : v) {
      b.write(x);
    }
    return this;
  }

  Frames u16(int... v) {
    for (int x : v) {
      b.write(x >>> 8);
      b.write(x);
    }
    return this;
  }

  Frames u32(long v) {
    return u16((int) (v >>> 16) & 0xFFFF, (int) v & 0xFFFF);
  }

  Frames raw(byte[] v) {
    b.writeBytes(v);
    return this;
  }

  Frames zeros(int n) {
    return raw(new byte[n]);
  }

  /** Ethernet header MAC_B -> MAC_A with the given EtherType/length. */
  Frames ether(int type) {
    return raw(MAC_A).raw(MAC_B).u16(type);
  }

  /** A 20-byte IPv4 header (checksum 0) V4_SRC -> V4_DST. */
  Frames ipv4(int protocol, int totalLength) {
    return ipv4(5, protocol, totalLength, 0x1234, 0);
  }

  Frames ipv4(int ihl, int protocol, int totalLength, int id, int flagsOffset) {
    return u8(0x40 | ihl, 0).u16(totalLength, id, flagsOffset).u8(64, protocol).u16(0)
        .raw(V4_SRC).raw(V4_DST);
  }

  /** A 40-byte IPv6 header V6_SRC -> V6_DST. */
  Frames ipv6(int next, int payloadLength) {
    return u32(0x6000_0000L).u16(payloadLength).u8(next, 64).raw(V6_SRC).raw(V6_DST);
  }

  /** A 20-byte TCP header with the given ports (SYN). */
  Frames tcp(int srcPort, int dstPort) {
    return u16(srcPort, dstPort).u32(1).u32(0).u8(0x50, 0x02).u16(65535, 0, 0);
  }

  /** An 8-byte UDP header with the given ports and length. */
  Frames udp(int srcPort, int dstPort, int length) {
    return u16(srcPort, dstPort, length, 0);
  }

  int size() {
    return b.size();
  }

  byte[] build() {
    return b.toByteArray();
  }

  static byte[] bytes(String hex) {
    return java.util.HexFormat.of().parseHex(hex);
  }
}
