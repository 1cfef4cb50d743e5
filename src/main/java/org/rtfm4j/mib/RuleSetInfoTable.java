package org.rtfm4j.mib;

import java.util.Map;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.rules.RuleSetChecker;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;

/**
 * flowRuleSetInfoTable (RFC 2720 flowControl 1): one row per rule set, indexed by its number
 * (1..255, the numbers a flow can carry in flowDataRuleSet). Row 1 is the built-in rule set and
 * cannot be changed; rule sets loaded from rule files are active rows.
 */
final class RuleSetInfoTable extends ControlTable {
  /** flowRuleSetInfoEntry. */
  static final OID ENTRY = new OID("1.3.6.1.2.1.40.1.1.1");
  static final int SIZE = 2;
  static final int OWNER = 3;
  static final int TIME_STAMP = 4;
  static final int STATUS = 5;
  static final int NAME = 6;
  static final int RULES_READY = 7;
  static final int FLOW_RECORDS = 8;

  private final Meter meter;

  RuleSetInfoTable(Meter meter, ControlTransactions transactions) {
    super(ENTRY, new int[] {SIZE, OWNER, TIME_STAMP, STATUS, NAME, RULES_READY, FLOW_RECORDS},
        transactions);
    this.meter = meter;
  }

  @Override
  int[] ceilingRow(int[] bound, boolean inclusive) {
    return Rows.ceiling(transactions.state().ruleSets(), bound, inclusive);
  }

  @Override
  Variable value(int column, int[] index) {
    RuleSetRow row = Rows.get(transactions.state().ruleSets(), index);
    if (row == null) {
      return null;
    }
    switch (column) {
      case SIZE:
        return integer(row.size());
      case OWNER:
        return octets(row.owner());
      case TIME_STAMP:
        return timeTicks(row.timeStamp());
      case STATUS:
        return integer(row.status());
      case NAME:
        return octets(row.name());
      case RULES_READY:
        // Deprecated (RFC 2720): it says whether the rule set may run, which is its status now.
        return integer(row.active() ? FlowMeterMib.TRUE : FlowMeterMib.FALSE);
      case FLOW_RECORDS:
        // The flows of a destroyed rule set of this number, still waiting to be removed, are not
        // this row's.
        return integer(meter.ruleSetLive(row.index())
            ? meter.flowTable().flowRecords(row.index()) : 0);
      default:
        return null;
    }
  }

  @Override
  int check(int column, int[] index, Variable v) {
    int e;
    switch (column) {
      case SIZE:
        // Rules are numbered by 16-bit parameters (flowRuleParameter 1..65535).
        e = checkInteger(v, 0, RuleSetChecker.MAX_PARAMETER);
        break;
      case OWNER:
        e = checkOwner(v);
        break;
      case STATUS:
        e = checkRowStatus(v);
        break;
      case NAME:
        e = checkOctets(v, 0, OwnerText.MAX_OCTETS);
        break;
      case RULES_READY:
        e = checkTruthValue(v);
        break;
      default:
        return SnmpConstants.SNMP_ERROR_NOT_WRITEABLE;
    }
    return e != ok() ? e : checkSimpleIndex(index, FlowTable.MAX_RULE_SET);
  }

  /** Row lookups shared by the single-index tables. */
  static final class Rows {
    private Rows() {}

    static <R> R get(Map<Integer, R> rows, int[] index) {
      return index.length == 1 ? rows.get(index[0]) : null;
    }

    /** The first key of {@code rows} (all positive) above or at {@code bound}, as an index. */
    static int[] ceiling(java.util.NavigableMap<Integer, ?> rows, int[] bound, boolean inclusive) {
      Integer k;
      if (bound.length == 0) {
        k = rows.isEmpty() ? null : rows.firstKey();
      } else if (bound[0] < 0) {
        return null; // above 2^31-1 as unsigned: beyond every row
      } else if (bound.length == 1 && inclusive) {
        k = rows.ceilingKey(bound[0]);
      } else {
        k = rows.higherKey(bound[0]);
      }
      return k == null ? null : new int[] {k};
    }
  }
}
