package org.rtfm4j.testutil;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds Ethernet frames and classic pcap files for tests whose truth is the RFC, not a capture:
 * every header is written field by field here, so a test can say exactly what it expects.
 */
public final class Frames {
  private Frames() {}

  /** Ethernet II + IPv4 (no options) + TCP or UDP header with {@code payload} zero bytes. */
  public static byte[] ipv4(String src, int sport, String dst, int dport, int protocol,
      int payload) {
    int l4 = protocol == 6 ? 20 : protocol == 17 ? 8 : 0;
    int ipLen = 20 + l4 + payload;
    ByteBuffer b = ByteBuffer.allocate(14 + ipLen).order(ByteOrder.BIG_ENDIAN);
    b.put(new byte[] {0, 0x11, 0x22, 0x33, 0x44, 0x55}); // destination MAC
    b.put(new byte[] {0, 0x66, 0x77, (byte) 0x88, (byte) 0x99, (byte) 0xaa}); // source MAC
    b.putShort((short) 0x0800);
    b.put((byte) 0x45).put((byte) 0).putShort((short) ipLen);
    b.putShort((short) 1).putShort((short) 0); // id, flags/fragment offset
    b.put((byte) 64).put((byte) protocol).putShort((short) 0);
    b.put(address(src)).put(address(dst));
    if (l4 > 0) {
      b.putShort((short) sport).putShort((short) dport);
      if (protocol == 6) {
        b.putInt(0).putInt(0).put((byte) 0x50).put((byte) 0x10).putShort((short) 1024)
            .putInt(0);
      } else {
        b.putShort((short) (8 + payload)).putShort((short) 0);
      }
    }
    return b.array();
  }

  private static byte[] address(String dotted) {
    String[] p = dotted.split("\\.");
    byte[] a = new byte[4];
    for (int i = 0; i < 4; i++) {
      a[i] = (byte) Integer.parseInt(p[i]);
    }
    return a;
  }

  /** A frame with its capture time. */
  public record Timed(long timestampMicros, byte[] frame) {}

  /** Writes a microsecond pcap file, Ethernet link type, little-endian. */
  public static void writePcap(Path file, List<Timed> frames) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
      h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
          .putInt(65535).putInt(1);
      out.write(h.array());
      for (Timed t : frames) {
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        r.putInt((int) (t.timestampMicros() / 1_000_000))
            .putInt((int) (t.timestampMicros() % 1_000_000))
            .putInt(t.frame().length).putInt(t.frame().length);
        out.write(r.array());
        out.write(t.frame());
      }
    }
  }

  /** The bytes of a pcap file, for in-memory use. */
  public static byte[] pcapBytes(List<Timed> frames) throws IOException {
    Path tmp = Files.createTempFile("frames", ".pcap");
    try {
      writePcap(tmp, frames);
      return Files.readAllBytes(tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

}
