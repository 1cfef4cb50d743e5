package org.rtfm4j.mib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.rules.RuleRows;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.rules.BuiltinRuleSets;
import org.rtfm4j.rules.RuleSetChecker;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.SMIConstants;
import org.snmp4j.smi.Variable;

/**
 * What one SET does to the control tables, worked out before anything changes (RFC 3416 §4.2.5's
 * first phase): every variable binding of the request that falls in a control table, checked and
 * applied together to a copy of the state, so the outcome does not depend on their order in the
 * PDU ("as if simultaneously"). The first binding, in PDU order, that fails gives the request's
 * error; if none fails, {@link #next()} is the state to publish and the other fields say what
 * the meter must do.
 *
 * <p>RowStatus follows RFC 2579's state table: createAndWait/createAndGo only on a row that does
 * not exist (else inconsistentValue); active/notInService on a row that does not exist,
 * activating a row that is not ready or not valid, and notInService on a notReady row that the
 * PDU does not complete give inconsistentValue; destroy of a row that does not exist is
 * noError. Another column of a row that does not exist and is not created in the same PDU gives
 * inconsistentName (RFC 2579 note 4, RFC 3416 §4.2.5 step 8). A column that may not change while
 * its row is active may change in a PDU that also takes the row out of the active state (RFC 2579
 * "NOTE WELL").
 */
final class SetPlan {
  /** Tasks a manager may create (resourceUnavailable beyond). */
  static final int MAX_TASKS = 1024;
  /** Reader rows a manager may create (resourceUnavailable beyond). */
  static final int MAX_READERS = 1024;
  /** Rules held in all rule sets together, so flowRuleInfoSize cannot exhaust memory. */
  static final int MAX_TOTAL_RULES = 1 << 20;
  /** Findings listed in a refusal before the rest are only counted. */
  private static final int MAX_REASONS = 8;

  private static final int NOT_WRITABLE = SnmpConstants.SNMP_ERROR_NOT_WRITEABLE;
  private static final int INCONSISTENT_VALUE = SnmpConstants.SNMP_ERROR_INCONSISTENT_VALUE;
  private static final int INCONSISTENT_NAME = SnmpConstants.SNMP_ERROR_INCONSISTENT_NAME;
  private static final int NO_CREATION = SnmpConstants.SNMP_ERROR_NO_CREATION;
  private static final int RESOURCE_UNAVAILABLE = SnmpConstants.SNMP_ERROR_RESOURCE_UNAVAILABLE;

  private final ControlState base;
  private final List<Write> writes;
  private final Meter meter;
  private final long now;
  private final long nanos;
  private final ControlState.Builder b;
  private ControlState next;

  /** Active readers whose LastTime was written: each begins a collection at commit. */
  final List<Integer> collections = new ArrayList<>();
  /** flowInterfaceSampleRate writes, by ifIndex. */
  final Map<Integer, Integer> sampleRates = new LinkedHashMap<>();
  /** Active tasks a manager switched back to their current rule set. */
  final Set<Integer> leaveStandby = new TreeSet<>();
  /** Rule sets whose activation was refused, and why. */
  final Map<Integer, String> refusals = new LinkedHashMap<>();
  /** Why task rows were refused, one line each, for the meter's log. */
  final List<String> taskRefusals = new ArrayList<>();
  /** Rule sets this SET activates. */
  final Set<Integer> activated = new TreeSet<>();

  /** How a SET treats one row of a RowStatus table. */
  private record RowPlan(Write status, int requested, boolean wasActive, boolean locked) {}

  /** The SET's bindings into one control table, one row each. */
  private record TableWrites(Map<Integer, List<Write>> rows, List<Write> all) {}

  /**
   * @param now meter uptime, centiseconds (TimeStamps, LastTime)
   * @param nanos the readers' clock (timeouts)
   */
  SetPlan(ControlState base, List<Write> writes, Meter meter, long now, long nanos) {
    this.base = base;
    this.writes = writes;
    this.meter = meter;
    this.now = now;
    this.nanos = nanos;
    this.b = base.edit();
    for (Write w : writes) {
      w.error = w.syntaxError;
    }
    run();
  }

  ControlState base() {
    return base;
  }

  /** The binding whose error the request reports, or null when the SET can be applied. */
  Write firstError() {
    for (Write w : writes) {
      if (w.error != SnmpConstants.SNMP_ERROR_SUCCESS) {
        return w;
      }
    }
    return null;
  }

  /** The state after the SET; only when {@link #firstError()} is null. */
  ControlState next() {
    return next;
  }

  private void run() {
    TableWrites info = writesTo(RuleSetInfoTable.class);
    TableWrites rules = writesTo(RuleTable.class);
    Map<Integer, RowPlan> infoPlans = new LinkedHashMap<>();
    for (Map.Entry<Integer, List<Write>> e : info.rows().entrySet()) {
      RowPlan p = ruleSetColumns(e.getKey(), e.getValue());
      if (p != null) {
        infoPlans.put(e.getKey(), p);
      }
    }
    Set<Integer> changedSets = new TreeSet<>(infoPlans.keySet());
    for (Write w : rules.all()) {
      ruleWrite(w, infoPlans, changedSets);
    }
    for (int idx : changedSets) {
      RowPlan p = infoPlans.get(idx);
      if (p != null && p.status() != null) {
        ruleSetStatus(idx, p);
      } else {
        RuleSetRow row = b.ruleSets.get(idx);
        if (row != null && !row.active()) {
          b.ruleSets.put(idx, row.withStatus(readiness(row.ready())));
        }
      }
      RuleSetRow row = b.ruleSets.get(idx);
      if (row != null) {
        b.ruleSets.put(idx, row.withTimeStamp(now));
      }
    }
    for (Write w : info.all()) {
      if (w.column == RuleSetInfoTable.RULES_READY) {
        rulesReady(w, infoPlans.get(w.index[0]));
      }
    }
    for (Map.Entry<Integer, List<Write>> e : writesTo(ManagerInfoTable.class).rows().entrySet()) {
      manager(e.getKey(), e.getValue());
    }
    references(infoPlans);
    for (Map.Entry<Integer, List<Write>> e : writesTo(ReaderInfoTable.class).rows().entrySet()) {
      reader(e.getKey(), e.getValue());
    }
    for (Write w : writesTo(InterfaceTable.class).all()) {
      if (InterfaceTable.find(meter, w.index) == null) {
        fail(w, NO_CREATION);
      } else {
        sampleRates.put(w.index[0], w.value.toInt());
      }
    }
    if (firstError() == null) {
      next = b.build();
    }
  }

  // ---------------------------------------------------------------- flowRuleSetInfoTable

  private RowPlan ruleSetColumns(int idx, List<Write> ws) {
    RuleSetRow row = b.ruleSets.get(idx);
    Write st = lastStatus(ws, RuleSetInfoTable.STATUS);
    int req = st == null ? 0 : st.value.toInt();
    if (row != null && row.builtIn()) {
      // RFC 2722 §4.4: rule set 1 "is built-in to the meter and cannot be changed".
      failAll(ws, NOT_WRITABLE);
      return null;
    }
    boolean created = row == null;
    row = target(row, st, req, ws, 0, Integer.MAX_VALUE, () -> RuleSetRow.created(idx, now));
    if (row == null) {
      return null;
    }
    boolean wasActive = !created && row.active();
    boolean locked = wasActive && staysActive(st, req, wasActive);
    for (Write w : ws) {
      if (w.column == RuleSetInfoTable.SIZE) {
        if (locked) {
          fail(w, NOT_WRITABLE);
        } else {
          row = row.withSize(w.value.toInt());
          b.ruleSets.put(idx, row);
          if (totalRules() > MAX_TOTAL_RULES) {
            fail(w, RESOURCE_UNAVAILABLE);
          }
        }
      }
    }
    for (Write w : ws) {
      if (w.column == RuleSetInfoTable.OWNER || w.column == RuleSetInfoTable.NAME) {
        if (locked) {
          fail(w, NOT_WRITABLE);
        } else if (w.column == RuleSetInfoTable.OWNER) {
          row = row.withOwner(bytes(w.value));
        } else {
          row = row.withName(bytes(w.value));
        }
      }
    }
    b.ruleSets.put(idx, row);
    return new RowPlan(st, req, wasActive, locked);
  }

  /**
   * flowRuleInfoRulesReady is deprecated (RFC 2720: "use flowRuleInfoStatus instead"); it reads
   * true exactly while the row is active. Writing the value it will have after the SET is
   * accepted; any other value is inconsistentValue.
   */
  private void rulesReady(Write w, RowPlan p) {
    if (p == null || w.error != SnmpConstants.SNMP_ERROR_SUCCESS) {
      return;
    }
    if (p.locked()) {
      fail(w, NOT_WRITABLE);
      return;
    }
    RuleSetRow row = b.ruleSets.get(w.index[0]);
    int ready = row != null && row.active() ? FlowMeterMib.TRUE : FlowMeterMib.FALSE;
    if (w.value.toInt() != ready) {
      fail(w, INCONSISTENT_VALUE);
    }
  }

  private void ruleWrite(Write w, Map<Integer, RowPlan> infoPlans, Set<Integer> changedSets) {
    int set = w.index[0];
    int n = w.index[1];
    RuleSetRow row = b.ruleSets.get(set);
    if (row == null || n > row.size()) {
      // Rules exist only as rows 1..flowRuleInfoSize: a SET never creates one.
      fail(w, NO_CREATION);
      return;
    }
    RowPlan p = infoPlans.get(set);
    boolean locked = row.builtIn() || (p != null ? p.locked() : row.active());
    if (locked) {
      // RFC 2720: "Once a RuleSet is running a manager may not change any of the objects within
      // the RuleSet itself ... notWritable".
      fail(w, NOT_WRITABLE);
      return;
    }
    RuleEntry r = row.rules().get(n - 1);
    switch (w.column) {
      case RuleTable.SELECTOR:
        r = r.withSelector(w.value.toInt());
        break;
      case RuleTable.MASK:
        r = r.withMask(bytes(w.value));
        break;
      case RuleTable.MATCHED_VALUE:
        r = r.withValue(bytes(w.value));
        break;
      case RuleTable.ACTION:
        r = r.withAction(w.value.toInt());
        break;
      default:
        r = r.withParameter(w.value.toInt());
        break;
    }
    b.ruleSets.put(set, row.withRule(n, r));
    changedSets.add(set);
  }

  private void ruleSetStatus(int idx, RowPlan p) {
    if (p.status().error != SnmpConstants.SNMP_ERROR_SUCCESS) {
      return;
    }
    RuleSetRow row = b.ruleSets.get(idx);
    switch (p.requested()) {
      case RowStatusValue.CREATE_AND_WAIT:
        b.ruleSets.put(idx, row.withStatus(readiness(row.ready())));
        break;
      case RowStatusValue.CREATE_AND_GO:
      case RowStatusValue.ACTIVE:
        if (p.wasActive()) {
          break;
        }
        String why = activationProblem(row);
        if (why != null) {
          // RFC 2579 (8): "the transition to D can fail ... inconsistentValue".
          fail(p.status(), INCONSISTENT_VALUE);
          refusals.put(idx, why);
        } else {
          b.ruleSets.put(idx, row.withStatus(RowStatusValue.ACTIVE));
          activated.add(idx);
        }
        break;
      case RowStatusValue.NOT_IN_SERVICE:
        if (!row.active() && !row.ready()) {
          fail(p.status(), INCONSISTENT_VALUE);
        } else {
          b.ruleSets.put(idx, row.withStatus(RowStatusValue.NOT_IN_SERVICE));
        }
        break;
      default:
        b.ruleSets.remove(idx);
        break;
    }
  }

  /** Why the rule set cannot run, or null: incomplete rules, rows that are not rules, or errors. */
  private static String activationProblem(RuleSetRow row) {
    if (row.size() == 0) {
      return "it has no rules (flowRuleInfoSize is 0)";
    }
    List<String> reasons = new ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      RuleEntry r = row.rules().get(i);
      if (r.selector() == RuleEntry.UNSET) {
        reasons.add("rule " + (i + 1) + ": flowRuleSelector was never written");
      }
      if (r.action() == RuleEntry.UNSET) {
        reasons.add("rule " + (i + 1) + ": flowRuleAction was never written");
      }
    }
    if (reasons.isEmpty()) {
      RuleRows.Result converted = RuleRows.toRules(row.ruleRows());
      for (RuleSetChecker.Finding f : converted.problems()) {
        reasons.add(f.toString());
      }
      if (converted.ok()) {
        RuleSet rs = new RuleSet(row.index(), OwnerText.text(row.name()), converted.rules(),
            List.of(), false);
        for (RuleSetChecker.Finding f : RuleSetChecker.check(rs)) {
          if (f.error()) {
            reasons.add(f.toString());
          }
        }
      }
    }
    if (reasons.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < reasons.size() && i < MAX_REASONS; i++) {
      sb.append(i == 0 ? "" : "; ").append(reasons.get(i));
    }
    if (reasons.size() > MAX_REASONS) {
      sb.append("; and ").append(reasons.size() - MAX_REASONS).append(" more");
    }
    return sb.toString();
  }

  private int totalRules() {
    long n = 0;
    for (RuleSetRow r : b.ruleSets.values()) {
      n += r.size();
    }
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  // ---------------------------------------------------------------- flowManagerInfoTable

  private void manager(int idx, List<Write> ws) {
    ManagerRow row = b.managers.get(idx);
    Write st = lastStatus(ws, ManagerInfoTable.STATUS);
    int req = st == null ? 0 : st.value.toInt();
    boolean created = row == null;
    row = target(row, st, req, ws, b.managers.size(), MAX_TASKS,
        () -> ManagerRow.created(idx, now));
    if (row == null) {
      return;
    }
    boolean wasActive = !created && row.active();
    boolean staysActive = wasActive && staysActive(st, req, wasActive);
    for (Write w : ws) {
      int v = w.value.getSyntax() == SMIConstants.SYNTAX_INTEGER ? w.value.toInt() : 0;
      switch (w.column) {
        case ManagerInfoTable.CURRENT_RULE_SET:
        case ManagerInfoTable.STANDBY_RULE_SET:
          String cannot = v == 0 || !activeRuleSet(v) ? null : whyCannotRun(v);
          if (v != 0 && !activeRuleSet(v)) {
            // The task would run a rule set the meter may not use (RFC 2720: not active).
            fail(w, INCONSISTENT_VALUE);
          } else if (cannot != null) {
            // A rule set this meter's matching threads cannot share out (rtfm meter --threads).
            fail(w, INCONSISTENT_VALUE);
            taskRefusals.add("task " + idx + " not changed (inconsistentValue): " + cannot);
          } else if (w.column == ManagerInfoTable.CURRENT_RULE_SET) {
            row = row.withCurrent(v);
          } else {
            row = row.withStandby(v);
          }
          break;
        case ManagerInfoTable.HIGH_WATER_MARK:
          row = row.withHighWaterMark(v);
          break;
        case ManagerInfoTable.OWNER:
          row = row.withOwner(bytes(w.value));
          break;
        case ManagerInfoTable.RUNNING_STANDBY:
          if (v == FlowMeterMib.TRUE) {
            // RFC 2720: true is "set ... by the meter"; a manager "may simply set this variable
            // to false(2)". As for flowFloodMode, entering standby is the meter's decision.
            fail(w, INCONSISTENT_VALUE);
          } else {
            row = row.withRunningStandby(false);
            if (staysActive) {
              leaveStandby.add(idx);
            }
          }
          break;
        default:
          break; // CounterWrap wrap(1): nothing to change; Status below
      }
    }
    row = afterStatus(row, st, req, wasActive);
    if (row == null) {
      b.managers.remove(idx);
      return;
    }
    if (!wasActive && row.active()) {
      row = row.withRunningStandby(false); // a task starts on its current rule set
    }
    b.managers.put(idx, row.withTimeStamp(now));
  }

  /** {@link Meter#whyCannotRun} for the rule set row {@code n} as this SET leaves it. */
  private String whyCannotRun(int n) {
    RuleSetRow r = b.ruleSets.get(n);
    if (r.builtIn()) {
      return meter.whyCannotRun(BuiltinRuleSets.ruleSet1());
    }
    RuleRows.Result converted = RuleRows.toRules(r.ruleRows());
    return converted.ok()
        ? meter.whyCannotRun(new RuleSet(n, "", converted.rules(), List.of(), false))
        : null;
  }

  private boolean activeRuleSet(int n) {
    RuleSetRow r = b.ruleSets.get(n);
    return r != null && r.active();
  }

  /**
   * RFC 2720 flowRuleInfoStatus: "The manager is not allowed to change the value of
   * flowRuleInfoStatus from active(1) if the associated RuleSet is being referenced by any of the
   * entries in the flowManagerInfoTable" (after this SET: it may drop the reference too).
   */
  private void references(Map<Integer, RowPlan> infoPlans) {
    for (RuleSetRow old : base.ruleSets().values()) {
      RuleSetRow after = b.ruleSets.get(old.index());
      if (!old.active() || (after != null && after.active())) {
        continue;
      }
      for (ManagerRow m : b.managers.values()) {
        RowPlan p = infoPlans.get(old.index());
        if (m.references(old.index()) && p != null && p.status() != null) {
          fail(p.status(), INCONSISTENT_VALUE);
          break;
        }
      }
    }
  }

  // ---------------------------------------------------------------- flowReaderInfoTable

  private void reader(int idx, List<Write> ws) {
    ReaderRow row = b.readers.get(idx);
    Write st = lastStatus(ws, ReaderInfoTable.STATUS);
    int req = st == null ? 0 : st.value.toInt();
    boolean created = row == null;
    row = target(row, st, req, ws, b.readers.size(), MAX_READERS,
        () -> ReaderRow.created(idx, nanos));
    if (row == null) {
      return;
    }
    boolean wasActive = !created && row.active();
    // RFC 2720 flowReaderStatus: "Once this variable has been set to active(1) a manager may only
    // change this row's flowReaderLastTime and flowReaderTimeout variables."
    boolean locked = wasActive && staysActive(st, req, wasActive);
    for (Write w : ws) {
      switch (w.column) {
        case ReaderInfoTable.TIMEOUT:
          row = row.withTimeout(w.value.toInt());
          break;
        case ReaderInfoTable.OWNER:
          if (locked) {
            fail(w, NOT_WRITABLE);
          } else {
            row = row.withOwner(bytes(w.value));
          }
          break;
        case ReaderInfoTable.RULE_SET:
          if (locked) {
            fail(w, NOT_WRITABLE);
          } else {
            row = row.withRuleSet(w.value.toInt());
          }
          break;
        case ReaderInfoTable.LAST_TIME:
          // Whatever was written, LastTime := Uptime and PreviousTime := the old LastTime.
          if (wasActive) {
            collections.add(idx);
          } else {
            row = row.withCollection(now, nanos);
          }
          break;
        default:
          break; // Status below
      }
    }
    row = afterStatus(row, st, req, wasActive);
    if (row == null) {
      b.readers.remove(idx);
      return;
    }
    b.readers.put(idx, row);
  }

  // ---------------------------------------------------------------- shared

  /** The SET's error-free bindings into one table, by row (first index sub-identifier). */
  private TableWrites writesTo(Class<? extends ControlTable> table) {
    Map<Integer, List<Write>> rows = new LinkedHashMap<>();
    List<Write> all = new ArrayList<>();
    for (Write w : writes) {
      if (table.isInstance(w.table) && w.error == SnmpConstants.SNMP_ERROR_SUCCESS) {
        rows.computeIfAbsent(w.index[0], k -> new ArrayList<>()).add(w);
        all.add(w);
      }
    }
    return new TableWrites(rows, all);
  }

  /** The row's status binding; when a PDU names the status twice the last one counts. */
  private static Write lastStatus(List<Write> ws, int statusColumn) {
    Write st = null;
    for (Write w : ws) {
      if (w.column == statusColumn) {
        st = w;
      }
    }
    return st;
  }

  /** Whether a row active before the SET is active after it. */
  private static boolean staysActive(Write st, int req, boolean wasActive) {
    if (st == null) {
      return wasActive;
    }
    return req == RowStatusValue.ACTIVE || req == RowStatusValue.CREATE_AND_GO;
  }

  /** Bindings for a row that does not exist and that this SET does not create. */
  /**
   * The row a SET's writes {@code ws} address (RFC 2579 §7.1): {@code existing}, or a new row
   * from {@code create} when the SET's status {@code st} (value {@code req}) creates one and the
   * table holds fewer than {@code max} ({@code count} now); null, with the writes failed, when
   * there is no row to write: none exists and none is created, a create names an existing row,
   * or the table is full.
   */
  private <R> R target(R existing, Write st, int req, List<Write> ws, int count, int max,
      Supplier<R> create) {
    if (existing == null) {
      if (st == null || !RowStatusValue.creates(req)) {
        noRow(ws, st, req);
        return null;
      }
      if (count >= max) {
        fail(st, RESOURCE_UNAVAILABLE);
        return null;
      }
      return create.get();
    }
    if (st != null && RowStatusValue.creates(req)) {
      fail(st, INCONSISTENT_VALUE);
      return null;
    }
    return existing;
  }

  private void noRow(List<Write> ws, Write st, int req) {
    for (Write w : ws) {
      if (w == st) {
        // RFC 2579 state A: destroy is noError; active and notInService are inconsistentValue.
        if (req != RowStatusValue.DESTROY) {
          fail(w, INCONSISTENT_VALUE);
        }
      } else {
        fail(w, INCONSISTENT_NAME);
      }
    }
  }

  /**
   * The row after its RowStatus write {@code st} (RFC 2579), or null when it is destroyed:
   * createAndWait leaves it notReady or notInService by its readiness; createAndGo and active
   * activate a row that is ready (inconsistentValue otherwise); notInService needs a row that is
   * active or ready. Without a status write a row that is not active follows its readiness.
   */
  private static <R extends StatusRow<R>> R afterStatus(R row, Write st, int req,
      boolean wasActive) {
    if (st == null || st.error != SnmpConstants.SNMP_ERROR_SUCCESS) {
      return row.active() ? row : row.withStatus(readiness(row.ready()));
    }
    switch (req) {
      case RowStatusValue.CREATE_AND_WAIT:
        return row.withStatus(readiness(row.ready()));
      case RowStatusValue.CREATE_AND_GO:
      case RowStatusValue.ACTIVE:
        if (wasActive) {
          return row;
        }
        if (!row.ready()) {
          fail(st, INCONSISTENT_VALUE);
          return row;
        }
        return row.withStatus(RowStatusValue.ACTIVE);
      case RowStatusValue.NOT_IN_SERVICE:
        if (!row.active() && !row.ready()) {
          fail(st, INCONSISTENT_VALUE);
          return row;
        }
        return row.withStatus(RowStatusValue.NOT_IN_SERVICE);
      default:
        return null;
    }
  }

  private static int readiness(boolean ready) {
    return ready ? RowStatusValue.NOT_IN_SERVICE : RowStatusValue.NOT_READY;
  }

  private static byte[] bytes(Variable v) {
    return ((OctetString) v).getValue();
  }

  private void failAll(List<Write> ws, int error) {
    for (Write w : ws) {
      fail(w, error);
    }
  }

  /** Records the first error of a binding; later ones for the same binding are dropped. */
  private static void fail(Write w, int error) {
    if (w.error == SnmpConstants.SNMP_ERROR_SUCCESS) {
      w.error = error;
    }
  }
}
