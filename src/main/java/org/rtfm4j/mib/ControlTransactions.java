package org.rtfm4j.mib;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.rtfm4j.flow.FlowReader;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.Task;
import org.rtfm4j.rules.RuleRows;
import org.rtfm4j.rules.RuleSet;
import org.snmp4j.agent.request.Request;
import org.snmp4j.agent.request.SubRequest;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;

/**
 * The SETs of all control tables, as transactions over one {@link ControlState}.
 *
 * <p>The first prepare of a request looks at every binding of the request that falls in a
 * control table and plans them together ({@link SetPlan}); each binding's prepare then reports
 * its own part (only the first failing binding gets an error, so the error index points at it).
 * The first commit publishes the planned state and makes the meter match it; later commits of the
 * same request do nothing. Nothing is locked between prepare and commit: a commit whose state
 * changed meanwhile (another manager's SET) plans again and fails with commitFailed if the SET no
 * longer holds. Undo (when another object's commit failed) makes the meter match the state from
 * before; flows of a rule set the SET destroyed cannot come back.
 *
 * <p>SNMP4J-Agent 3.8.3 runs neither the undo nor the cleanup phase once a request has an error
 * (both loops stop as soon as the request's error status is set), so nothing here may depend on
 * them: no lock is held from prepare to cleanup, and the plan lives on the request and goes with
 * it.
 */
final class ControlTransactions {
  private final Meter meter;
  private final Consumer<String> log;
  private final List<ControlTable> tables = new ArrayList<>();
  private volatile ControlState state;
  private final Map<Integer, String> refusals = new ConcurrentHashMap<>();

  /** A request's plan and what became of it; kept on the request, so it ends with it. */
  private static final class Txn {
    final List<Write> writes;
    SetPlan plan;
    boolean committed;
    boolean failed;
    boolean undone;
    ControlState before;
    Map<Integer, Integer> ratesBefore;

    Txn(List<Write> writes) {
      this.writes = writes;
    }
  }

  ControlTransactions(Meter meter, ControlState initial, Consumer<String> log) {
    this.meter = meter;
    this.state = initial;
    this.log = Objects.requireNonNull(log, "log");
  }

  void add(ControlTable table) {
    tables.add(table);
  }

  /** The state published last; read without locking. */
  ControlState state() {
    return state;
  }

  /** Why activating a rule set was last refused, or null (cleared when it is activated). */
  String lastRefusal(int ruleSet) {
    return refusals.get(ruleSet);
  }

  // ---------------------------------------------------------------- SET phases

  void prepare(SubRequest<?> sub) {
    Txn t;
    synchronized (this) {
      Request<?, ?, ?> req = sub.getRequest();
      t = (Txn) req.getProcessingUserObject(this);
      if (t == null) {
        expireReadersLocked();
        t = new Txn(writes(req));
        t.plan = plan(state, t.writes);
        reportRefusals(t.plan);
        req.setProcessingUserObject(this, t);
      }
    }
    Write failed = t.plan.firstError();
    if (failed != null && failed.sub == sub) {
      sub.getStatus().setErrorStatus(failed.error);
    }
    sub.getStatus().setPhaseComplete(true);
  }

  void commit(SubRequest<?> sub) {
    synchronized (this) {
      Txn t = txn(sub);
      if (t != null && !t.committed && !t.failed) {
        if (state.version() != t.plan.base().version()) {
          // Another SET was published since this one was prepared: does this one still hold?
          t.plan = plan(state, t.writes);
          if (t.plan.firstError() != null) {
            t.failed = true;
            log.accept("SET refused at commit: the control tables changed since it was checked");
          }
        }
        if (!t.failed) {
          apply(t);
        }
        if (t.failed) {
          sub.getStatus().setErrorStatus(SnmpConstants.SNMP_ERROR_COMMIT_FAILED);
        }
      }
    }
    sub.getStatus().setPhaseComplete(true);
  }

  void undo(SubRequest<?> sub) {
    synchronized (this) {
      Txn t = txn(sub);
      if (t != null && t.committed && !t.undone) {
        t.undone = true;
        try {
          state = sync(state, t.before.edit().build(), null, List.of());
          restoreRates(t.ratesBefore);
        } catch (RuntimeException e) {
          log.accept("undo of a SET failed: " + e.getMessage());
          sub.getStatus().setErrorStatus(SnmpConstants.SNMP_ERROR_UNDO_FAILED);
        }
      }
    }
    sub.getStatus().setPhaseComplete(true);
  }

  void cleanup(SubRequest<?> sub) {
    sub.getStatus().setPhaseComplete(true);
  }

  private Txn txn(SubRequest<?> sub) {
    return (Txn) sub.getRequest().getProcessingUserObject(this);
  }

  private SetPlan plan(ControlState base, List<Write> writes) {
    return new SetPlan(base, writes, meter, meter.clock().now(),
        meter.flowTable().readerClock().getAsLong());
  }

  /** The request's bindings that fall in a control table, in PDU order, with their first checks. */
  private List<Write> writes(Request<?, ?, ?> req) {
    List<Write> out = new ArrayList<>();
    for (Iterator<? extends SubRequest<?>> it = req.iterator(); it.hasNext(); ) {
      SubRequest<?> s = it.next();
      OID oid = s.getVariableBinding().getOid();
      for (ControlTable table : tables) {
        OID entry = table.entry();
        if (oid.size() > entry.size() && oid.startsWith(entry)) {
          int column = oid.get(entry.size());
          int[] index = table.index(oid);
          out.add(new Write(s, table, column, index, s.getVariableBinding().getVariable(),
              table.check(column, index, s.getVariableBinding().getVariable())));
          break;
        }
      }
    }
    return out;
  }

  private void reportRefusals(SetPlan plan) {
    plan.taskRefusals.forEach(log);
    plan.refusals.forEach((n, why) -> {
      refusals.put(n, why);
      log.accept("rule set " + n + " not activated (flowRuleInfoStatus inconsistentValue): "
          + why);
    });
  }

  /** Publishes the plan's state and makes the meter match it; on failure puts everything back. */
  private void apply(Txn t) {
    ControlState before = state;
    Map<Integer, Integer> rates = new HashMap<>();
    for (int ifc : t.plan.sampleRates.keySet()) {
      rates.put(ifc, meter.sampling().rate(ifc));
    }
    try {
      state = sync(before, t.plan.next(), t.plan, t.plan.collections);
      t.plan.sampleRates.forEach((ifc, n) -> meter.sampling().setRate(ifc, n));
      t.before = before;
      t.ratesBefore = rates;
      t.committed = true;
      for (int n : t.plan.activated) {
        refusals.remove(n);
      }
      for (int n : before.ruleSets().keySet()) {
        if (!state.ruleSets().containsKey(n)) {
          refusals.remove(n);
        }
      }
    } catch (RuntimeException e) {
      // Validation should make this impossible; if the meter refuses anyway, say so and put the
      // meter back as it was rather than leave it half changed.
      t.failed = true;
      log.accept("SET could not be applied to the meter: " + e.getMessage());
      try {
        state = sync(t.plan.next(), before.edit().build(), null, List.of());
        restoreRates(rates);
      } catch (RuntimeException again) {
        e.addSuppressed(again);
        log.accept("and the meter could not be put back: " + again.getMessage());
      }
    }
  }

  private void restoreRates(Map<Integer, Integer> rates) {
    if (rates != null) {
      rates.forEach((ifc, n) -> meter.sampling().setRate(ifc, n));
    }
  }

  /**
   * Makes the meter hold what {@code to} says, coming from {@code from}; returns {@code to} with
   * the readers registered on the way. Order matters: tasks that stop first, then rule sets that
   * become active, then tasks that run (they may name those rule sets), then rule sets that go
   * (no task names them any more), then readers.
   */
  private ControlState sync(ControlState from, ControlState to, SetPlan plan,
      List<Integer> collections) {
    for (ManagerRow f : from.managers().values()) {
      ManagerRow m = to.managers().get(f.index());
      if (f.active() && (m == null || !m.active())) {
        meter.removeTask(f.index());
      }
    }
    for (RuleSetRow r : to.ruleSets().values()) {
      boolean unchanged = from.ruleSets().get(r.index()) == r
          && meter.ruleSet(r.index()) != null;
      if (r.active() && !r.builtIn() && !unchanged && !heldAsIs(r)) {
        meter.addRuleSet(ruleSet(r));
      }
    }
    for (ManagerRow m : to.managers().values()) {
      if (m.active()) {
        Task task = meter.task(m.index());
        if (task == null || task.currentRuleSet() != m.currentRuleSet()
            || task.standbyRuleSet() != m.standbyRuleSet()
            || task.highWaterMark() != m.highWaterMark()) {
          meter.setTask(m.index(), m.currentRuleSet(), m.standbyRuleSet(), m.highWaterMark());
        }
        if (plan != null && plan.leaveStandby.contains(m.index())) {
          meter.setRunningStandby(m.index(), false);
        }
      }
    }
    for (int n : from.ruleSets().keySet()) {
      if (!to.ruleSets().containsKey(n) && meter.ruleSet(n) != null) {
        meter.destroyRuleSet(n);
      }
    }
    return syncReaders(from, to, collections);
  }

  private ControlState syncReaders(ControlState from, ControlState to,
      List<Integer> collections) {
    FlowTable table = meter.flowTable();
    long now = meter.clock().now();
    for (int idx : collections) {
      ReaderRow r = from.readers().get(idx);
      if (r != null && r.reader() != null) {
        r.reader().collectionStarted(now);
      }
    }
    ControlState.Builder b = to.edit();
    for (ReaderRow old : from.readers().values()) {
      ReaderRow next = to.readers().get(old.index());
      if (old.reader() != null
          && (next == null || !next.active() || next.reader() != old.reader())) {
        table.unregisterReader(old.reader());
      }
    }
    for (ReaderRow r : to.readers().values()) {
      ReaderRow row = r;
      ReaderRow old = from.readers().get(r.index());
      if (row.active()) {
        // A row that stays active keeps its reader (if it timed out meanwhile, the row goes at
        // the next look); a row that becomes active gets a new one.
        boolean stays = old != null && old.active() && old.reader() != null
            && old.reader() == row.reader();
        FlowReader reader = stays ? row.reader() : table.registerReader(row.ruleSet(), now);
        reader.setTimeout(row.timeout());
        row = row.withReader(reader);
      } else if (row.reader() != null) {
        // Leaving the active state: the row keeps the reader's last times.
        row = row.withReader(null);
      }
      b.readers.put(row.index(), row);
    }
    // Versions only grow: the published state is one past the one it replaces.
    return new ControlState(Math.max(from.version(), to.version()) + 1, b.ruleSets, b.readers,
        b.managers);
  }

  /** True when the meter holds rule set {@code r.index()} with the row's name and rules. */
  private boolean heldAsIs(RuleSetRow r) {
    RuleSet held = meter.ruleSet(r.index());
    if (held == null || !held.name().equals(OwnerText.text(r.name()))) {
      return false;
    }
    RuleRows.Result converted = RuleRows.toRules(r.ruleRows());
    return converted.ok() && converted.rules().equals(held.rules());
  }

  /** The rule set an active row describes (its FORMAT kept from a rule file it replaces). */
  private RuleSet ruleSet(RuleSetRow r) {
    RuleRows.Result converted = RuleRows.toRules(r.ruleRows());
    if (!converted.ok()) {
      throw new IllegalStateException("rule set " + r.index() + ": " + converted.problems());
    }
    RuleSet held = meter.ruleSet(r.index());
    return new RuleSet(r.index(), OwnerText.text(r.name()), converted.rules(),
        held == null ? List.of() : held.format(), held != null && held.statistics());
  }

  // ---------------------------------------------------------------- reader timeouts

  /** Removes reader rows whose timeout passed without a collection (RFC 2720 flowReaderTimeout). */
  void expireReaders() {
    synchronized (this) {
      expireReadersLocked();
    }
  }

  private void expireReadersLocked() {
    ControlState s = state;
    FlowTable table = meter.flowTable();
    long nanos = table.readerClock().getAsLong();
    ControlState.Builder b = null;
    for (ReaderRow r : s.readers().values()) {
      boolean expired = r.reader() != null ? !table.readerAlive(r.reader())
          : r.timeout() > 0 && nanos - r.lastCollectionNanos()
              >= r.timeout() * NANOS_PER_SECOND;
      if (expired) {
        if (b == null) {
          b = s.edit();
        }
        b.readers.remove(r.index());
      }
    }
    if (b != null) {
      state = b.build();
    }
  }

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
}
