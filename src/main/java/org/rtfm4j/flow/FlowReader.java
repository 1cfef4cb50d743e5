package org.rtfm4j.flow;

import java.util.function.LongSupplier;

/**
 * A meter reader registered to collect one rule set's flows (RFC 2722 §4.5, RFC 2720
 * flowReaderInfoTable). The flow table will not recover a flow of that rule set until this reader
 * has collected it: until a collection that began after the flow's last activity has finished,
 * which the meter knows once the next collection begins (flowReaderPreviousTime).
 *
 * <p>A reader with a timeout (flowReaderTimeout, seconds) that goes that long without beginning a
 * collection has "stopped collecting" (RFC 2720) and no longer holds flows back. Timeouts are
 * measured on the flow table's reader clock (wall time by default), not in meter time: a reader
 * is a program polling in real seconds, while meter time follows packet timestamps and runs far
 * faster when a capture file is replayed.
 */
public final class FlowReader {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final int ruleSet;
  private final LongSupplier clock;
  private volatile long lastTime;
  private volatile long previousTime;
  private volatile int timeoutSeconds;
  private volatile long lastCollectionNanos;

  FlowReader(int ruleSet, long now, LongSupplier clock) {
    this.ruleSet = ruleSet;
    this.clock = clock;
    // A reader that has never collected must not let the meter recover anything it has not seen.
    this.lastTime = now;
    this.previousTime = 0;
    this.lastCollectionNanos = clock.getAsLong();
  }

  /** The rule set this reader collects (flowReaderRuleSet). */
  public int ruleSet() {
    return ruleSet;
  }

  /** When its most recent collection began, centiseconds of meter time (flowReaderLastTime). */
  public long lastTime() {
    return lastTime;
  }

  /** When the collection before that began (flowReaderPreviousTime). */
  public long previousTime() {
    return previousTime;
  }

  /**
   * The reader begins a collection at meter time {@code now}: "The meter will set this LastTime
   * value to its current Uptime, and set its PreviousTime value to the old LastTime" (RFC 2720).
   */
  public synchronized void collectionStarted(long now) {
    previousTime = lastTime;
    lastTime = now;
    lastCollectionNanos = clock.getAsLong();
  }

  /** flowReaderTimeout, seconds; 0 means never timed out. */
  public int timeout() {
    return timeoutSeconds;
  }

  /** Sets flowReaderTimeout (0 or more seconds), counted from the last collection. */
  public void setTimeout(int seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("reader timeout must not be negative: " + seconds);
    }
    timeoutSeconds = seconds;
  }

  /** True when the timeout has passed since the last collection began (or registration). */
  public boolean expired() {
    int t = timeoutSeconds;
    return t > 0 && clock.getAsLong() - lastCollectionNanos >= t * NANOS_PER_SECOND;
  }
}
