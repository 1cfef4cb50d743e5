package org.rtfm4j.mib;

import java.util.Arrays;
import org.rtfm4j.rules.RuleRow;
import org.rtfm4j.rules.RuleRows;

/**
 * One flowRuleTable row as the agent holds it: like {@link RuleRow}, but its selector and action
 * may not have been written yet. Immutable.
 *
 * @param selector flowRuleSelector, or {@link #UNSET}
 * @param mask flowRuleMask (2..20 octets)
 * @param value flowRuleMatchedValue (2..20 octets)
 * @param action flowRuleAction, or {@link #UNSET}
 * @param parameter flowRuleParameter
 */
record RuleEntry(int selector, byte[] mask, byte[] value, int action, int parameter) {
  /** A selector or action no manager has written. */
  static final int UNSET = -1;
  /** A rule row just allocated by flowRuleInfoSize: mask and value zero, nothing else set. */
  static final RuleEntry EMPTY = new RuleEntry(UNSET, new byte[RuleRows.MIN_OCTETS],
      new byte[RuleRows.MIN_OCTETS], UNSET, 0);

  static RuleEntry of(RuleRow row) {
    return new RuleEntry(row.selector(), row.mask(), row.value(), row.action(), row.parameter());
  }

  /** True once selector and action are written: the rule can be compiled (or refused). */
  boolean complete() {
    return selector != UNSET && action != UNSET;
  }

  RuleRow row() {
    return new RuleRow(selector, mask, value, action, parameter);
  }

  RuleEntry withSelector(int v) {
    return new RuleEntry(v, mask, value, action, parameter);
  }

  RuleEntry withMask(byte[] v) {
    return new RuleEntry(selector, v.clone(), value, action, parameter);
  }

  RuleEntry withValue(byte[] v) {
    return new RuleEntry(selector, mask, v.clone(), action, parameter);
  }

  RuleEntry withAction(int v) {
    return new RuleEntry(selector, mask, value, v, parameter);
  }

  RuleEntry withParameter(int v) {
    return new RuleEntry(selector, mask, value, action, v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RuleEntry r && selector == r.selector && Arrays.equals(mask, r.mask)
        && Arrays.equals(value, r.value) && action == r.action && parameter == r.parameter;
  }

  @Override
  public int hashCode() {
    return row().hashCode();
  }
}
