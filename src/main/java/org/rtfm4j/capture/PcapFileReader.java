package org.rtfm4j.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a classic pcap file (draft-ietf-opsawg-pcap): a 24-byte file header, then records of a
 * 16-byte header and the captured bytes. Every packet arrives on interface 1.
 */
final class PcapFileReader extends FileReaderBase {
  /** Magic number of microsecond files, read big-endian (pcap §4). */
  static final int MAGIC_MICROS = 0xa1b2c3d4;
  /** Magic number of nanosecond files, read big-endian (pcap §4). */
  static final int MAGIC_NANOS = 0xa1b23c4d;

  static final int FILE_HEADER_LENGTH = 24;
  static final int RECORD_HEADER_LENGTH = 16;

  // File header fields (pcap §4) and record header fields (pcap §5), as offsets.
  private static final int VERSION_MAJOR = 4;
  private static final int VERSION_MINOR = 6;
  private static final int LINK_TYPE = 20;
  private static final int TS_SECONDS = 0;
  private static final int TS_FRACTION = 4;
  private static final int CAPTURED_LENGTH = 8;
  private static final int WIRE_LENGTH = 12;

  private static final int SUPPORTED_MAJOR = 2;
  /** Before 2.3 the captured and wire lengths were written the other way round (libpcap). */
  private static final int FIRST_MINOR_WITH_ORDERED_LENGTHS = 3;
  /** pcap §4: the link type is the low 16 bits; the high bits carry the FCS length. */
  private static final int LINK_TYPE_MASK = 0xffff;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long NANOS_PER_MICRO = 1_000L;
  private static final int INTERFACE_NUMBER = 1;
  private static final long UNSIGNED_INT = 0xffff_ffffL;

  private final int linkType;
  private final long fractionNanos;
  /** 0: never swap lengths; 1: always (version < 2.3); 2: swap when captured > wire (2.3). */
  private final int lengthSwap;
  private final List<CaptureInterface> interfaces;

  private PcapFileReader(Path path, MappedFile file, int linkType, boolean nanosecond,
      int lengthSwap) {
    super(path, file, FILE_HEADER_LENGTH);
    this.linkType = linkType;
    this.fractionNanos = nanosecond ? 1 : NANOS_PER_MICRO;
    this.lengthSwap = lengthSwap;
    this.interfaces = List.of(new CaptureInterface(INTERFACE_NUMBER, path.toString(), linkType));
  }

  /** Reads the file header; {@code order} and {@code nanos} were found from the magic number. */
  static PcapFileReader open(Path path, MappedFile file, ByteOrder order, boolean nanos)
      throws CaptureException {
    if (file.size() < FILE_HEADER_LENGTH) {
      throw new CaptureException(file.name() + ": file header " + cutShort(FILE_HEADER_LENGTH,
          file.size()));
    }
    file.order(order);
    int at = file.map(0, FILE_HEADER_LENGTH);
    ByteBuffer header = file.window();
    int major = Short.toUnsignedInt(header.getShort(at + VERSION_MAJOR));
    int minor = Short.toUnsignedInt(header.getShort(at + VERSION_MINOR));
    if (major != SUPPORTED_MAJOR) {
      throw new CaptureException(file.name() + ": unsupported pcap version " + major + "." + minor);
    }
        int linkType = header.getInt(at + LINK_TYPE) & LINK_TYPE_MASK;
    int lengthSwap = minor < FIRST_MINOR_WITH_ORDERED_LENGTHS ? 1
        : minor == FIRST_MINOR_WITH_ORDERED_LENGTHS ? 2 : 0;
    return new PcapFileReader(path, file, linkType, nanos, lengthSwap);
  }

  @Override
  public String format() {
    return "pcap";
  }

  @Override
  public List<CaptureInterface> interfaces() {
    return interfaces;
  }

  @Override
  public long packetsRead(int interfaceNumber) {
    return interfaceNumber == INTERFACE_NUMBER ? packets : 0;
  }

  @Override
  void read(PacketSink sink) throws CaptureException {
    final long size = file.size();
    ByteBuffer buf = file.window();
    long base = file.windowStart();
    long pos = position;
    while (!stopRequested) {
      long left = size - pos;
      if (left == 0) {
        return;
      }
      if (left < RECORD_HEADER_LENGTH) {
        throw damaged(where(pos), "is cut short: its header needs " + RECORD_HEADER_LENGTH
            + " bytes, " + left + " left");
      }
      int at = (int) (pos - base);
      if (pos - base + RECORD_HEADER_LENGTH > buf.limit()) {
        at = file.map(pos, RECORD_HEADER_LENGTH);
        buf = file.window();
        base = file.windowStart();
      }
      long seconds = buf.getInt(at + TS_SECONDS) & UNSIGNED_INT;
      long fraction = buf.getInt(at + TS_FRACTION) & UNSIGNED_INT;
      int captured = buf.getInt(at + CAPTURED_LENGTH);
      int wire = buf.getInt(at + WIRE_LENGTH);
      if (lengthSwap != 0 && (lengthSwap == 1 || Integer.compareUnsigned(captured, wire) > 0)) {
        int t = captured;
        captured = wire;
        wire = t;
      }
      if (captured < 0 || captured > MAX_CAPTURED_LENGTH) {
        throw damaged(where(pos), "has captured length " + (captured & UNSIGNED_INT)
            + ", over the maximum of " + MAX_CAPTURED_LENGTH);
      }
      int recordLength = RECORD_HEADER_LENGTH + captured;
      if (left < recordLength) {
        throw damaged(where(pos), cutShort(recordLength, left));
      }
      if (pos - base + recordLength > buf.limit()) {
        at = file.map(pos, recordLength);
        buf = file.window();
        base = file.windowStart();
      }
      byte[] bytes = buffer(captured);
      buf.get(at + RECORD_HEADER_LENGTH, bytes, 0, captured);
      pos += recordLength;
      position = pos;
      packets++;
      sink.packet(INTERFACE_NUMBER, linkType,
          seconds * NANOS_PER_SECOND + fraction * fractionNanos, bytes, 0, captured,
          clampLength(wire));
    }
  }

  private String where(long pos) {
    return "record " + (packets + 1) + " at byte " + pos;
  }
}
