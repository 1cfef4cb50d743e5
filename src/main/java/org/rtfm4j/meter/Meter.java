package org.rtfm4j.meter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.rtfm4j.capture.CaptureInterface;
import org.rtfm4j.capture.PacketSink;
import org.rtfm4j.capture.PacketSource;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.match.CompiledRuleSet;
import org.rtfm4j.packet.FragmentTable;
import org.rtfm4j.rules.BuiltinRuleSets;
import org.rtfm4j.rules.RuleSet;

/**
 * A traffic meter (RFC 2722 §4): its rule sets, its tasks, its flow table and the control
 * variables of RFC 2722 Appendix D. Packets enter through {@link #sink()}; everything else here
 * is control, called by the command line and by the MIB's agent threads.
 *
 * <p>Control that changes the flow table (destroying a rule set's flows) must run on the packet
 * thread, the table's one writer: such actions go through a {@link ControlMailbox}. A packet source
 * runs inside a {@link #captureSession} so the meter knows when a packet thread is delivering
 * packets (actions then wait for it, between two packets) and when none is (actions run at once).
 */
public final class Meter {
  /** Default flowFloodMark, percent (RFC 2720 DEFVAL). */
  public static final int DEFAULT_FLOOD_MARK = 95;
  /** Rule set 1 is built in and cannot be changed (RFC 2722 §4.4). */
  public static final int BUILTIN_RULE_SET = 1;

  private final FlowTable table;
  private final MeterClock clock;
  private final MeterStatistics stats;
  private final InterfaceSampling sampling;
  private final PacketProcessor processor;
  private final OctetCounting octetCounting;
  /** Packet-matching threads, the packet thread included; 1 means it matches every packet. */
  private final int threads;
  private final PacketMatcher[] matchers;
  /** How packets are spread over the threads; fixed when the first capture session opens. */
  private ShardKey shardKey;
  private boolean shardKeyFixed;
  private PacketShards shards;

  private final ControlMailbox mailbox = new ControlMailbox();
  private final Map<Integer, CompiledRuleSet> ruleSets = new ConcurrentHashMap<>();
  /** Per rule set number: destroyed rule sets whose flows still wait for the packet thread. */
  private final AtomicIntegerArray removalsPending =
      new AtomicIntegerArray(FlowTable.MAX_RULE_SET + 1);
  /** Where the interfaces come from, in the order the sources were opened; guarded by this. */
  private final List<PacketSource> interfaceSources = new ArrayList<>();
  private final Map<Integer, Task> tasks = new TreeMap<>();
  private volatile CompiledRuleSet[] running = new CompiledRuleSet[0];

  private volatile int floodMark = DEFAULT_FLOOD_MARK;
  private volatile boolean floodMode;
  /** Times the meter entered flood mode; each matching thread sweeps its part once per entry. */
  private final AtomicInteger floods = new AtomicInteger();
  /** The lowest high-water mark of a task not yet running its standby rule set (or above 100). */
  private volatile int lowestHighWaterMark = Integer.MAX_VALUE;
  private final Map<Integer, AtomicLong> pmeErrors = new ConcurrentHashMap<>();
  private final Map<Integer, String> lastPmeError = new ConcurrentHashMap<>();

  /** A meter with the given flow table size, clock and octet counting. */
  public Meter(int maxFlows, MeterClock clock, OctetCounting octetCounting) {
    this(maxFlows, clock, octetCounting, new FragmentTable());
  }

  /** ... and a fragment table of its own size (later fragments find their first one there). */
  public Meter(int maxFlows, MeterClock clock, OctetCounting octetCounting,
      FragmentTable fragments) {
    this(maxFlows, clock, octetCounting, fragments, 1);
  }

  /**
   * ... matching packets on {@code threads} threads in all, each with its own part of the flow
   * table: the packet thread (part 0) and {@code threads - 1} threads of their own, over which
   * {@link PacketShards} spreads packets by {@link ShardKey}; with one, the packet thread
   * matches every packet.
   */
  public Meter(int maxFlows, MeterClock clock, OctetCounting octetCounting,
      FragmentTable fragments, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    this.threads = threads;
    this.table = new FlowTable(maxFlows, threads);
    this.clock = clock;
    this.sampling = new InterfaceSampling(0x5254_464DL);
    this.matchers = new PacketMatcher[threads];
    if (threads == 1) {
      stats = new MeterStatistics();
      matchers[0] = new PacketMatcher(this, table.part(0), stats);
    } else {
      MeterStatistics[] matching = new MeterStatistics[threads];
      for (int i = 0; i < threads; i++) {
        matching[i] = new MeterStatistics();
        matchers[i] = new PacketMatcher(this, table.part(i), matching[i]);
      }
      stats = new MeterStatistics(matching);
    }
    this.octetCounting = octetCounting;
    this.processor =
        new PacketProcessor(clock, stats, sampling, octetCounting, fragments, mailbox);
    processor.matchHere(matchers[0]);
    ruleSets.put(BUILTIN_RULE_SET, new CompiledRuleSet(BuiltinRuleSets.ruleSet1()));
  }

  /** Packet-matching threads, the packet thread included (1: it matches every packet). */
  public int threads() {
    return threads;
  }

  /**
   * How packets are spread over the matching threads, once the first capture session has fixed
   * it: null when they all go to one thread (a running rule set keys some flows on no peer
   * address, and every packet goes to the first thread besides the packet thread; or the meter
   * has one thread).
   */
  public synchronized ShardKey shardKey() {
    return shardKey;
  }

  /** Where packet sources deliver packets (one thread at a time). */
  public PacketSink sink() {
    return processor;
  }

  /** The decoder's figures (fragment table use, length fields worked around), by name. */
  public Map<String, Long> decoderFigures() {
    return processor.decoderFigures();
  }

  public FlowTable flowTable() {
    return table;
  }

  public MeterClock clock() {
    return clock;
  }

  public MeterStatistics statistics() {
    return stats;
  }

  public InterfaceSampling sampling() {
    return sampling;
  }

  /**
   * Turns the per-stream cache in front of the rule sets on (default) or off. Off, every packet
   * runs through the PME: for diagnosis and for tests that check the cache changes nothing.
   */
  public void setStreamCache(boolean on) {
    processor.setStreamCache(on);
  }

  // ---------------------------------------------------------------- rule sets

  /**
   * Adds a rule set (it does not run until a task names it).
   *
   * @throws IllegalArgumentException when it is rule set 1 or a running rule set
   */
  public synchronized void addRuleSet(RuleSet ruleSet) {
    int n = ruleSet.number();
    if (n == BUILTIN_RULE_SET) {
      throw new IllegalArgumentException("rule set 1 is built in and cannot be changed");
    }
    if (n < 1 || n > FlowTable.MAX_RULE_SET) {
      // flowDataRuleSet is Integer32 (1..255) (RFC 2720): a flow must name its rule set there.
      throw new IllegalArgumentException(
          "rule set numbers are 1.." + FlowTable.MAX_RULE_SET + ": " + n);
    }
    if (referenced(n)) {
      throw new IllegalArgumentException("rule set " + n + " is used by a task");
    }
    ruleSets.put(n, new CompiledRuleSet(ruleSet));
  }

  /** The rule set with this number, or null. */
  public RuleSet ruleSet(int number) {
    CompiledRuleSet c = ruleSets.get(number);
    return c == null ? null : c.source();
  }

  /**
   * Destroys a rule set "together with any flow data collected by it" (RFC 2720
   * flowRuleInfoStatus). The rule set is gone at once; its flows are removed by the packet thread
   * between two packets (at once when no packet thread runs), and until then {@link #ruleSetLive}
   * says they must not be served.
   *
   * @return false when there is no such rule set
   * @throws IllegalArgumentException for rule set 1 or a rule set a task uses
   */
  public synchronized boolean destroyRuleSet(int number) {
    if (number == BUILTIN_RULE_SET) {
      throw new IllegalArgumentException("rule set 1 is built in and cannot be destroyed");
    }
    if (!ruleSets.containsKey(number)) {
      return false;
    }
    if (referenced(number)) {
      throw new IllegalArgumentException("rule set " + number + " is used by a task");
    }
    // Pending before the rule set disappears, so ruleSetLive never says yes in between.
    removalsPending.incrementAndGet(number);
    ruleSets.remove(number);
    mailbox.submit(() -> {
      try {
        table.removeFlows(number);
      } finally {
        removalsPending.decrementAndGet(number);
      }
    });
    return true;
  }

  /**
   * True when the meter holds rule set {@code number} and every flow the table holds for that
   * number was measured by it: false while the flows of a destroyed rule set of that number wait
   * to be removed (even if a new rule set took the number meanwhile; it cannot have made flows
   * yet, as the packet thread removes the old ones before its next packet). Views of the flow
   * table (flowDataTable and friends) serve a rule set's flows only while this is true. Safe from
   * any thread.
   */
  public boolean ruleSetLive(int number) {
    return number >= 1 && number <= FlowTable.MAX_RULE_SET
        && removalsPending.get(number) == 0 && ruleSets.containsKey(number);
  }

  /** Numbers of the rule sets held, ascending. */
  public synchronized List<Integer> ruleSetNumbers() {
    List<Integer> l = new ArrayList<>(ruleSets.keySet());
    l.sort(null);
    return l;
  }

  private boolean referenced(int ruleSet) {
    for (Task t : tasks.values()) {
      if (t.currentRuleSet() == ruleSet || t.standbyRuleSet() == ruleSet) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- tasks

  /**
   * Creates or changes task {@code index}: it runs {@code current}, or {@code standby} once the
   * table passes {@code highWaterMark} percent (0 disables). Rule set 0 means none.
   *
   * @throws IllegalArgumentException when a named rule set does not exist
   */
  public synchronized Task setTask(int index, int current, int standby, int highWaterMark) {
    for (int n : new int[] {current, standby}) {
      if (n != 0 && !ruleSets.containsKey(n)) {
        throw new IllegalArgumentException("rule set " + n + " does not exist");
      }
    }
    if (highWaterMark < 0 || highWaterMark > 100) {
      throw new IllegalArgumentException("high-water mark is a percentage: " + highWaterMark);
    }
    for (int n : new int[] {current, standby}) {
      String why = n == 0 ? null : whyCannotRun(ruleSets.get(n).source());
      if (why != null) {
        throw new IllegalArgumentException(why);
      }
    }
    Task t = tasks.get(index);
    if (t == null) {
      t = new Task(index, current, standby, highWaterMark);
      tasks.put(index, t);
    } else {
      t.set(current, standby, highWaterMark);
    }
    updateRunning();
    return t;
  }

  /** Switches a task between its current (false) and standby (true) rule set. */
  public synchronized void setRunningStandby(int index, boolean standby) {
    Task t = tasks.get(index);
    if (t == null) {
      throw new IllegalArgumentException("no task " + index);
    }
    t.setRunningStandby(standby);
    updateRunning();
  }

  /** Removes a task; its rule sets stop running unless another task runs them. */
  public synchronized void removeTask(int index) {
    tasks.remove(index);
    updateRunning();
  }

  /** The tasks, by index. */
  public synchronized Collection<Task> tasks() {
    return List.copyOf(tasks.values());
  }

  /** Task {@code index}, or null. */
  public synchronized Task task(int index) {
    return tasks.get(index);
  }

  /** Rule sets running now, each once however many tasks run it (RFC 2722 §3.3). */
  CompiledRuleSet[] running() {
    return running;
  }

  /** Numbers of the rule sets running now. */
  public int[] runningRuleSets() {
    CompiledRuleSet[] r = running;
    int[] out = new int[r.length];
    for (int i = 0; i < r.length; i++) {
      out[i] = r[i].number();
    }
    return out;
  }

  private void updateRunning() {
    Set<Integer> numbers = new LinkedHashSet<>();
    int lowest = Integer.MAX_VALUE;
    for (Task t : tasks.values()) {
      int n = t.runningRuleSet();
      if (n != 0) {
        numbers.add(n);
      }
      if (!t.runningStandby() && t.highWaterMark() > 0) {
        lowest = Math.min(lowest, t.highWaterMark());
      }
    }
    lowestHighWaterMark = lowest;
    List<CompiledRuleSet> l = new ArrayList<>();
    for (int n : numbers) {
      l.add(ruleSets.get(n));
    }
    running = l.toArray(new CompiledRuleSet[0]);
  }

  // ---------------------------------------------------------------- packet thread and interfaces

  /**
   * Opens a stretch of time in which one thread at a time delivers packets to {@link #sink()}:
   * from now until {@link CaptureSession#close()}, control actions on the flow table wait for
   * that thread (it runs them between two packets); on close it runs what is still waiting and
   * control threads run actions themselves again. Wrap every run of a packet source in one:
   *
   * <pre>
   *   Meter.CaptureSession session = meter.captureSession();
   *   try {
   *     source.run(meter.sink());
   *   } finally {
   *     session.close();
   *   }
   * </pre>
   *
   * @throws IllegalStateException when a session is already open
   */
  public CaptureSession captureSession() {
    mailbox.packetThreadStarted();
    startMatchingThreads();
    return new CaptureSession();
  }

  /**
   * With several threads, at the first capture session: fixes how packets are spread, from the
   * rule sets the tasks name (current and standby), and starts the matching threads.
   */
  private synchronized void startMatchingThreads() {
    if (threads == 1 || shardKeyFixed) {
      return;
    }
    ShardKey key = ShardKey.WHOLE_ADDRESSES;
    for (Task t : tasks.values()) {
      for (int n : new int[] {t.currentRuleSet(), t.standbyRuleSet()}) {
        if (n != 0 && key != null) {
          ShardKey k = ShardKey.of(ruleSets.get(n).source());
          key = k == null ? null : key.and(k);
        }
      }
    }
    shardKey = key;
    shardKeyFixed = true;
    shards = new PacketShards(key, matchers, processor, octetCounting);
    processor.matchOn(shards);
  }

  /**
   * Stops the matching threads, if any, after they have matched every packet delivered; the
   * meter takes no more packets afterwards. For the end of a command or test.
   */
  public void close() {
    PacketShards s;
    synchronized (this) {
      s = shards;
      shards = null;
    }
    if (s != null) {
      try {
        s.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Why {@code rules} cannot run on this meter, or null when it can: a meter that matches on
   * several threads has fixed how it spreads packets over them (at its first capture session),
   * and a rule set keyed on coarser peer addresses than that would see one flow's packets on two
   * threads.
   */
  public synchronized String whyCannotRun(RuleSet rules) {
    if (!shardKeyFixed || shardKey == null) {
      return null;
    }
    ShardKey own = ShardKey.of(rules);
    if (own != null && shardKey.coarserOrEqual(own)) {
      return null;
    }
    return "rule set " + rules.number() + " cannot run on this meter's " + threads
        + " matching threads: they share packets out by peer addresses " + shardKey
        + (own == null ? ", and some of its flows are keyed on no peer address"
            : ", and some of its flows are keyed on fewer address bits " + own)
        + " (give every rule set on the command line, or run with --threads 1)";
  }

  /**
   * Waits until every packet delivered to {@link #sink()} so far has been matched and counted
   * (at once when the meter matches on the packet thread). Call it on the packet thread, or after
   * it delivered its last packet, before reading the flow table as its writer would.
   */
  public void awaitMatched() {
    processor.awaitMatched();
  }

  /**
   * The packet thread of an open capture session, while it waits between two packets (a replay
   * paced by packet timestamps): runs the control actions waiting for it now rather than at the
   * next packet, which may be seconds away.
   */
  public void runControlActions() {
    if (mailbox.pending()) {
      mailbox.runPending();
    }
  }

  /** See {@link #captureSession()}. */
  public final class CaptureSession implements AutoCloseable {
    private boolean closed;

    private CaptureSession() {}

    /** No more packets from this session; runs the control actions still waiting. */
    @Override
    public void close() {
      if (!closed) {
        closed = true;
        processor.awaitMatched();
        mailbox.packetThreadEnded();
      }
    }
  }

  /**
   * Learns the interfaces of a packet source and, while it lives, their lost packets
   * (flowInterfaceTable). A later source's interface replaces an earlier one's of the same number.
   */
  public synchronized void addInterfaces(PacketSource source) {
    interfaceSources.add(source);
  }

  /** One meter interface (RFC 2720 flowInterfaceTable, indexed by ifIndex = its number). */
  public record MeterInterface(int number, String name, long lostPackets) {}

  /** The interfaces learnt from packet sources, by number; lost packets are read now. */
  public List<MeterInterface> interfaces() {
    List<PacketSource> sources;
    synchronized (this) {
      sources = List.copyOf(interfaceSources);
    }
    Map<Integer, MeterInterface> byNumber = new TreeMap<>();
    for (PacketSource s : sources) {
      for (CaptureInterface ifc : s.interfaces()) {
        byNumber.put(ifc.number(),
            new MeterInterface(ifc.number(), ifc.name(), s.lostPackets(ifc.number())));
      }
    }
    return List.copyOf(byNumber.values());
  }

  // ---------------------------------------------------------------- flood control (RFC 2722 §4.6)

  /** flowFloodMark, percent; 0 or 100 disable it. */
  public int floodMark() {
    return floodMark;
  }

  public void setFloodMark(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("flood mark is a percentage: " + percent);
    }
    floodMark = percent;
  }

  /** flowFloodMode: the table passed the flood mark; only a manager clears it. */
  public boolean floodMode() {
    return floodMode;
  }

  /** A manager clears flood mode (RFC 2720: set flowFloodMode to false(2)). */
  public void setFloodMode(boolean mode) {
    floodMode = mode;
  }

  /**
   * After each new flow (on a matching thread): past a task's high-water mark the task switches
   * to its standby rule set; past the flood mark the meter enters flood mode, in which each
   * matching thread recovers every idle flow it may (RFC 2722 §4.6).
   *
   * @return how many times the meter has entered flood mode: a matching thread that has not yet
   *     swept its part since the last entry does so now
   */
  int flowCreated(long now) {
    int usage = table.usagePercent();
    int mark = floodMark;
    if (!floodMode && mark > 0 && mark < 100 && usage >= mark) {
      floodMode = true;
      floods.incrementAndGet();
    }
    if (usage >= lowestHighWaterMark) {
      passHighWaterMarks(usage);
    }
    return floods.get();
  }

  private void passHighWaterMarks(int usage) {
    boolean changed = false;
    synchronized (this) {
      for (Task t : tasks.values()) {
        if (!t.runningStandby() && t.highWaterMarkPassed(usage)) {
          t.setRunningStandby(true);
          changed = true;
        }
      }
      if (changed) {
        updateRunning();
      }
    }
  }

  // ---------------------------------------------------------------- errors

  void pmeError(int ruleSet, String why) {
    pmeErrors.computeIfAbsent(ruleSet, k -> new AtomicLong()).incrementAndGet();
    lastPmeError.put(ruleSet, why);
  }

  /** Packets a rule set failed on (loop, stack overflow), by rule set. */
  public Map<Integer, Long> pmeErrors() {
    Map<Integer, Long> m = new TreeMap<>();
    pmeErrors.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /** The last failure of a rule set, or null. */
  public String lastPmeError(int ruleSet) {
    return lastPmeError.get(ruleSet);
  }
}
