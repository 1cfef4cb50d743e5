package org.rtfm4j.manager;

import org.rtfm4j.client.FlowMib;
/**
 * One flowManagerInfoTable row (RFC 2720): a meter task.
 *
 * @param index flowManagerIndex
 * @param currentRuleSet flowManagerCurrentRuleSet, or -1 when never written
 * @param standbyRuleSet flowManagerStandbyRuleSet (0: none)
 * @param highWaterMark flowManagerHighWaterMark, percent of flowMaxFlows
 * @param owner flowManagerOwner
 * @param timeStamp flowManagerTimeStamp, meter uptime in centiseconds
 * @param status flowManagerStatus, a RowStatus
 * @param runningStandby flowManagerRunningStandby
 */
public record TaskInfo(int index, int currentRuleSet, int standbyRuleSet, int highWaterMark,
    String owner, long timeStamp, int status, boolean runningStandby) {

  /** True when the meter runs it (RowStatus active). */
  public boolean active() {
    return status == FlowMib.ACTIVE;
  }

  /** True when it names rule set {@code n} as current or standby. */
  public boolean uses(int n) {
    return currentRuleSet == n || standbyRuleSet == n;
  }

  /** The rule set it runs now (0 for none; RFC 2720 flowManagerRunningStandby). */
  public int runningRuleSet() {
    if (!active()) {
      return 0;
    }
    return runningStandby ? standbyRuleSet : Math.max(currentRuleSet, 0);
  }
}
