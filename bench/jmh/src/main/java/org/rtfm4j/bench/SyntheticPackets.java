package org.rtfm4j.bench;

/**
 * Ethernet / IPv4 / TCP frames of distinct five-tuples, laid end to end in one buffer as a
 * capture file's records would be: flow {@code i} goes from 10.0.0.0 + i, port 1024 + i % 60000,
 * to 192.168.0.1 + i % 256, port 443.
 */
final class SyntheticPackets {
  /** Ethernet (14) + IPv4 (20) + TCP (20) octets. */
  static final int FRAME = 54;
  private static final int ETHERNET = 14;
  private static final int IPV4_HEADER = 20;
  private static final int TCP_HEADER = 20;
  private static final int TCP = 6;
  private static final int TTL = 64;
  private static final int HTTPS = 443;
  private static final int FIRST_PORT = 1024;
  private static final int PORTS = 60_000;
  private static final int SOURCE_BASE = 10 << 24;
  private static final int DEST_BASE = (192 << 24) | (168 << 16) | 1;
  private static final int DESTS = 256;

  final byte[] data;
  final int count;

  SyntheticPackets(int count) {
    this.count = count;
    data = new byte[count * FRAME];
    for (int i = 0; i < count; i++) {
      write(data, i, i * FRAME);
    }
  }

  int offset(int i) {
    return i * FRAME;
  }

  /** Writes flow {@code i}'s frame into {@code d} at {@code o}. */
  static void write(byte[] d, int i, int o) {
    for (int b = 0; b < 12; b++) {
      d[o + b] = (byte) (b < 6 ? 0x02 : 0x04); // locally administered MACs
    }
    d[o + 12] = 0x08; // EtherType IPv4
    d[o + 13] = 0x00;
    int ip = o + ETHERNET;
    d[ip] = 0x45;
    putShort(d, ip + 2, IPV4_HEADER + TCP_HEADER);
    d[ip + 8] = (byte) TTL;
    d[ip + 9] = TCP;
    putInt(d, ip + 12, SOURCE_BASE + i);
    putInt(d, ip + 16, DEST_BASE + i % DESTS);
    int tcp = ip + IPV4_HEADER;
    putShort(d, tcp, FIRST_PORT + i % PORTS);
    putShort(d, tcp + 2, HTTPS);
    d[tcp + 12] = 0x50; // data offset 5 words
    d[tcp + 13] = 0x10; // ACK
  }

  private static void putShort(byte[] d, int o, int v) {
    d[o] = (byte) (v >>> 8);
    d[o + 1] = (byte) v;
  }

  private static void putInt(byte[] d, int o, int v) {
    putShort(d, o, v >>> 16);
    putShort(d, o + 2, v);
  }
}
