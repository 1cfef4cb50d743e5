package org.rtfm4j.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes pcap and pcapng files byte by byte from the format descriptions
 * (draft-ietf-opsawg-pcap §4-5, draft-ietf-opsawg-pcapng §3-4), independently of the readers.
 */
final class CaptureBuilder {
  static final int SHB = 0x0a0d0d0a;
  static final int IDB = 1;
  static final int OPB = 2;
  static final int SPB = 3;
  static final int NRB = 4;
  static final int ISB = 5;
  static final int EPB = 6;
  static final int CUSTOM = 0x00000bad;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteOrder order;

  private CaptureBuilder(ByteOrder order) {
    this.order = order;
  }

  /** A classic pcap file header. */
  static CaptureBuilder pcap(ByteOrder order, boolean nanos, int snaplen, int linkTypeField) {
    return pcap(order, nanos, 2, 4, snaplen, linkTypeField);
  }

  static CaptureBuilder pcap(ByteOrder order, boolean nanos, int major, int minor, int snaplen,
      int linkTypeField) {
    CaptureBuilder b = new CaptureBuilder(order);
    b.u32(nanos ? 0xa1b23c4d : 0xa1b2c3d4).u16(major).u16(minor).u32(0).u32(0).u32(snaplen)
        .u32(linkTypeField);
    return b;
  }

  /** An empty pcapng file; call {@link #section} first. */
  static CaptureBuilder pcapng() {
    return new CaptureBuilder(ByteOrder.LITTLE_ENDIAN);
  }

  /** A classic pcap record. */
  CaptureBuilder record(long seconds, long fraction, byte[] data, int wireLength) {
    return u32((int) seconds).u32((int) fraction).u32(data.length).u32(wireLength).raw(data);
  }

  /** A record header claiming {@code capturedLength}, without data. */
  CaptureBuilder recordHeader(long seconds, long fraction, int capturedLength, int wireLength) {
    return u32((int) seconds).u32((int) fraction).u32(capturedLength).u32(wireLength);
  }

  /** A Section Header Block in {@code newOrder}, version 1.0, with an shb_userappl option. */
  CaptureBuilder section(ByteOrder newOrder) {
    return section(newOrder, 1, 0);
  }

  CaptureBuilder section(ByteOrder newOrder, int major, int minor) {
    order = newOrder;
    byte[] body = new Options(order).add(4, "rtfm4j test").end();
    return block(SHB, concat(bytes(0x1a2b3c4d), u16bytes(major), u16bytes(minor),
        u64bytes(-1), body));
  }

  /** An Interface Description Block with the given options (built with {@link #options()}). */
  CaptureBuilder interfaceBlock(int linkType, int snaplen, byte[] options) {
    return block(IDB, concat(u16bytes(linkType), u16bytes(0), bytes(snaplen), options));
  }

  /** An Enhanced Packet Block. */
  CaptureBuilder enhanced(int interfaceId, long units, byte[] data, int wireLength) {
    return block(EPB, concat(bytes(interfaceId), bytes((int) (units >>> 32)), bytes((int) units),
        bytes(data.length), bytes(wireLength), padded(data)));
  }

  /** An obsolete Packet Block (type 2). */
  CaptureBuilder obsolete(int interfaceId, long units, byte[] data, int wireLength) {
    return block(OPB, concat(u16bytes(interfaceId), u16bytes(0), bytes((int) (units >>> 32)),
        bytes((int) units), bytes(data.length), bytes(wireLength), padded(data)));
  }

  /** A Simple Packet Block: original length, then the data present. */
  CaptureBuilder simple(int wireLength, byte[] data) {
    return block(SPB, concat(bytes(wireLength), padded(data)));
  }

  /** Any block: type, total length, body padded to 32 bits, total length. */
  CaptureBuilder block(int type, byte[] body) {
    byte[] p = padded(body);
    int total = 12 + p.length;
    return u32(type).u32(total).raw(p).u32(total);
  }

  CaptureBuilder raw(byte[] data) {
    out.writeBytes(data);
    return this;
  }

  CaptureBuilder u32(int v) {
    return raw(bytes(v));
  }

  CaptureBuilder u16(int v) {
    return raw(u16bytes(v));
  }

  /** Options in the current byte order. */
  Options options() {
    return new Options(order);
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  int size() {
    return out.size();
  }

  Path write(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes());
    return p;
  }

  byte[] bytes(int v) {
    return ByteBuffer.allocate(4).order(order).putInt(v).array();
  }

  byte[] u16bytes(int v) {
    return ByteBuffer.allocate(2).order(order).putShort((short) v).array();
  }

  byte[] u64bytes(long v) {
    return ByteBuffer.allocate(8).order(order).putLong(v).array();
  }

  static byte[] padded(byte[] data) {
    byte[] p = new byte[(data.length + 3) & ~3];
    System.arraycopy(data, 0, p, 0, data.length);
    return p;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  /** Distinct recognisable bytes: {@code seed, seed+1, ...}. */
  static byte[] payload(int length, int seed) {
    byte[] d = new byte[length];
    for (int i = 0; i < length; i++) {
      d[i] = (byte) (seed + i);
    }
    return d;
  }

  /** pcapng options: code, length, value padded to 32 bits; opt_endofopt last. */
  static final class Options {
    private final ByteOrder order;
    private final ByteArrayOutputStream o = new ByteArrayOutputStream();

    Options(ByteOrder order) {
      this.order = order;
    }

    Options add(int code, byte[] value) {
      o.writeBytes(ByteBuffer.allocate(4).order(order).putShort((short) code)
          .putShort((short) value.length).array());
      o.writeBytes(padded(value));
      return this;
    }

    Options add(int code, String value) {
      return add(code, value.getBytes(StandardCharsets.UTF_8));
    }

    Options add(int code, long value) {
      return add(code, ByteBuffer.allocate(8).order(order).putLong(value).array());
    }

    /** The options followed by opt_endofopt. */
    byte[] end() {
      o.writeBytes(new byte[4]);
      return o.toByteArray();
    }

    /** The options without opt_endofopt (allowed: the block end ends them too). */
    byte[] unterminated() {
      return o.toByteArray();
    }
  }
}
