package org.rtfm4j.mib;

import java.util.concurrent.atomic.AtomicLong;
import org.rtfm4j.meter.MeterClock;

/** Meter time set by the test, centiseconds. */
final class ManualClock implements MeterClock {
  final AtomicLong now = new AtomicLong();

  @Override
  public long packetTime(long timestampNanos) {
    return now.get();
  }

  @Override
  public long now() {
    return now.get();
  }
}
