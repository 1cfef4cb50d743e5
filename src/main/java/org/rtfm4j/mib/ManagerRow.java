package org.rtfm4j.mib;

/**
 * A flowManagerInfoTable row (a meter task) as the agent holds it. Immutable. While the row is
 * active the meter's task holds what the meter may change itself (RunningStandby).
 *
 * @param index flowManagerIndex, the task number
 * @param currentRuleSet flowManagerCurrentRuleSet, or {@link #UNSET}
 * @param standbyRuleSet flowManagerStandbyRuleSet (DEFVAL 0)
 * @param highWaterMark flowManagerHighWaterMark, percent
 * @param owner flowManagerOwner (UTF-8)
 * @param timeStamp flowManagerTimeStamp, meter uptime centiseconds
 * @param status RowStatus: active, notInService or notReady
 * @param runningStandby flowManagerRunningStandby while not active
 */
record ManagerRow(int index, int currentRuleSet, int standbyRuleSet, int highWaterMark,
    byte[] owner, long timeStamp, int status, boolean runningStandby)
    implements StatusRow<ManagerRow> {

  /** CurrentRuleSet has no DEFVAL: a task must say what it runs. */
  static final int UNSET = -1;

  ManagerRow {
    owner = owner.clone();
  }

  static ManagerRow created(int index, long now) {
    return new ManagerRow(index, UNSET, 0, 0, new byte[0], now, RowStatusValue.NOT_READY, false);
  }

  @Override
  public boolean active() {
    return status == RowStatusValue.ACTIVE;
  }

  @Override
  public boolean ready() {
    return currentRuleSet != UNSET;
  }

  /** True when the row names {@code ruleSet} as its current or standby rule set. */
  boolean references(int ruleSet) {
    return currentRuleSet == ruleSet || standbyRuleSet == ruleSet;
  }

  ManagerRow withCurrent(int r) {
    return new ManagerRow(index, r, standbyRuleSet, highWaterMark, owner, timeStamp, status,
        runningStandby);
  }

  ManagerRow withStandby(int r) {
    return new ManagerRow(index, currentRuleSet, r, highWaterMark, owner, timeStamp, status,
        runningStandby);
  }

  ManagerRow withHighWaterMark(int h) {
    return new ManagerRow(index, currentRuleSet, standbyRuleSet, h, owner, timeStamp, status,
        runningStandby);
  }

  ManagerRow withOwner(byte[] o) {
    return new ManagerRow(index, currentRuleSet, standbyRuleSet, highWaterMark, o, timeStamp,
        status, runningStandby);
  }

  ManagerRow withTimeStamp(long t) {
    return new ManagerRow(index, currentRuleSet, standbyRuleSet, highWaterMark, owner, t, status,
        runningStandby);
  }

  @Override
  public ManagerRow withStatus(int s) {
    return new ManagerRow(index, currentRuleSet, standbyRuleSet, highWaterMark, owner, timeStamp,
        s, runningStandby);
  }

  ManagerRow withRunningStandby(boolean b) {
    return new ManagerRow(index, currentRuleSet, standbyRuleSet, highWaterMark, owner, timeStamp,
        status, b);
  }
}
