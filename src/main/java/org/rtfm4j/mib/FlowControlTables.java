package org.rtfm4j.mib;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.Task;
import org.rtfm4j.rules.RuleRow;
import org.rtfm4j.rules.RuleRows;
import org.rtfm4j.rules.RuleSet;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOGroup;
import org.snmp4j.agent.MOServer;
import org.snmp4j.smi.OctetString;

/**
 * The control tables of the Meter MIB (RFC 2720), served live from a {@link Meter}:
 * flowRuleSetInfoTable, flowInterfaceTable, flowReaderInfoTable, flowManagerInfoTable and
 * flowRuleTable. Managers download rule sets, run them as tasks and register readers with
 * RowStatus (RFC 2579); a SET is checked as a whole in its prepare phase and reaches the meter only
 * in its commit phase, across all five tables at once.
 *
 * <p>The rule sets and tasks the meter holds when this group is built become active rows: rule
 * set 1 (built in, owner {@value #BUILTIN_OWNER}, read-only), rule sets and tasks loaded from rule
 * files (owner {@value #PRELOADED_OWNER}). Rule sets and tasks given to the meter directly later
 * on are neither shown nor touched by these tables.
 *
 * <p>When activating a rule set is refused (inconsistentValue), the reason is logged and kept:
 * {@link #lastRefusal(int)}.
 */
public final class FlowControlTables implements MOGroup {
  /** Owner of rule set 1 and of a task running it when no rule file was given. */
  public static final String BUILTIN_OWNER = "rtfm4j";
  /** Owner of the rule sets and tasks loaded from rule files (-R). */
  public static final String PRELOADED_OWNER = "rtfm4j -R";

  private final ControlTransactions transactions;
  private final List<ControlTable> tables;

  /**
   * The tables of {@code meter}.
   *
   * @param log where refusals and failures are reported, one line each (the command line's
   *     standard error)
   */
  public FlowControlTables(Meter meter, Consumer<String> log) {
    Objects.requireNonNull(meter, "meter");
    transactions = new ControlTransactions(meter, initialState(meter), log);
    tables = List.of(
        new RuleSetInfoTable(meter, transactions),
        new InterfaceTable(meter, transactions),
        new ReaderInfoTable(transactions),
        new ManagerInfoTable(meter, transactions),
        new RuleTable(transactions));
    for (ControlTable t : tables) {
      transactions.add(t);
    }
  }

  /**
   * Why the last attempt to activate rule set {@code number} was refused (inconsistentValue), or
   * null when it has not been refused since it was last activated or created.
   */
  public String lastRefusal(int number) {
    return transactions.lastRefusal(number);
  }

  @Override
  public void registerMOs(MOServer server, OctetString context)
      throws DuplicateRegistrationException {
    for (ControlTable t : tables) {
      server.register(t, context);
    }
  }

  @Override
  public void unregisterMOs(MOServer server, OctetString context) {
    for (ControlTable t : tables) {
      server.unregister(t, context);
    }
  }

  /** Rows for what the meter holds now: its rule sets and tasks, all active. */
  private static ControlState initialState(Meter meter) {
    long now = meter.clock().now();
    TreeMap<Integer, RuleSetRow> sets = new TreeMap<>();
    for (int n : meter.ruleSetNumbers()) {
      RuleSet rs = meter.ruleSet(n);
      List<RuleEntry> rules = new ArrayList<>();
      for (RuleRow r : RuleRows.fromRuleSet(rs)) {
        rules.add(RuleEntry.of(r));
      }
      boolean builtIn = n == Meter.BUILTIN_RULE_SET;
      sets.put(n, new RuleSetRow(n, RowStatusValue.ACTIVE,
          owner(builtIn ? BUILTIN_OWNER : PRELOADED_OWNER), OwnerText.bytes(rs.name()), now,
          rules, builtIn));
    }
    TreeMap<Integer, ManagerRow> managers = new TreeMap<>();
    for (Task t : meter.tasks()) {
      boolean builtIn = t.currentRuleSet() == Meter.BUILTIN_RULE_SET;
      managers.put(t.index(), new ManagerRow(t.index(), t.currentRuleSet(), t.standbyRuleSet(),
          t.highWaterMark(), owner(builtIn ? BUILTIN_OWNER : PRELOADED_OWNER), now,
          RowStatusValue.ACTIVE, t.runningStandby()));
    }
    return new ControlState(0, sets, new TreeMap<>(), managers);
  }

  private static byte[] owner(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
