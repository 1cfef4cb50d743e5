package org.rtfm4j.meter;

/**
 * Meter time: RFC 2720 "Times within the meter are in terms of its Uptime, i.e. centiseconds
 * since the meter started". Injected so that a file is metered in its own time and tests can
 * drive time by hand.
 */
public interface MeterClock {
  /** Meter time for a packet captured at {@code timestampNanos}, centiseconds; never goes back. */
  long packetTime(long timestampNanos);

  /** Meter time now, centiseconds. */
  long now();

  /**
   * Packet time: the meter starts at the first packet's timestamp and time advances only with
   * packets, so reading a file gives the same flows however fast it is read. A packet stamped
   * earlier than one already seen does not move time back.
   */
  static MeterClock packetTime() {
    return new MeterClock() {
      private static final long NANOS_PER_CENTISECOND = 10_000_000L;
      private boolean started;
      private long startNanos;
      // Read by the SNMP agent's threads (sysUpTime, TimeStamps); written when time advances.
      private volatile long now;

      @Override
      public long packetTime(long timestampNanos) {
        if (!started) {
          started = true;
          startNanos = timestampNanos;
        }
        long t = Math.floorDiv(timestampNanos - startNanos, NANOS_PER_CENTISECOND);
        if (t > now) {
          now = t;
        }
        return now;
      }

      @Override
      public long now() {
        return now;
      }
    };
  }

  /** Wall time: uptime since this call, for live capture (and the SNMP agent's sysUpTime). */
  static MeterClock system() {
    final long start = System.nanoTime();
    return new MeterClock() {
      @Override
      public long packetTime(long timestampNanos) {
        return now();
      }

      @Override
      public long now() {
        return (System.nanoTime() - start) / 10_000_000L;
      }
    };
  }
}
