package org.rtfm4j.manager;

import org.rtfm4j.client.FlowMib;
/**
 * One flowRuleSetInfoTable row (RFC 2720), as a manager reads it.
 *
 * @param index flowRuleInfoIndex, the rule set number
 * @param size flowRuleInfoSize, the number of rules
 * @param owner flowRuleInfoOwner
 * @param timeStamp flowRuleInfoTimeStamp, meter uptime in centiseconds
 * @param status flowRuleInfoStatus, a RowStatus
 * @param name flowRuleInfoName
 * @param flowRecords flowRuleInfoFlowRecords, flows the meter holds for it
 */
public record RuleSetInfo(int index, int size, String owner, long timeStamp, int status,
    String name, long flowRecords) {

  /** True when the meter may run it (RowStatus active). */
  public boolean active() {
    return status == FlowMib.ACTIVE;
  }
}
