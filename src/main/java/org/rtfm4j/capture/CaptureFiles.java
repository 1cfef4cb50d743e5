package org.rtfm4j.capture;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens capture files, telling pcap from pcapng by the magic number. */
public final class CaptureFiles {
  private static final int MAGIC_LENGTH = 4;

  private CaptureFiles() {}

  /**
   * Opens a pcap (microsecond or nanosecond, either byte order) or pcapng file. An empty file
   * opens as a capture of no packets.
   *
   * @throws CaptureException if the file cannot be read, is not a capture file or its header is
   *     damaged
   */
  public static CaptureFile open(Path file) throws CaptureException {
    return open(file, MappedFile.DEFAULT_WINDOW);
  }

  /** As {@link #open(Path)}, mapping {@code windowSize} bytes at a time (tests use small ones). */
  static CaptureFile open(Path file, int windowSize) throws CaptureException {
    if (Files.isDirectory(file)) {
      throw new CaptureException(file + ": is a directory, not a capture file");
    }
    MappedFile mapped = MappedFile.open(file, windowSize);
    try {
      return open(file, mapped, windowSize);
    } catch (CaptureException | RuntimeException e) {
      mapped.close();
      throw e;
    }
  }

  private static CaptureFile open(Path file, MappedFile mapped, int windowSize)
      throws CaptureException {
    if (mapped.size() == 0) {
      // Nothing to read is not damage: a capture that saw no packets (and no header) yet.
      return EmptyCaptureFile.of(file, mapped);
    }
    if (mapped.size() < MAGIC_LENGTH) {
      throw new CaptureException(file + ": not a pcap or pcapng file (only " + mapped.size()
          + " bytes)");
    }
    mapped.order(ByteOrder.BIG_ENDIAN);
    int magic = mapped.intAt(0);
    switch (magic) {
      case PcapFileReader.MAGIC_MICROS:
        return PcapFileReader.open(file, mapped, ByteOrder.BIG_ENDIAN, false);
      case PcapFileReader.MAGIC_NANOS:
        return PcapFileReader.open(file, mapped, ByteOrder.BIG_ENDIAN, true);
      case PcapngFileReader.SECTION_HEADER:
        return PcapngFileReader.open(file, mapped, windowSize);
      default:
        break;
    }
    if (magic == Integer.reverseBytes(PcapFileReader.MAGIC_MICROS)) {
      return PcapFileReader.open(file, mapped, ByteOrder.LITTLE_ENDIAN, false);
    }
    if (magic == Integer.reverseBytes(PcapFileReader.MAGIC_NANOS)) {
      return PcapFileReader.open(file, mapped, ByteOrder.LITTLE_ENDIAN, true);
    }
    throw new CaptureException(String.format("%s: not a pcap or pcapng file (magic 0x%08x)",
        file, magic));
  }
}
