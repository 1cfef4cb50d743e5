package org.rtfm4j.mib;

import java.util.Map;
import java.util.NavigableMap;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.rules.Action;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.RuleRows;
import org.rtfm4j.rules.RuleSetChecker;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;

/**
 * flowRuleTable (RFC 2720 flowRules 1), indexed by rule set and rule number. Rows 1..Size of a
 * rule set exist once its flowRuleInfoSize is set; a SET never creates any other (noCreation).
 * Masks and values travel as {@link RuleRows} describes. A selector or action not yet written
 * reads as noSuchInstance, RFC 2579's way of saying "supply a value".
 */
final class RuleTable extends ControlTable {
  /** flowRuleEntry. */
  static final OID ENTRY = new OID("1.3.6.1.2.1.40.3.1.1");
  static final int SELECTOR = 3;
  static final int MASK = 4;
  static final int MATCHED_VALUE = 5;
  static final int ACTION = 6;
  static final int PARAMETER = 7;

  private static final int INDEX_LENGTH = 2;
  private static final int LAST_ACTION = 17;

  RuleTable(ControlTransactions transactions) {
    super(ENTRY, new int[] {SELECTOR, MASK, MATCHED_VALUE, ACTION, PARAMETER}, transactions);
  }

  @Override
  int[] ceilingRow(int[] bound, boolean inclusive) {
    NavigableMap<Integer, RuleSetRow> sets = transactions.state().ruleSets();
    if (bound.length > 0 && bound[0] < 0) {
      return null;
    }
    Map<Integer, RuleSetRow> tail = bound.length == 0 ? sets : sets.tailMap(bound[0], true);
    for (RuleSetRow set : tail.values()) {
      long first = 1;
      if (bound.length > 0 && set.index() == bound[0] && bound.length > 1) {
        long r = Integer.toUnsignedLong(bound[1]);
        // [s, r] itself qualifies only when inclusive; [s, r, ...] lies after [s, r].
        first = bound.length == INDEX_LENGTH && inclusive ? r : r + 1;
      }
      if (first < 1) {
        first = 1;
      }
      if (first <= set.size()) {
        return new int[] {set.index(), (int) first};
      }
    }
    return null;
  }

  @Override
  Variable value(int column, int[] index) {
    RuleEntry r = rule(transactions.state().ruleSets(), index);
    if (r == null) {
      return null;
    }
    switch (column) {
      case SELECTOR:
        return r.selector() == RuleEntry.UNSET ? null : integer(r.selector());
      case MASK:
        return octets(r.mask());
      case MATCHED_VALUE:
        return octets(r.value());
      case ACTION:
        return r.action() == RuleEntry.UNSET ? null : integer(r.action());
      case PARAMETER:
        return integer(r.parameter());
      default:
        return null;
    }
  }

  /** The rule {@code index} = {rule set, rule number} names, or null. */
  static RuleEntry rule(Map<Integer, RuleSetRow> sets, int[] index) {
    if (index.length != INDEX_LENGTH) {
      return null;
    }
    RuleSetRow set = sets.get(index[0]);
    return set == null || index[1] < 1 || index[1] > set.size() ? null
        : set.rules().get(index[1] - 1);
  }

  @Override
  int check(int column, int[] index, Variable v) {
    int e;
    switch (column) {
      case SELECTOR:
        e = checkInteger(v, 0, Attribute.LIMIT - 1);
        if (e == ok()) {
          Attribute a = Attribute.byNumber(v.toInt());
          // RuleAttributeNumber (RFC 2720) lists exactly the attributes a rule may test.
          e = a != null && a.testable() ? ok() : SnmpConstants.SNMP_ERROR_WRONG_VALUE;
        }
        break;
      case MASK:
      case MATCHED_VALUE:
        e = checkOctets(v, RuleRows.MIN_OCTETS, RuleRows.MAX_OCTETS);
        break;
      case ACTION:
        e = checkInteger(v, 1, LAST_ACTION);
        if (e == ok() && Action.byOpcode(v.toInt()) == null) {
          e = SnmpConstants.SNMP_ERROR_WRONG_VALUE;
        }
        break;
      case PARAMETER:
        // RFC 2720 says 1..65535, but rule files (RFC 2722 §4.4 examples, NeTraMet) write 0 for
        // actions that ignore the parameter (Count, 0): refusing 0 would make those rule sets
        // impossible to download as written.
        e = checkInteger(v, 0, RuleSetChecker.MAX_PARAMETER);
        break;
      default:
        return SnmpConstants.SNMP_ERROR_NOT_WRITEABLE;
    }
    if (e != ok()) {
      return e;
    }
    boolean indexOk = index.length == INDEX_LENGTH && index[0] >= 1
        && index[0] <= FlowTable.MAX_RULE_SET && index[1] >= 1
        && index[1] <= RuleSetChecker.MAX_PARAMETER;
    return indexOk ? ok() : SnmpConstants.SNMP_ERROR_NO_CREATION;
  }
}
