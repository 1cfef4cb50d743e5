package org.rtfm4j.meter;

/**
 * A meter task (RFC 2722 §4.4, RFC 2720 flowManagerInfoTable): runs its current rule set, or its
 * standby rule set once the flow table passes its high-water mark. Rule set 0 means none.
 */
public final class Task {
  private final int index;
  private volatile int currentRuleSet;
  private volatile int standbyRuleSet;
  private volatile int highWaterMark;
  private volatile boolean runningStandby;

  Task(int index, int currentRuleSet, int standbyRuleSet, int highWaterMark) {
    this.index = index;
    this.currentRuleSet = currentRuleSet;
    this.standbyRuleSet = standbyRuleSet;
    this.highWaterMark = highWaterMark;
  }

  /** flowManagerIndex. */
  public int index() {
    return index;
  }

  public int currentRuleSet() {
    return currentRuleSet;
  }

  public int standbyRuleSet() {
    return standbyRuleSet;
  }

  /** Percent of flowMaxFlows; 0 or 100 disable the check (RFC 2720). */
  public int highWaterMark() {
    return highWaterMark;
  }

  /** flowManagerRunningStandby. */
  public boolean runningStandby() {
    return runningStandby;
  }

  /** The rule set this task runs now (0 for none). */
  public int runningRuleSet() {
    return runningStandby ? standbyRuleSet : currentRuleSet;
  }

  void set(int current, int standby, int hwm) {
    this.currentRuleSet = current;
    this.standbyRuleSet = standby;
    this.highWaterMark = hwm;
  }

  void setRunningStandby(boolean standby) {
    this.runningStandby = standby;
  }

  boolean highWaterMarkPassed(int usagePercent) {
    return highWaterMark > 0 && highWaterMark < 100 && usagePercent >= highWaterMark;
  }
}
