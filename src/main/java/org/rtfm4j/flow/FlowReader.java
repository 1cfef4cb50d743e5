package org.rtfm4j.flow;

/**
 * A meter reader registered to collect one rule set's flows (RFC 2722 §4.5, RFC 2720
 * flowReaderInfoTable). The flow table will not recover a flow of that rule set until this reader
 * has collected it: until a collection that began after the flow's last activity has finished,
 * which the meter knows once the next collection begins (flowReaderPreviousTime).
 */
public final class FlowReader {
  private final int ruleSet;
  private volatile long lastTime;
  private volatile long previousTime;

  FlowReader(int ruleSet, long now) {
    this.ruleSet = ruleSet;
    // A reader that has never collected must not let the meter recover anything it has not seen.
    this.lastTime = now;
    this.previousTime = 0;
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
  }
}
