package org.rtfm4j.mib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rtfm4j.rules.RuleRow;
import org.rtfm4j.rules.RuleRows;

/**
 * A flowRuleSetInfoTable row and its flowRuleTable rows, as the agent holds them. Immutable: a
 * SET builds changed copies and publishes them only in its commit phase.
 *
 * @param index flowRuleInfoIndex, the rule set number
 * @param status RowStatus: active, notInService or notReady
 * @param owner flowRuleInfoOwner (UTF-8)
 * @param name flowRuleInfoName
 * @param timeStamp flowRuleInfoTimeStamp, meter uptime centiseconds
 * @param rules the rules, rule 1 first; their number is flowRuleInfoSize
 * @param builtIn true for rule set 1, which nothing may change (RFC 2722 §4.4)
 */
record RuleSetRow(int index, int status, byte[] owner, byte[] name, long timeStamp,
    List<RuleEntry> rules, boolean builtIn) {

  RuleSetRow {
    owner = owner.clone();
    name = name.clone();
    rules = List.copyOf(rules);
  }

  /** A row just created by createAndWait or createAndGo: no rules, so not ready. */
  static RuleSetRow created(int index, long now) {
    return new RuleSetRow(index, RowStatusValue.NOT_READY, new byte[0], new byte[0], now,
        List.of(), false);
  }

  int size() {
    return rules.size();
  }

  /** The rules as flowRuleTable rows, rule 1 first (what {@link RuleRows#toRules} reads). */
  List<RuleRow> ruleRows() {
    List<RuleRow> rows = new ArrayList<>(rules.size());
    for (RuleEntry r : rules) {
      rows.add(r.row());
    }
    return rows;
  }

  boolean active() {
    return status == RowStatusValue.ACTIVE;
  }

  /** Complete enough to try to activate: at least one rule, every selector and action written. */
  boolean ready() {
    if (rules.isEmpty()) {
      return false;
    }
    for (RuleEntry r : rules) {
      if (!r.complete()) {
        return false;
      }
    }
    return true;
  }

  /**
   * flowRuleInfoSize: rules 1..size exist from now on; those kept keep their values, new ones are
   * empty.
   */
  RuleSetRow withSize(int size) {
    RuleEntry[] r = new RuleEntry[size];
    for (int i = 0; i < size; i++) {
      r[i] = i < rules.size() ? rules.get(i) : RuleEntry.EMPTY;
    }
    return new RuleSetRow(index, status, owner, name, timeStamp, Arrays.asList(r), builtIn);
  }

  /** Rule {@code number} (1-origin) replaced. */
  RuleSetRow withRule(int number, RuleEntry rule) {
    RuleEntry[] r = rules.toArray(new RuleEntry[0]);
    r[number - 1] = rule;
    return new RuleSetRow(index, status, owner, name, timeStamp, Arrays.asList(r), builtIn);
  }

  RuleSetRow withStatus(int s) {
    return new RuleSetRow(index, s, owner, name, timeStamp, rules, builtIn);
  }

  RuleSetRow withOwner(byte[] o) {
    return new RuleSetRow(index, status, o, name, timeStamp, rules, builtIn);
  }

  RuleSetRow withName(byte[] n) {
    return new RuleSetRow(index, status, owner, n, timeStamp, rules, builtIn);
  }

  RuleSetRow withTimeStamp(long t) {
    return new RuleSetRow(index, status, owner, name, t, rules, builtIn);
  }
}
