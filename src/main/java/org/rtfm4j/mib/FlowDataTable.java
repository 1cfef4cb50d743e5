package org.rtfm4j.mib;

import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.rules.Attribute;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;

/**
 * flowDataTable (RFC 2720 flowData 1): one row per flow in the meter's flow table, INDEX {
 * flowDataRuleSet, flowDataTimeMark, flowDataIndex }, columns 3..41 (flowDataIndex,
 * flowDataTimeMark and flowDataRuleSet are not-accessible), read live from the flow table.
 *
 * <p>Instance {@code column.RS.T.I} exists when flow I (FlowIndex I) belongs to rule set RS, was
 * last active at or after T (its flowDataLastActiveTime, 32-bit ticks, is T or more: RFC 4502
 * TimeFilter) and has the column's attribute (see {@link FlowAttributeValues}). GETNEXT goes
 * through those flows in FlowIndex order, then to the next rule set holding flows, at T = 0
 * (see {@link TimeFilterIndex}), then to the next column.
 */
final class FlowDataTable extends ComputedTable {
  /** flowDataTable. */
  static final OID OID_TABLE = new OID("1.3.6.1.2.1.40.2.1");
  /** flowDataEntry. */
  static final OID OID_ENTRY = new OID("1.3.6.1.2.1.40.2.1.1");

  /** flowDataStatus, the first accessible column. */
  static final int FIRST_COLUMN = 3;
  private static final int STATUS_COLUMN = FIRST_COLUMN;
  /** flowDataKind. */
  static final int LAST_COLUMN = 41;
  /** flowDataRuleSet is an index and not-accessible. */
  static final int RULE_SET_COLUMN = 26;

  private final TimeFilteredFlows flows;

  FlowDataTable(TimeFilteredFlows flows) {
    super(OID_TABLE);
    this.flows = flows;
  }

  /**
   * The FlowAttributeNumber a column shows. Columns are numbered as the attributes except at the
   * start: flowDataTimeMark is column 2 but attribute flowTimeMark(3), flowDataStatus column 3
   * but flowStatus(2).
   */
  static int attribute(int column) {
    return column == STATUS_COLUMN ? Attribute.FLOW_STATUS.number() : column;
  }

  /** Columns with instances: 3..41 but flowDataRuleSet. */
  static boolean accessible(long column) {
    return column >= FIRST_COLUMN && column <= LAST_COLUMN && column != RULE_SET_COLUMN;
  }

  @Override
  boolean next(OID lower, boolean inclusive, Object request, Instance out) {
    int n = OID_ENTRY.size();
    int column = FIRST_COLUMN;
    TimeFilterIndex start = TimeFilterIndex.START;
    if (lower.startsWith(OID_ENTRY) && lower.size() > n) {
      long c = unsigned(lower, n);
      if (c > LAST_COLUMN) {
        return false;
      }
      if (c >= FIRST_COLUMN) {
        column = (int) c;
        start = TimeFilterIndex.parse(lower, n + 1, inclusive, FlowTable.MAX_RULE_SET);
      }
    } else if (lower.compareTo(OID_ENTRY) > 0 && !lower.startsWith(OID_ENTRY)) {
      return false;
    }
    for (; column <= LAST_COLUMN; column++, start = TimeFilterIndex.START) {
      if (accessible(column) && start != null && nextInColumn(column, start, request, out)) {
        return true;
      }
    }
    return false;
  }

  private boolean nextInColumn(int column, TimeFilterIndex start, Object request, Instance out) {
    int attribute = attribute(column);
    boolean first = start.major() == TimeFilterIndex.FROM_FIRST;
    int rs = first ? flows.nextRuleSet(0) : start.major();
    long time = first ? 0 : start.time();
    int from = first ? 0 : start.fromSlot();
    while (rs != TimeFilteredFlows.NONE) {
      if (from != TimeFilterIndex.EXHAUSTED && flows.holdsFlows(rs)) {
        FlowSnapshot f = flows.first(request, rs, time, from, Integer.MAX_VALUE, true);
        while (f != null && !FlowAttributeValues.present(f, attribute)) {
          f = flows.first(request, rs, time, f.slot() + 1, Integer.MAX_VALUE, false);
        }
        if (f != null) {
          out.set(instanceOid(OID_ENTRY, column, rs, (int) time, f.row().flowIndex()),
              out.valueWanted ? FlowAttributeValues.variable(f, attribute) : null);
          return true;
        }
      }
      // RFC 4502 TimeFilter: on to the next rule set, not to T + 1.
      rs = flows.nextRuleSet(rs);
      time = 0;
      from = 0;
    }
    return false;
  }

  @Override
  Variable get(OID oid, Object request) {
    int n = OID_ENTRY.size();
    if (!oid.startsWith(OID_ENTRY) || oid.size() <= n || !accessible(unsigned(oid, n))) {
      return Null.noSuchObject;
    }
    if (oid.size() != n + 4) {
      return Null.noSuchInstance;
    }
    int column = oid.get(n);
    long rs = unsigned(oid, n + 1);
    long time = unsigned(oid, n + 2);
    long flowIndex = unsigned(oid, n + 3);
    if (rs < TimeFilteredFlows.MIN_RULE_SET || rs > FlowTable.MAX_RULE_SET || flowIndex < 1
        || flowIndex > Integer.MAX_VALUE) {
      return Null.noSuchInstance;
    }
    FlowSnapshot f = flows.exact(request, (int) flowIndex - 1);
    if (f == null || f.row().ruleSet() != rs || f.lastActiveTicks() < time) {
      return Null.noSuchInstance;
    }
    Variable v = FlowAttributeValues.variable(f, attribute(column));
    return v == null ? Null.noSuchInstance : v;
  }
}
