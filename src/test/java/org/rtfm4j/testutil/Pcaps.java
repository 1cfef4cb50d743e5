package org.rtfm4j.testutil;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes classic pcap files (draft-ietf-opsawg-pcap §4-5, microsecond timestamps, little-endian)
 * for tests that need captures of a given shape: IPv4 UDP packets on raw-IP or Ethernet links,
 * and copies of existing captures with packets put in front.
 */
public final class Pcaps implements AutoCloseable {
  /** LINKTYPE_ETHERNET. */
  public static final int ETHERNET = 1;
  /** LINKTYPE_RAW: packets start with their IP header. */
  public static final int RAW_IP = 101;

  private static final int MAGIC_MICROS = 0xa1b2c3d4;
  private static final int SNAPLEN = 262_144;
  private static final int FILE_HEADER = 24;
  private static final int RECORD_HEADER = 16;
  private static final int IPV4_HEADER = 20;
  private static final int UDP_HEADER = 8;
  private static final int IPV6_HEADER = 40;
  private static final int UDP = 17;

  private final DataOutputStream out;
  private final ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER)
      .order(ByteOrder.LITTLE_ENDIAN);

  private Pcaps(OutputStream out, int linkType) throws IOException {
    this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
    ByteBuffer h = ByteBuffer.allocate(FILE_HEADER).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(MAGIC_MICROS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(SNAPLEN).putInt(linkType);
    this.out.write(h.array());
  }

  /** A new capture file with link type {@code linkType}. */
  public static Pcaps create(Path file, int linkType) throws IOException {
    return new Pcaps(Files.newOutputStream(file), linkType);
  }

  /** Appends one packet captured at {@code micros} microseconds since the epoch. */
  public Pcaps packet(long micros, byte[] data) throws IOException {
    header.clear();
    header.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000))
        .putInt(data.length).putInt(data.length);
    out.write(header.array());
    out.write(data);
    return this;
  }

  /**
   * Appends the records of little-endian microsecond pcap {@code file} (same link type), each
   * timestamp moved by {@code shiftMicros}.
   */
  public Pcaps copyRecords(Path file, long shiftMicros) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != MAGIC_MICROS) {
      throw new IOException(file + " is not a little-endian microsecond pcap");
    }
    int p = FILE_HEADER;
    while (p + RECORD_HEADER <= b.limit()) {
      long micros = (b.getInt(p) & 0xFFFF_FFFFL) * 1_000_000 + b.getInt(p + 4) + shiftMicros;
      int captured = b.getInt(p + 8);
      int wire = b.getInt(p + 12);
      byte[] data = new byte[captured];
      b.get(p + RECORD_HEADER, data);
      header.clear();
      header.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000))
          .putInt(captured).putInt(wire);
      out.write(header.array());
      out.write(data);
      p += RECORD_HEADER + captured;
    }
    return this;
  }

  /** The first record's timestamp of classic pcap {@code file}, microseconds since the epoch. */
  public static long firstMicros(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    return (b.getInt(FILE_HEADER) & 0xFFFF_FFFFL) * 1_000_000 + b.getInt(FILE_HEADER + 4);
  }

  /** The link type of classic pcap {@code file}. */
  public static int linkType(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file), 0, FILE_HEADER)
        .order(ByteOrder.LITTLE_ENDIAN);
    return b.getInt(20);
  }

  /** An IPv4 UDP packet (no link header) with {@code payload} zero octets. */
  public static byte[] udp(int source, int dest, int sourcePort, int destPort, int payload) {
    int total = IPV4_HEADER + UDP_HEADER + payload;
    ByteBuffer b = ByteBuffer.allocate(total);
    b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) 0)
        .putShort((short) 0).put((byte) 64).put((byte) UDP).putShort((short) 0)
        .putInt(source).putInt(dest);
    b.putShort((short) sourcePort).putShort((short) destPort)
        .putShort((short) (UDP_HEADER + payload)).putShort((short) 0);
    return b.array();
  }

  /** An IPv6 UDP packet (no link header) with {@code payload} zero octets. */
  public static byte[] udp6(byte[] source, byte[] dest, int sourcePort, int destPort,
      int payload) {
    int length = UDP_HEADER + payload;
    ByteBuffer b = ByteBuffer.allocate(IPV6_HEADER + length);
    b.putInt(0x6000_0000).putShort((short) length).put((byte) UDP).put((byte) 64)
        .put(source).put(dest);
    b.putShort((short) sourcePort).putShort((short) destPort).putShort((short) length)
        .putShort((short) 0);
    return b.array();
  }

  /** {@code ip} (IPv4 or IPv6) in an Ethernet frame. */
  public static byte[] ethernet(byte[] ip) {
    ByteBuffer b = ByteBuffer.allocate(14 + ip.length);
    b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
    b.putShort((short) ((ip[0] >>> 4) == 6 ? 0x86dd : 0x0800)).put(ip);
    return b.array();
  }

  /** An Ethernet ARP request frame (not IP: no rule set makes a flow of it). */
  public static byte[] arpFrame() {
    ByteBuffer b = ByteBuffer.allocate(42);
    b.put(new byte[] {-1, -1, -1, -1, -1, -1, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0806);
    b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4)
        .putShort((short) 1).put(new byte[] {2, 0, 0, 0, 0, 1}).putInt(0x0a000001)
        .put(new byte[6]).putInt(0x0a000002);
    return b.array();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
