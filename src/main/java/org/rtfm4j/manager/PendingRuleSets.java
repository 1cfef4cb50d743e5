package org.rtfm4j.manager;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.rtfm4j.client.FlowMib;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.rtfm4j.client.MeterTarget;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.VariableBinding;

/**
 * The rule sets this manager has created but not yet finished loading, so that an interrupted
 * manager (Ctrl-C, SIGTERM: a shutdown hook calls {@link #abandon}) destroys them instead of
 * leaving half-written rows on its meters. A manager killed outright (SIGKILL) cannot; the rows
 * it leaves carry its owner string and are not active, which is how {@code list} and
 * {@code cleanup} recognise them afterwards.
 */
public final class PendingRuleSets {
  /** How long the hook waits for each meter: a stopping manager must not hang. */
  static final int HOOK_TIMEOUT_MILLIS = 1000;
  static final int HOOK_RETRIES = 1;

  private record Pending(MeterTarget meter, int ruleSet) {}

  private final List<Pending> pending = new ArrayList<>();
  private boolean abandoned;

  /** Remembers a rule set just created; false when the manager is already stopping. */
  synchronized boolean add(MeterTarget meter, int ruleSet) {
    if (abandoned) {
      return false;
    }
    pending.add(new Pending(meter, ruleSet));
    return true;
  }

  /** The rule set is complete and in use, or destroyed: nothing left to clean up. */
  synchronized void remove(MeterTarget meter, int ruleSet) {
    pending.remove(new Pending(meter, ruleSet));
  }

  /** True once {@link #abandon} ran: loads stop at their next step. */
  public synchronized boolean abandoned() {
    return abandoned;
  }

  /**
   * Destroys every rule set still being loaded, each through a session of its own (the loading
   * thread may be using, or closing, its own); says what it did on {@code log}. Loads stop at
   * their next step.
   */
  public void abandon(Consumer<String> log) {
    List<Pending> todo;
    synchronized (this) {
      abandoned = true;
      todo = new ArrayList<>(pending);
      pending.clear();
    }
    for (Pending p : todo) {
      try (MeterClient c = MeterClient.open(p.meter(), HOOK_TIMEOUT_MILLIS, HOOK_RETRIES)) {
        c.set(List.of(new VariableBinding(
            FlowMib.cell(FlowMib.RULE_SET_INFO_ENTRY, FlowMib.RULE_INFO_STATUS, p.ruleSet()),
            new Integer32(FlowMib.DESTROY))));
        log.accept("meter " + p.meter().address() + ": interrupted; the half-written rule set "
            + p.ruleSet() + " was removed");
      } catch (MeterException | java.io.IOException e) {
        log.accept("meter " + p.meter().address() + ": interrupted; the half-written rule set "
            + p.ruleSet() + " could not be removed (" + e.getMessage() + "); 'cleanup' removes"
            + " it later");
      }
    }
  }
}
