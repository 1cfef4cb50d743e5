package org.rtfm4j.cli;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.rtfm4j.capture.PacketSink;

/**
 * Hands packets on no sooner than their capture timestamps allow, replayed at {@code speed} times
 * capture speed ({@code rtfm meter --speed}): a packet stamped t after the first packet is
 * delivered t / speed after the first was. Packets stamped earlier than one already delivered
 * (out of order, or a later file that starts earlier) go at once. While it waits, it runs the
 * meter's waiting control actions every {@link #WAIT_SLICE_NANOS} ns.
 */
final class PacedSink implements PacketSink {
  /** Longest single wait, so control actions and a cancel are seen promptly. */
  static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final PacketSink sink;
  private final double speed;
  private final Runnable whileWaiting;
  private final LongSupplier nanoClock;
  private volatile boolean cancelled;
  private boolean started;
  private long firstTimestamp;
  private long wallStart;

  /**
   * @param speed more than 0: 1 is capture speed, 10 ten times faster
   * @param whileWaiting run between slices of a wait (on the packet thread)
   * @param nanoClock wall clock, nanoseconds ({@link System#nanoTime} but in tests)
   */
  PacedSink(PacketSink sink, double speed, Runnable whileWaiting, LongSupplier nanoClock) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be more than 0: " + speed);
    }
    this.sink = sink;
    this.speed = speed;
    this.whileWaiting = whileWaiting;
    this.nanoClock = nanoClock;
  }

  /** Stops waiting: every packet from now on goes at once. Safe from any thread. */
  void cancel() {
    cancelled = true;
  }

  @Override
  public void packet(int interfaceNumber, int linkType, long timestampNanos, byte[] data,
      int offset, int capturedLength, int wireLength) {
    if (!started) {
      started = true;
      firstTimestamp = timestampNanos;
      wallStart = nanoClock.getAsLong();
    } else {
      awaitDue(wallStart + (long) ((timestampNanos - firstTimestamp) / speed));
    }
    sink.packet(interfaceNumber, linkType, timestampNanos, data, offset, capturedLength,
        wireLength);
  }

  private void awaitDue(long due) {
    for (long left = due - nanoClock.getAsLong(); left > 0 && !cancelled;
        left = due - nanoClock.getAsLong()) {
      LockSupport.parkNanos(Math.min(left, WAIT_SLICE_NANOS));
      if (Thread.currentThread().isInterrupted()) {
        // parkNanos returns at once on an interrupted thread: waiting on would spin.
        cancelled = true;
      }
      whileWaiting.run();
    }
  }
}
