package org.rtfm4j.capture;

import java.nio.file.Path;

/** What the pcap and pcapng readers share: the mapped file, the packet buffer, stop and limits. */
abstract class FileReaderBase implements CaptureFile {
  /**
   * Largest captured length accepted: libpcap's MAXIMUM_SNAPLEN and Wireshark's
   * WTAP_MAX_PACKET_SIZE_STANDARD. A record claiming more is damage, not a packet.
   */
  static final int MAX_CAPTURED_LENGTH = 262_144;

  private static final int INITIAL_BUFFER = 1 << 16;

  final Path path;
  final MappedFile file;
  /** Reused for every packet; grows (up to {@link #MAX_CAPTURED_LENGTH}) but never shrinks. */
  byte[] data = new byte[INITIAL_BUFFER];
  /** File offset of the next record or block to read. */
  long position;
  long packets;
  /** Set when damage was found: every later {@link #run} throws it again. */
  CaptureException damage;
  volatile boolean stopRequested;

  FileReaderBase(Path path, MappedFile file, long firstRecord) {
    this.path = path;
    this.file = file;
    this.position = firstRecord;
  }

  @Override
  public final Path path() {
    return path;
  }

  @Override
  public final long packetsRead() {
    return packets;
  }

  @Override
  public final void stop() {
    stopRequested = true;
  }

  @Override
  public final long lostPackets(int interfaceNumber) {
    return 0;
  }

  @Override
  public final void close() {
    stopRequested = true;
    file.close();
  }

  @Override
  public final void run(PacketSink sink) throws CaptureException {
    if (damage != null) {
      throw damage;
    }
    stopRequested = false;
    try {
      read(sink);
    } catch (InternalError e) {
      // HotSpot reports a fault inside a mapping (the file shrank under us) this way.
      damage = new CaptureException(file.name() + ": the file changed while being read near byte "
          + position + " (record " + (packets + 1) + ")", e);
      throw damage;
    } catch (CaptureException e) {
      damage = e;
      throw e;
    }
  }

  /** Reads from {@link #position} until the end, {@link #stopRequested} or damage. */
  abstract void read(PacketSink sink) throws CaptureException;

  /** A buffer of at least {@code length} bytes; {@code length <= MAX_CAPTURED_LENGTH}. */
  final byte[] buffer(int length) {
    if (length > data.length) {
      data = new byte[Math.min(MAX_CAPTURED_LENGTH, Math.max(length, data.length * 2))];
    }
    return data;
  }

  /** The damage report: "FILE: WHERE REASON". */
  final CaptureException damaged(String where, String reason) {
    return new CaptureException(file.name() + ": " + where + " " + reason);
  }

  static String cutShort(long needed, long left) {
    return "is cut short: needs " + needed + " bytes, " + left + " left";
  }

  /** Wire lengths are unsigned 32-bit on disk; the sink takes an int. */
  static int clampLength(int unsigned) {
    return unsigned < 0 ? Integer.MAX_VALUE : unsigned;
  }
}
