package org.rtfm4j.mib;

import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.Task;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;

/**
 * flowManagerInfoTable (RFC 2720 flowControl 4): the meter's tasks. An active row is a task of
 * the meter running its current rule set (or its standby one once the flow table passes its
 * high-water mark); what the meter changes itself is read from the task.
 */
final class ManagerInfoTable extends ControlTable {
  /** flowManagerInfoEntry. */
  static final OID ENTRY = new OID("1.3.6.1.2.1.40.1.4.1");
  static final int CURRENT_RULE_SET = 2;
  static final int STANDBY_RULE_SET = 3;
  static final int HIGH_WATER_MARK = 4;
  static final int COUNTER_WRAP = 5;
  static final int OWNER = 6;
  static final int TIME_STAMP = 7;
  static final int STATUS = 8;
  static final int RUNNING_STANDBY = 9;

  /** flowManagerCounterWrap wrap(1): counters are Counter64 and wrap; the meter never scales. */
  static final int WRAP = 1;
  private static final int PERCENT = 100;

  private final Meter meter;

  ManagerInfoTable(Meter meter, ControlTransactions transactions) {
    super(ENTRY, new int[] {CURRENT_RULE_SET, STANDBY_RULE_SET, HIGH_WATER_MARK, COUNTER_WRAP,
        OWNER, TIME_STAMP, STATUS, RUNNING_STANDBY}, transactions);
    this.meter = meter;
  }

  @Override
  int[] ceilingRow(int[] bound, boolean inclusive) {
    return RuleSetInfoTable.Rows.ceiling(transactions.state().managers(), bound, inclusive);
  }

  @Override
  Variable value(int column, int[] index) {
    ManagerRow row = RuleSetInfoTable.Rows.get(transactions.state().managers(), index);
    if (row == null) {
      return null;
    }
    Task task = row.active() ? meter.task(row.index()) : null;
    switch (column) {
      case CURRENT_RULE_SET:
        if (task != null) {
          return integer(task.currentRuleSet());
        }
        return row.currentRuleSet() == ManagerRow.UNSET ? null : integer(row.currentRuleSet());
      case STANDBY_RULE_SET:
        return integer(task != null ? task.standbyRuleSet() : row.standbyRuleSet());
      case HIGH_WATER_MARK:
        return integer(task != null ? task.highWaterMark() : row.highWaterMark());
      case COUNTER_WRAP:
        return integer(WRAP);
      case OWNER:
        return octets(row.owner());
      case TIME_STAMP:
        return timeTicks(row.timeStamp());
      case STATUS:
        return integer(row.status());
      case RUNNING_STANDBY:
        boolean standby = task != null ? task.runningStandby() : row.runningStandby();
        return integer(standby ? FlowMeterMib.TRUE : FlowMeterMib.FALSE);
      default:
        return null;
    }
  }

  @Override
  int check(int column, int[] index, Variable v) {
    int e;
    switch (column) {
      case CURRENT_RULE_SET:
      case STANDBY_RULE_SET:
        // 0 is "the empty set" (RFC 2720); a meter holds rule sets 1..255 only.
        e = checkInteger(v, 0, FlowTable.MAX_RULE_SET);
        break;
      case HIGH_WATER_MARK:
        e = checkInteger(v, 0, PERCENT);
        break;
      case COUNTER_WRAP:
        // Deprecated: scale(2) asks for scaled counters, which this meter never produces.
        e = checkInteger(v, WRAP, WRAP);
        break;
      case OWNER:
        e = checkOwner(v);
        break;
      case STATUS:
        e = checkRowStatus(v);
        break;
      case RUNNING_STANDBY:
        e = checkTruthValue(v);
        break;
      default:
        return SnmpConstants.SNMP_ERROR_NOT_WRITEABLE;
    }
    return e != ok() ? e : checkSimpleIndex(index, Integer.MAX_VALUE);
  }
}
