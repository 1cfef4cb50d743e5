package org.rtfm4j.reader;

import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.AttributeSyntax;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;

/**
 * One flow as a meter reader collected it: its FlowIndex, rule set and the values of the
 * attributes it read, as the meter sent them (flowDataTable syntax). An attribute the flow lacks
 * (its rule set did not save it) or that was not read is absent: null.
 */
final class CollectedFlow {
  private final int flowIndex;
  private final int ruleSet;
  private final Variable[] values = new Variable[AttributeSyntax.LAST + 1];

  CollectedFlow(int flowIndex, int ruleSet) {
    this.flowIndex = flowIndex;
    this.ruleSet = ruleSet;
    values[Attribute.FLOW_INDEX.number()] = new Integer32(flowIndex);
    values[Attribute.RULE_SET.number()] = new Integer32(ruleSet);
  }

  /** FlowIndex: the flow's row in the meter's flow table. */
  public int flowIndex() {
    return flowIndex;
  }

  /** The rule set that made the flow (flowDataRuleSet). */
  public int ruleSet() {
    return ruleSet;
  }

  /** The value of attribute {@code attribute} (1..41), or null when absent. */
  public Variable get(int attribute) {
    return values[attribute];
  }

  void set(int attribute, Variable v) {
    values[attribute] = v == null || v.isException() ? null : v;
  }

  /**
   * FirstTime, centiseconds of meter time; with FlowIndex it identifies a flow (RFC 2722 §5.1).
   */
  public long firstTime() {
    return number(Attribute.FIRST_TIME.number());
  }

  /**
   * A numeric attribute (counter, time, integer) as an unsigned number; -1 when absent or not a
   * number.
   */
  public long number(int attribute) {
    Variable v = values[attribute];
    if (v instanceof Counter64 c) {
      return c.getValue();
    }
    if (v instanceof TimeTicks t) {
      return t.getValue();
    }
    if (v instanceof Integer32 i) {
      return i.getValue();
    }
    return -1;
  }
}
