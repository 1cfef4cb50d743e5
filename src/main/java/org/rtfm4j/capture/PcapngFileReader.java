package org.rtfm4j.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a pcapng file (draft-ietf-opsawg-pcapng): a sequence of sections, each a Section Header
 * Block with its own byte order followed by Interface Description Blocks and packet blocks.
 * Enhanced, Simple and the obsolete Packet Blocks deliver packets; every other block is skipped
 * by its length.
 */
final class PcapngFileReader extends FileReaderBase {
  /** Section Header Block type; the same in either byte order (pcapng §4.1). */
  static final int SECTION_HEADER = 0x0a0d0d0a;
  static final int INTERFACE_DESCRIPTION = 1;
  /** Obsolete Packet Block (pcapng Appendix A). */
  static final int PACKET = 2;
  static final int SIMPLE_PACKET = 3;
  static final int ENHANCED_PACKET = 6;
  /** Byte-order magic of the SHB, as written by a big-endian writer. */
  static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;

  /** Block type + total length + trailing total length (pcapng §3.1). */
  private static final int MIN_BLOCK = 12;
  private static final int MIN_SECTION_HEADER = 28;
  private static final int MIN_INTERFACE_DESCRIPTION = 20;
  private static final int MIN_SIMPLE_PACKET = 16;
  /** EPB and obsolete PB: 28 bytes of header fields, the trailer, no data. */
  private static final int MIN_PACKET = 32;
  // Fields after the block type and length (pcapng §4.1-4.4, Appendix A), as offsets.
  private static final int BYTE_ORDER = 8;
  private static final int SECTION_MAJOR = 12;
  private static final int SECTION_MINOR = 14;
  private static final int IDB_LINK_TYPE = 8;
  private static final int IDB_SNAPLEN = 12;
  private static final int IDB_OPTIONS = 16;
  private static final int INTERFACE_ID = 8;
  private static final int TS_HIGH = 12;
  private static final int TS_LOW = 16;
  private static final int CAPTURED_LENGTH = 20;
  private static final int WIRE_LENGTH = 24;
  private static final int SPB_WIRE_LENGTH = 8;
  private static final int PACKET_DATA_OFFSET = 28;
  private static final int SIMPLE_PACKET_DATA_OFFSET = 12;
  private static final int TRAILER = 4;
  private static final int BLOCK_ALIGNMENT = 4;
  private static final int SUPPORTED_MAJOR = 1;
  /** Bytes every packet block keeps in one mapping: its fields and the largest data. */
  private static final int MAX_PACKET_PREFIX = PACKET_DATA_OFFSET + MAX_CAPTURED_LENGTH;

  // IDB options (pcapng §4.2).
  private static final int OPT_END = 0;
  private static final int IF_NAME = 2;
  private static final int IF_TSRESOL = 9;
  private static final int IF_TSOFFSET = 14;
  private static final int OPTION_HEADER = 4;
  private static final long UNSIGNED_INT = 0xffff_ffffL;

  /** Blocks up to this size are mapped whole; bigger ones only as far as their fields go. */
  private final long wholeBlockLimit;
  /** Interfaces of the current section, by their in-section id. */
  private PcapngInterface[] section = new PcapngInterface[4];
  private int sectionInterfaces;
  /** Every interface of the file so far; replaced, never changed, so other threads may read. */
  private volatile PcapngInterface[] all = new PcapngInterface[0];
  private volatile List<CaptureInterface> interfaces = List.of();
  private int sections;
  /** The Simple Packet Block carries no timestamp: it gets the last one seen (pcapng §4.4). */
  private long lastTimestamp;

  private PcapngFileReader(Path path, MappedFile file, int windowSize) {
    super(path, file, 0);
    this.wholeBlockLimit = Math.max(windowSize, MAX_PACKET_PREFIX + TRAILER);
  }

  /** Reads the first Section Header Block. */
  static PcapngFileReader open(Path path, MappedFile file, int windowSize)
      throws CaptureException {
    PcapngFileReader reader = new PcapngFileReader(path, file, windowSize);
    reader.position = reader.readSectionHeader(0);
    return reader;
  }

  @Override
  public String format() {
    return "pcapng";
  }

  @Override
  public List<CaptureInterface> interfaces() {
    return interfaces;
  }

  @Override
  public long packetsRead(int interfaceNumber) {
    PcapngInterface[] known = all;
    return interfaceNumber >= 1 && interfaceNumber <= known.length
        ? known[interfaceNumber - 1].packets : 0;
  }

  /** Sections read so far. */
  int sections() {
    return sections;
  }

  @Override
  void read(PacketSink sink) throws CaptureException {
    final long size = file.size();
    long pos = position;
    while (!stopRequested) {
      long left = size - pos;
      if (left == 0) {
        return;
      }
      if (left < MIN_BLOCK) {
        throw damaged(blockAt(pos, left >= Integer.BYTES ? file.intAt(pos) : -1),
            cutShort(MIN_BLOCK, left));
      }
      int at = file.map(pos, Integer.BYTES * 2);
      ByteBuffer buf = file.window();
      int type = buf.getInt(at);
      if (type == SECTION_HEADER) {
        pos = readSectionHeader(pos);
        position = pos;
        continue;
      }
      long length = buf.getInt(at + Integer.BYTES) & UNSIGNED_INT;
      checkLength(pos, type, length, left, minimumLength(type));
      if (length <= wholeBlockLimit) {
        at = file.map(pos, (int) length);
        buf = file.window();
        checkTrailer(pos, type, length, buf.getInt(at + (int) length - TRAILER));
      } else {
        checkTrailer(pos, type, length, file.intAt(pos + length - TRAILER));
        at = file.map(pos, MAX_PACKET_PREFIX);
        buf = file.window();
      }
      switch (type) {
        case ENHANCED_PACKET:
          deliver(sink, pos, length, buf, at, buf.getInt(at + INTERFACE_ID));
          break;
        case PACKET:
          deliver(sink, pos, length, buf, at,
              Short.toUnsignedInt(buf.getShort(at + INTERFACE_ID)));
          break;
        case SIMPLE_PACKET:
          deliverSimple(sink, pos, length, buf, at);
          break;
        case INTERFACE_DESCRIPTION:
          readInterface(pos, length, buf, at);
          break;
        default:
          // Statistics, name resolution, secrets, custom blocks...: not packets (pcapng §4).
          break;
      }
      pos += length;
      position = pos;
    }
  }

  /** An Enhanced Packet Block or an obsolete Packet Block: the same fields from offset 12. */
  private void deliver(PacketSink sink, long pos, long length, ByteBuffer buf, int at,
      int interfaceId) throws CaptureException {
    if (Integer.compareUnsigned(interfaceId, sectionInterfaces) >= 0) {
      throw damaged(blockAt(pos, buf.getInt(at)), "refers to interface " + (interfaceId
          & UNSIGNED_INT) + ", but its section has " + sectionInterfaces + " interface(s)");
    }
    PcapngInterface ifc = section[interfaceId];
    long units = ((long) buf.getInt(at + TS_HIGH) << Integer.SIZE)
        | (buf.getInt(at + TS_LOW) & UNSIGNED_INT);
    int captured = buf.getInt(at + CAPTURED_LENGTH);
    int wire = buf.getInt(at + WIRE_LENGTH);
    checkCaptured(pos, buf.getInt(at), captured, length - PACKET_DATA_OFFSET - TRAILER);
    long timestamp = ifc.scale.toNanos(units);
    lastTimestamp = timestamp;
    byte[] bytes = buffer(captured);
    buf.get(at + PACKET_DATA_OFFSET, bytes, 0, captured);
    position = pos + length;
    packets++;
    ifc.packets++;
    sink.packet(ifc.number, ifc.linkType, timestamp, bytes, 0, captured, clampLength(wire));
  }

  /** A Simple Packet Block: interface 0 of the section, no timestamp (pcapng §4.4). */
  private void deliverSimple(PacketSink sink, long pos, long length, ByteBuffer buf, int at)
      throws CaptureException {
    if (sectionInterfaces == 0) {
      throw damaged(blockAt(pos, SIMPLE_PACKET), "comes before any interface description block"
          + " in its section");
    }
    PcapngInterface ifc = section[0];
    long wire = buf.getInt(at + SPB_WIRE_LENGTH) & UNSIGNED_INT;
    long captured = Math.min(wire, length - SIMPLE_PACKET_DATA_OFFSET - TRAILER);
    if (ifc.snapLength != 0) {
      captured = Math.min(captured, ifc.snapLength);
    }
    checkCaptured(pos, SIMPLE_PACKET, (int) captured, captured);
    byte[] bytes = buffer((int) captured);
    buf.get(at + SIMPLE_PACKET_DATA_OFFSET, bytes, 0, (int) captured);
    position = pos + length;
    packets++;
    ifc.packets++;
    sink.packet(ifc.number, ifc.linkType, lastTimestamp, bytes, 0, (int) captured,
        clampLength((int) wire));
  }

  private void checkCaptured(long pos, int type, int captured, long room)
      throws CaptureException {
    if (captured < 0 || captured > MAX_CAPTURED_LENGTH) {
      throw damaged(blockAt(pos, type), "has captured length " + (captured & UNSIGNED_INT)
          + ", over the maximum of " + MAX_CAPTURED_LENGTH);
    }
    if (captured > room) {
      throw damaged(blockAt(pos, type), "has captured length " + captured
          + ", which does not fit in its block of " + (room + PACKET_DATA_OFFSET + TRAILER)
          + " bytes");
    }
  }

  /** Interface Description Block (pcapng §4.2): link type, snaplen and the options we use. */
  private void readInterface(long pos, long length, ByteBuffer buf, int at)
      throws CaptureException {
    if (length > wholeBlockLimit) {
      throw damaged(blockAt(pos, INTERFACE_DESCRIPTION), "is implausibly long (" + length
          + " bytes)");
    }
    int linkType = Short.toUnsignedInt(buf.getShort(at + IDB_LINK_TYPE));
    long snapLength = buf.getInt(at + IDB_SNAPLEN) & UNSIGNED_INT;
    String name = null;
    int resolution = TimestampScale.DEFAULT_RESOLUTION;
    long offsetSeconds = 0;
    int end = at + (int) length - TRAILER;
    int o = at + IDB_OPTIONS;
    while (o + OPTION_HEADER <= end) {
      int code = Short.toUnsignedInt(buf.getShort(o));
      int valueLength = Short.toUnsignedInt(buf.getShort(o + Short.BYTES));
      if (code == OPT_END) {
        break;
      }
      int value = o + OPTION_HEADER;
      if (value + valueLength > end) {
        throw damaged(blockAt(pos, INTERFACE_DESCRIPTION), "has an option (code " + code
            + ", " + valueLength + " bytes) that runs past the end of the block");
      }
      if (code == IF_NAME) {
        name = string(buf, value, valueLength);
      } else if (code == IF_TSRESOL && valueLength >= 1) {
        resolution = Byte.toUnsignedInt(buf.get(value));
      } else if (code == IF_TSOFFSET && valueLength >= Long.BYTES) {
        offsetSeconds = buf.getLong(value);
      }
      o = value + align(valueLength);
    }
    int number = all.length + 1;
    if (name == null || name.isEmpty()) {
      name = path + "#" + number;
    }
    PcapngInterface ifc = new PcapngInterface(number, name, linkType, snapLength,
        TimestampScale.of(resolution, offsetSeconds));
    if (sectionInterfaces == section.length) {
      section = Arrays.copyOf(section, section.length * 2);
    }
    section[sectionInterfaces++] = ifc;
    PcapngInterface[] grown = Arrays.copyOf(all, all.length + 1);
    grown[all.length] = ifc;
    all = grown;
    List<CaptureInterface> described = new ArrayList<>(interfaces);
    described.add(ifc.describe());
    interfaces = List.copyOf(described);
  }

  /**
   * Section Header Block (pcapng §4.1): sets the byte order for the section and forgets the
   * previous section's interfaces. Returns the position after it.
   */
  private long readSectionHeader(long pos) throws CaptureException {
    long left = file.size() - pos;
    if (left < MIN_BLOCK) {
      throw damaged(blockAt(pos, SECTION_HEADER), cutShort(MIN_SECTION_HEADER, left));
    }
    file.order(ByteOrder.BIG_ENDIAN);
    int magic = file.intAt(pos + BYTE_ORDER);
    ByteOrder order;
    if (magic == BYTE_ORDER_MAGIC) {
      order = ByteOrder.BIG_ENDIAN;
    } else if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
      order = ByteOrder.LITTLE_ENDIAN;
    } else {
      throw damaged(blockAt(pos, SECTION_HEADER), String.format(
          "has a bad byte-order magic 0x%08x", magic));
    }
    file.order(order);
    long length = file.intAt(pos + Integer.BYTES) & UNSIGNED_INT;
    checkLength(pos, SECTION_HEADER, length, left, MIN_SECTION_HEADER);
    checkTrailer(pos, SECTION_HEADER, length, file.intAt(pos + length - TRAILER));
    int at = file.map(pos, MIN_SECTION_HEADER);
    ByteBuffer buf = file.window();
    int major = Short.toUnsignedInt(buf.getShort(at + SECTION_MAJOR));
    int minor = Short.toUnsignedInt(buf.getShort(at + SECTION_MINOR));
    if (major != SUPPORTED_MAJOR) {
      throw damaged(blockAt(pos, SECTION_HEADER), "has unsupported pcapng version " + major
          + "." + minor);
    }
    sections++;
    sectionInterfaces = 0;
    return pos + length;
  }

  private void checkLength(long pos, int type, long length, long left, int minimum)
      throws CaptureException {
    if (length < minimum || length % BLOCK_ALIGNMENT != 0) {
      throw damaged(blockAt(pos, type), "has an impossible block length " + length
          + " (a multiple of " + BLOCK_ALIGNMENT + ", at least " + minimum + ", is needed)");
    }
    if (length > left) {
      throw damaged(blockAt(pos, type), cutShort(length, left));
    }
  }

  private void checkTrailer(long pos, int type, long length, int trailer)
      throws CaptureException {
    if ((trailer & UNSIGNED_INT) != length) {
      throw damaged(blockAt(pos, type), "has block lengths that disagree: " + length
          + " at the start, " + (trailer & UNSIGNED_INT) + " at the end");
    }
  }

  private static int minimumLength(int type) {
    switch (type) {
      case ENHANCED_PACKET:
      case PACKET:
        return MIN_PACKET;
      case SIMPLE_PACKET:
        return MIN_SIMPLE_PACKET;
      case INTERFACE_DESCRIPTION:
        return MIN_INTERFACE_DESCRIPTION;
      default:
        return MIN_BLOCK;
    }
  }

  /** "record N (enhanced packet block) at byte P" or "NAME block at byte P (after record N)". */
  private String blockAt(long pos, int type) {
    switch (type) {
      case ENHANCED_PACKET:
        return "record " + (packets + 1) + " (enhanced packet block) at byte " + pos;
      case SIMPLE_PACKET:
        return "record " + (packets + 1) + " (simple packet block) at byte " + pos;
      case PACKET:
        return "record " + (packets + 1) + " (packet block) at byte " + pos;
      case SECTION_HEADER:
        return "section header block at byte " + pos + " (after record " + packets + ")";
      case INTERFACE_DESCRIPTION:
        return "interface description block at byte " + pos + " (after record " + packets + ")";
      case -1:
        return "block at byte " + pos + " (after record " + packets + ")";
      default:
        return String.format("block of type 0x%08x at byte %d (after record %d)", type, pos,
            packets);
    }
  }

  private static int align(int length) {
    return (length + BLOCK_ALIGNMENT - 1) & -BLOCK_ALIGNMENT;
  }

  /** A UTF-8 option string; writers may pad it with NULs. */
  private static String string(ByteBuffer buf, int at, int length) {
    byte[] bytes = new byte[length];
    buf.get(at, bytes, 0, length);
    int n = length;
    while (n > 0 && bytes[n - 1] == 0) {
      n--;
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }
}
