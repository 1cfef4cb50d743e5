package org.rtfm4j.flow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The meter's flow table (RFC 2722 §4.2, §4.5): one table for the flows of every running rule
 * set, keyed by rule set number and flow key.
 *
 * <p>The table is made of {@link FlowTablePart parts}, one per packet-matching thread (one unless
 * the meter runs several, {@code rtfm meter --threads N}); each part has one writer and holds the
 * flows its thread matched. What belongs to the whole table lives here: flowMaxFlows (any part may
 * hold flows until the whole table holds flowMaxFlows), the inactivity timeout, the registered
 * readers, and the views other threads read: a flow's global slot is FlowIndex - 1 and names its
 * part ({@code slot % parts}) and its slot there ({@code slot / parts}).
 *
 * <p>Only a part's writer may call the plain accessors ({@link #inUse}, {@link #toOctets},
 * {@link #record}...) for that part's flows; any other thread (the SNMP agent) reads flows
 * through {@link #read(int, FlowRow)} (see {@link FlowTablePart}). The changing methods here
 * ({@link #find}, {@link #create}, {@link #count}) are those of a one-part table, for tools and
 * tests; {@link #removeFlows} and {@link #recoverAllIdle} work on every part and are for a caller
 * that runs while no packet thread does.
 */
public final class FlowTable {
  /** Default flowMaxFlows. */
  public static final int DEFAULT_MAX_FLOWS = 1 << 20;
  /** Default flowInactivityTimeout, seconds (RFC 2720 DEFVAL). */
  public static final int DEFAULT_INACTIVITY_TIMEOUT = 600;

  /** Rule set numbers are 1..255 (RFC 2720 flowDataRuleSet, flowPackageRuleSet). */
  public static final int MAX_RULE_SET = 255;

  private static final int CENTISECONDS_PER_SECOND = 100;

  private final int maxFlows;
  private final FlowTablePart[] parts;
  /** Flows held by all parts together; a part reserves one before it creates a flow. */
  private final AtomicInteger held = new AtomicInteger();
  private volatile int inactivityTimeout = DEFAULT_INACTIVITY_TIMEOUT;

  private final List<FlowReader> readers = new ArrayList<>();
  /** Measures reader timeouts (see {@link FlowReader}); wall time unless a test sets another. */
  private volatile LongSupplier readerClock = System::nanoTime;
  private long expiredReaders;
  private volatile FlowRecoveryListener recoveryListener = (t, s) -> { };

  /** A one-part table for at most {@code maxFlows} flows (flowMaxFlows). */
  public FlowTable(int maxFlows) {
    this(maxFlows, 1);
  }

  /** A table of {@code parts} parts for at most {@code maxFlows} flows in all. */
  public FlowTable(int maxFlows, int parts) {
    if (maxFlows < 1) {
      throw new IllegalArgumentException("maximum flows must be at least 1: " + maxFlows);
    }
    if (parts < 1 || (long) maxFlows * parts > Integer.MAX_VALUE) {
      // FlowIndex is an Integer32 (RFC 2720): every global slot + 1 must fit.
      throw new IllegalArgumentException(
          "a table of " + parts + " parts cannot hold " + maxFlows + " flows");
    }
    this.maxFlows = maxFlows;
    this.parts = new FlowTablePart[parts];
    for (int i = 0; i < parts; i++) {
      this.parts[i] = new FlowTablePart(this, i, parts, maxFlows);
    }
  }

  /** Number of parts (packet-matching threads). */
  public int parts() {
    return parts.length;
  }

  /** Part {@code i}; its writer is the one thread that matches packets into it. */
  public FlowTablePart part(int i) {
    return parts[i];
  }

  /** Called for each flow just before its record is recovered, on the part's writer thread. */
  public void setRecoveryListener(FlowRecoveryListener listener) {
    this.recoveryListener = listener;
  }

  FlowRecoveryListener recoveryListener() {
    return recoveryListener;
  }

  /** flowInactivityTimeout, seconds. */
  public int inactivityTimeout() {
    return inactivityTimeout;
  }

  /** Sets flowInactivityTimeout, seconds (0 or more). */
  public void setInactivityTimeout(int seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("inactivity timeout must not be negative: " + seconds);
    }
    this.inactivityTimeout = seconds;
  }

  /** Takes a place for a new flow; false when the table holds flowMaxFlows flows. */
  boolean reserve() {
    while (true) {
      int h = held.get();
      if (h >= maxFlows) {
        return false;
      }
      if (held.compareAndSet(h, h + 1)) {
        return true;
      }
    }
  }

  /** Gives back the place of a recovered flow. */
  void release() {
    held.decrementAndGet();
  }

  // ---------------------------------------------------------------- one-part tables

  /**
   * Finds the current flow with this key: RFC 2722's current(A->B). One-part tables only.
   *
   * @return its slot, or -1
   */
  public int find(int ruleSetNumber, long[] key, int keyLength, int hash) {
    return only().find(ruleSetNumber, key, keyLength, hash);
  }

  /**
   * Adds a flow with zeroed counters: RFC 2722's create(A->B). One-part tables only.
   *
   * @param now meter time, centiseconds
   * @return its slot, or -1 when the table is full (the refusal is counted)
   */
  public int create(int ruleSetNumber, long[] key, int keyLength, int hash, long now) {
    return only().create(ruleSetNumber, key, keyLength, hash, now);
  }

  /** Counts one packet in the flow in {@code slot}: RFC 2722's count(A->B,f) or count(A->B,r). */
  public void count(int slot, boolean forward, long octets, long now) {
    partOf(slot).count(local(slot), forward, octets, now);
  }

  private FlowTablePart only() {
    if (parts.length != 1) {
      throw new IllegalStateException("a table of several parts is changed through its parts");
    }
    return parts[0];
  }

  // ---------------------------------------------------------------- recovery (RFC 2722 §4.5)

  /** Recovers idle flows in every part, each looking at {@code budget} slots at most. */
  public int recoverIdle(long now, int budget) {
    int done = 0;
    for (FlowTablePart p : parts) {
      done += p.recoverIdle(now, budget);
    }
    return done;
  }

  /** Recovers every flow that may be recovered now; returns how many. */
  public int recoverAllIdle(long now) {
    int done = 0;
    for (FlowTablePart p : parts) {
      done += p.recoverAllIdle(now);
    }
    return done;
  }

  /**
   * Removes every flow of a rule set, whatever its state (RFC 2720 flowRuleInfoStatus: destroying
   * a rule set destroys "any flow data collected by it"). The recovery listener still sees each
   * flow first, so a flow file keeps what was measured. Only while no packet thread changes the
   * table.
   *
   * @return the number of flows removed
   */
  public int removeFlows(int ruleSetNumber) {
    int done = 0;
    for (FlowTablePart p : parts) {
      done += p.removeFlows(ruleSetNumber);
    }
    return done;
  }

  /**
   * Per rule set, the earliest flowReaderPreviousTime of its readers; null when no readers.
   * Readers that have timed out are dropped first: they stopped collecting (RFC 2720
   * flowReaderTimeout) and must not hold flows back.
   */
  Map<Integer, Long> readerBounds() {
    synchronized (readers) {
      for (int i = readers.size() - 1; i >= 0; i--) {
        if (readers.get(i).expired()) {
          readers.remove(i);
          expiredReaders++;
        }
      }
      if (readers.isEmpty()) {
        return null;
      }
      Map<Integer, Long> bounds = new HashMap<>();
      for (FlowReader r : readers) {
        bounds.merge(r.ruleSet(), r.previousTime(), Math::min);
      }
      return bounds;
    }
  }

  // ---------------------------------------------------------------- readers

  /** Registers a reader of {@code ruleSetNumber} at meter time {@code now}. */
  public FlowReader registerReader(int ruleSetNumber, long now) {
    FlowReader r = new FlowReader(ruleSetNumber, now, readerClock);
    synchronized (readers) {
      readers.add(r);
    }
    return r;
  }

  /** Forgets a reader (it was deleted or timed out). */
  public void unregisterReader(FlowReader reader) {
    synchronized (readers) {
      readers.remove(reader);
    }
  }

  /**
   * True while {@code reader} is registered and has not timed out; a reader found timed out is
   * dropped here too. Safe from any thread.
   */
  public boolean readerAlive(FlowReader reader) {
    synchronized (readers) {
      if (!readers.contains(reader)) {
        return false;
      }
      if (reader.expired()) {
        readers.remove(reader);
        expiredReaders++;
        return false;
      }
      return true;
    }
  }

  /** Readers dropped because they timed out. */
  public long expiredReaders() {
    synchronized (readers) {
      return expiredReaders;
    }
  }

  /** The clock reader timeouts are measured with, nanoseconds (System.nanoTime by default). */
  public LongSupplier readerClock() {
    return readerClock;
  }

  /** Measures reader timeouts with {@code nanos} from now on (tests drive time by hand). */
  public void setReaderClock(LongSupplier nanos) {
    readerClock = nanos;
  }

  // ---------------------------------------------------------------- reading from other threads

  /**
   * One past the highest slot a reader on another thread may find a flow in; safe from any
   * thread.
   */
  public int readableSlots() {
    int most = 0;
    for (FlowTablePart p : parts) {
      most = Math.max(most, p.readableSlots());
    }
    return most * parts.length;
  }

  /**
   * Copies the flow in {@code slot} into {@code row}, all its values as they stood together at
   * one moment; safe from any thread, never blocks a writer.
   *
   * @return false when the slot holds no flow (row is then unchanged)
   */
  public boolean read(int slot, FlowRow row) {
    return slot >= 0 && partOf(slot).read(local(slot), row);
  }

  /** flowRuleInfoFlowRecords: flows the table holds for this rule set; safe from any thread. */
  public int flowRecords(int ruleSetNumber) {
    if (ruleSetNumber < 0 || ruleSetNumber > MAX_RULE_SET) {
      return 0;
    }
    int n = 0;
    for (FlowTablePart p : parts) {
      n += p.flowRecords(ruleSetNumber);
    }
    return n;
  }

  // ---------------------------------------------------------------- reading a flow (its writer)

  /** True when {@code slot} holds a flow. */
  public boolean inUse(int slot) {
    return slot >= 0 && partOf(slot).inUse(local(slot));
  }

  /** One past the highest slot ever used: iterate slots below this and test {@link #inUse}. */
  public int slotLimit() {
    int most = 0;
    for (FlowTablePart p : parts) {
      most = Math.max(most, p.slotLimit());
    }
    return most * parts.length;
  }

  /** FlowIndex of the flow in {@code slot} (1-origin). */
  public static int flowIndex(int slot) {
    return slot + 1;
  }

  public int ruleSet(int slot) {
    return partOf(slot).ruleSet(local(slot));
  }

  /** The flow's encoded key; see {@link FlowKey#decode}. Do not modify it. */
  public long[] key(int slot) {
    return partOf(slot).key(local(slot));
  }

  public long toOctets(int slot) {
    return partOf(slot).toOctets(local(slot));
  }

  public long toPdus(int slot) {
    return partOf(slot).toPdus(local(slot));
  }

  public long fromOctets(int slot) {
    return partOf(slot).fromOctets(local(slot));
  }

  public long fromPdus(int slot) {
    return partOf(slot).fromPdus(local(slot));
  }

  /** FirstTime, centiseconds of meter time. */
  public long firstTime(int slot) {
    return partOf(slot).firstTime(local(slot));
  }

  /** LastActiveTime, centiseconds of meter time. */
  public long lastActiveTime(int slot) {
    return partOf(slot).lastActiveTime(local(slot));
  }

  /** A copy of the flow in {@code slot}. */
  public FlowRecord record(int slot) {
    return partOf(slot).record(local(slot));
  }

  /** True when the flow has seen no packet for the inactivity timeout (RFC 2722 §4.2 IDLE). */
  public boolean idle(int slot, long now) {
    return now - lastActiveTime(slot) >= (long) inactivityTimeout * CENTISECONDS_PER_SECOND;
  }

  private FlowTablePart partOf(int slot) {
    return parts.length == 1 ? parts[0] : parts[slot % parts.length];
  }

  private int local(int slot) {
    return parts.length == 1 ? slot : slot / parts.length;
  }

  // ---------------------------------------------------------------- table figures

  /** flowActiveFlows: flows held. */
  public int activeFlows() {
    return held.get();
  }

  /** flowMaxFlows. */
  public int maxFlows() {
    return maxFlows;
  }

  /** Flows created since start. */
  public long createdFlows() {
    long n = 0;
    for (FlowTablePart p : parts) {
      n += p.createdFlows();
    }
    return n;
  }

  /** New flows refused because the table was full. */
  public long refusedFlows() {
    long n = 0;
    for (FlowTablePart p : parts) {
      n += p.refusedFlows();
    }
    return n;
  }

  /** Flow records recovered since start. */
  public long recoveredFlows() {
    long n = 0;
    for (FlowTablePart p : parts) {
      n += p.recoveredFlows();
    }
    return n;
  }

  /** How full the table is, percent of flowMaxFlows (for FloodMark and HighWaterMark). */
  public int usagePercent() {
    return (int) ((long) held.get() * 100 / maxFlows);
  }
}
