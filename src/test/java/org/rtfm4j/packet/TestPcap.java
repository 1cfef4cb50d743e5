package org.rtfm4j.packet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny pcap / pcapng walker for tests only (the meter's reader lives in capture): loads a file
 * and lists its packet records. Stops quietly at the first record that does not fit the file,
 * setting {@link #damaged}.
 */
final class TestPcap {
  /** One packet record: bytes at {@code data[offset .. offset + capturedLength)}. */
  record Frame(int linkType, int offset, int capturedLength, int wireLength, long timestampNanos) {}

  final byte[] data;
  final List<Frame> frames = new ArrayList<>();
  boolean damaged;

  private TestPcap(byte[] data) {
    this.data = data;
  }

  static TestPcap read(Path file) throws IOException {
    TestPcap p = new TestPcap(Files.readAllBytes(file));
    p.walk();
    return p;
  }

  /** Writes a classic pcap (µs, little-endian) of one link type with the given frames. */
  static void write(Path file, int linkType, List<byte[]> frames, List<Integer> wireLengths)
      throws IOException {
    int size = 24;
    for (byte[] f : frames) {
      size += 16 + f.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(262_144).putInt(linkType);
    for (int i = 0; i < frames.size(); i++) {
      byte[] f = frames.get(i);
      b.putInt(1_700_000_000 + i).putInt(0).putInt(f.length).putInt(wireLengths.get(i)).put(f);
    }
    Files.write(file, b.array());
  }

  private void walk() {
    if (data.length < 4) {
      damaged = true;
      return;
    }
    int magicBe = ByteBuffer.wrap(data, 0, 4).order(ByteOrder.BIG_ENDIAN).getInt();
    if (magicBe == 0x0A0D0D0A) {
      walkPcapng();
    } else {
      walkPcap();
    }
  }

  private void walkPcap() {
    ByteBuffer b = ByteBuffer.wrap(data);
    if (data.length < 24) {
      damaged = true;
      return;
    }
    int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    long tsScale;
    if (magic == 0xA1B2C3D4 || magic == 0xA1B23C4D) {
      b.order(ByteOrder.LITTLE_ENDIAN);
    } else {
      b.order(ByteOrder.BIG_ENDIAN);
      magic = b.getInt(0);
      if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
        damaged = true;
        return;
      }
    }
    tsScale = magic == 0xA1B23C4D ? 1 : 1000;
    // The upper 16 bits may carry FCS information (libpcap's LT_LINKTYPE masks them off).
    int linkType = b.getInt(20) & 0xFFFF;
    int pos = 24;
    while (pos < data.length) {
      if (data.length - pos < 16) {
        damaged = true;
        return;
      }
      long sec = b.getInt(pos) & 0xFFFF_FFFFL;
      long frac = b.getInt(pos + 4) & 0xFFFF_FFFFL;
      int caplen = b.getInt(pos + 8);
      int wire = b.getInt(pos + 12);
      if (caplen < 0 || caplen > data.length - pos - 16) {
        damaged = true;
        return;
      }
      long nanos = sec * 1_000_000_000L + frac * tsScale;
      frames.add(new Frame(linkType, pos + 16, caplen, wire, nanos));
      pos += 16 + caplen;
    }
  }

  private void walkPcapng() {
    ByteBuffer b = ByteBuffer.wrap(data);
    List<int[]> interfaces = new ArrayList<>(); // {linkType, tsUnitsPerSecondExponent}
    int pos = 0;
    while (pos < data.length) {
      if (data.length - pos < 12) {
        damaged = true;
        return;
      }
      int type = b.getInt(pos);
      if (type == 0x0A0D0D0A || Integer.reverseBytes(type) == 0x0A0D0D0A) {
        int bom = b.order(ByteOrder.BIG_ENDIAN).getInt(pos + 8);
        b.order(bom == 0x1A2B3C4D ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        interfaces.clear();
        type = 0x0A0D0D0A;
      }
      int len = b.getInt(pos + 4);
      if (len < 12 || len > data.length - pos) {
        damaged = true;
        return;
      }
      int body = pos + 8;
      int bodyLen = len - 12;
      if (type == 1 && bodyLen >= 8) {
        interfaces.add(new int[] {b.getShort(body) & 0xFFFF, idbResolution(b, body + 8,
            body + bodyLen)});
      } else if ((type == 6 || type == 2) && bodyLen >= 20) {
        int iface = type == 6 ? b.getInt(body) : b.getShort(body) & 0xFFFF;
        long ts = ((b.getInt(body + 4) & 0xFFFF_FFFFL) << 32) | (b.getInt(body + 8) & 0xFFFF_FFFFL);
        int caplen = b.getInt(body + 12);
        int wire = b.getInt(body + 16);
        if (iface < 0 || iface >= interfaces.size() || caplen < 0 || caplen > bodyLen - 20) {
          damaged = true;
          return;
        }
        int[] idb = interfaces.get(iface);
        frames.add(new Frame(idb[0], body + 20, caplen, wire, toNanos(ts, idb[1])));
      } else if (type == 3 && bodyLen >= 4 && !interfaces.isEmpty()) {
        int wire = b.getInt(body);
        int caplen = Math.min(wire, bodyLen - 4);
        if (caplen < 0) {
          damaged = true;
          return;
        }
        frames.add(new Frame(interfaces.get(0)[0], body + 4, caplen, wire, 0));
      }
      pos += len;
    }
  }

  /** if_tsresol (option 9): the exponent of the timestamp unit, default 10^-6. */
  private static int idbResolution(ByteBuffer b, int pos, int end) {
    while (end - pos >= 4) {
      int code = b.getShort(pos) & 0xFFFF;
      int len = b.getShort(pos + 2) & 0xFFFF;
      if (code == 0) {
        break;
      }
      if (code == 9 && len >= 1 && pos + 4 < end) {
        int v = b.get(pos + 4) & 0xFF;
        return (v & 0x80) == 0 ? v : -(v & 0x7F); // negative: power of two (approximated below)
      }
      pos += 4 + ((len + 3) & ~3);
    }
    return 6;
  }

  private static long toNanos(long ts, int exponent) {
    if (exponent < 0) {
      return (long) (ts / Math.pow(2, -exponent) * 1e9);
    }
    if (exponent <= 9) {
      long mul = 1;
      for (int i = exponent; i < 9; i++) {
        mul *= 10;
      }
      return ts * mul;
    }
    long div = 1;
    for (int i = 9; i < exponent; i++) {
      div *= 10;
    }
    return ts / div;
  }
}
