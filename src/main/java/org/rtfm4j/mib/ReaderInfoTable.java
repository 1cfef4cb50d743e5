package org.rtfm4j.mib;

import org.rtfm4j.flow.FlowTable;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;

/**
 * flowReaderInfoTable (RFC 2720 flowControl 3): meter readers that registered to collect a rule
 * set's flows. An active row is a reader of the flow table, so the meter keeps that rule set's
 * idle flows until the reader has collected them. Rows whose Timeout passes without a collection
 * are removed.
 */
final class ReaderInfoTable extends ControlTable {
  /** flowReaderInfoEntry. */
  static final OID ENTRY = new OID("1.3.6.1.2.1.40.1.3.1");
  static final int TIMEOUT = 2;
  static final int OWNER = 3;
  static final int LAST_TIME = 4;
  static final int PREVIOUS_TIME = 5;
  static final int STATUS = 6;
  static final int RULE_SET = 7;

  ReaderInfoTable(ControlTransactions transactions) {
    super(ENTRY, new int[] {TIMEOUT, OWNER, LAST_TIME, PREVIOUS_TIME, STATUS, RULE_SET},
        transactions);
  }

  @Override
  void refresh() {
    transactions.expireReaders();
  }

  @Override
  int[] ceilingRow(int[] bound, boolean inclusive) {
    return RuleSetInfoTable.Rows.ceiling(transactions.state().readers(), bound, inclusive);
  }

  @Override
  Variable value(int column, int[] index) {
    ReaderRow row = RuleSetInfoTable.Rows.get(transactions.state().readers(), index);
    if (row == null) {
      return null;
    }
    switch (column) {
      case TIMEOUT:
        return integer(row.timeout());
      case OWNER:
        return octets(row.owner());
      case LAST_TIME:
        return timeTicks(row.currentLastTime());
      case PREVIOUS_TIME:
        return timeTicks(row.currentPreviousTime());
      case STATUS:
        return integer(row.status());
      case RULE_SET:
        // No DEFVAL: until written it reads as noSuchInstance (RFC 2579: supply a value).
        return row.ruleSet() == 0 ? null : integer(row.ruleSet());
      default:
        return null;
    }
  }

  @Override
  int check(int column, int[] index, Variable v) {
    int e;
    switch (column) {
      case TIMEOUT:
        e = checkInteger(v, 0, Integer.MAX_VALUE);
        break;
      case OWNER:
        e = checkOwner(v);
        break;
      case LAST_TIME:
        // Any value: the meter writes its own Uptime whatever was written (RFC 2720).
        e = checkTimeTicks(v);
        break;
      case STATUS:
        e = checkRowStatus(v);
        break;
      case RULE_SET:
        // Flows carry rule sets 1..255 (flowDataRuleSet): a reader of any other collects nothing.
        e = checkInteger(v, 1, FlowTable.MAX_RULE_SET);
        break;
      default:
        return SnmpConstants.SNMP_ERROR_NOT_WRITEABLE;
    }
    return e != ok() ? e : checkSimpleIndex(index, Integer.MAX_VALUE);
  }
}
