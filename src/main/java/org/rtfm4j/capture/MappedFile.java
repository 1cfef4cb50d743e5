package org.rtfm4j.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only capture file seen through one memory-mapped window at a time. A single mapping
 * cannot exceed 2 GiB, so bigger files are read through windows re-mapped as reading advances;
 * a window always starts where the caller asks, so a record straddling the old window's end is
 * whole in the new one.
 */
final class MappedFile implements AutoCloseable {
  /** Window size for real files: big enough that re-mapping is rare, small enough for 2 GiB. */
  static final int DEFAULT_WINDOW = 1 << 30;
  /** Windows at least this big are mapped in ahead of the reader ({@link #prefetch}). */
  private static final long PREFETCH_FROM = 16L << 20;

  private final String name;
  private final FileChannel channel;
  private final long size;
  private final int windowSize;
  private ByteBuffer window;
  private long windowStart;
  private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

  private MappedFile(String name, FileChannel channel, long size, int windowSize) {
    this.name = name;
    this.channel = channel;
    this.size = size;
    this.windowSize = windowSize;
    this.window = ByteBuffer.allocate(0);
  }

  /** Opens {@code file}; {@code windowSize} is the usual mapping size (tests use tiny ones). */
  static MappedFile open(Path file, int windowSize) throws CaptureException {
    String name = file.toString();
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new CaptureException(name + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new CaptureException(name + ": permission denied", e);
    } catch (IOException e) {
      throw new CaptureException(name + ": cannot open: " + e.getMessage(), e);
    }
    try {
      return new MappedFile(name, channel, channel.size(), windowSize);
    } catch (IOException e) {
      closeQuietly(channel, e);
      throw new CaptureException(name + ": cannot read (is it a directory?): " + e, e);
    }
  }

  /** The name used in messages: the path as given. */
  String name() {
    return name;
  }

  /** File size in bytes when opened. */
  long size() {
    return size;
  }

  /** The current window; valid until the next {@link #map} call. */
  ByteBuffer window() {
    return window;
  }

  /** File offset of the window's first byte. */
  long windowStart() {
    return windowStart;
  }

  /** Byte order used for multi-byte reads from now on (also by later windows). */
  void order(ByteOrder newOrder) {
    order = newOrder;
    window.order(newOrder);
  }

  /**
   * Makes {@code [position, position + length)} readable in {@link #window()} and returns the
   * index of {@code position} in it. The caller has checked that the range lies in the file.
   */
  int map(long position, int length) throws CaptureException {
    long relative = position - windowStart;
    if (relative >= 0 && relative + length <= window.limit()) {
      return (int) relative;
    }
    return remap(position, length);
  }

  /** Reads the 32-bit value at {@code position} (which lies in the file) in the current order. */
  int intAt(long position) throws CaptureException {
    int at = map(position, Integer.BYTES);
    return window.getInt(at);
  }

  private int remap(long position, int length) throws CaptureException {
    long mapLength = Math.min(size - position, Math.max(windowSize, length));
    try {
      MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, position, mapLength);
      if (mapLength >= PREFETCH_FROM) {
        prefetch(mapped);
      }
      window = mapped;
    } catch (IOException e) {
      throw new CaptureException(name + ": cannot map bytes " + position + " to "
          + (position + mapLength) + ": " + e.getMessage(), e);
    }
    window.order(order);
    windowStart = position;
    return 0;
  }

  /**
   * Maps the window's pages in on a thread of its own. Each first touch of a mapped page costs a
   * page fault (measured: about a third of the time to walk a 2.7 GB capture's records was
   * spent in the kernel); touching them ahead of the reader moves that work off the packet
   * thread, and reads the file ahead when it is not in the page cache yet.
   */
  private static void prefetch(MappedByteBuffer mapped) {
    Thread t = new Thread(mapped::load, "rtfm-prefetch");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    window = ByteBuffer.allocate(0);
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing was written, so nothing can be lost; the channel is released either way.
      throw new IllegalStateException(name + ": close failed", e);
    }
  }

  private static void closeQuietly(FileChannel channel, IOException primary) {
    try {
      channel.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }
}
