package org.rtfm4j.reader;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.rtfm4j.client.FlowMib;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.rtfm4j.client.MeterTarget;
import org.rtfm4j.rules.Attribute;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * A meter reader (RFC 2722 §5) for one rule set of one meter: registered in flowReaderInfoTable,
 * it collects pass after pass the flows active since the previous pass through a TimeFilter index
 * (RFC 2720 §3, RFC 4502) and writes each pass as a durable flow data file. Killed at any moment
 * and restarted, its files hold every flow the meter measured with its final counters (the latest
 * line per FlowIndex and FirstTime, RFC 2722 §5.1), and no pass twice.
 *
 * <p><b>Why nothing is lost.</b> Writing flowReaderLastTime makes the meter set LastTime to its
 * uptime and PreviousTime to the old LastTime (RFC 2720); it may then recover a flow of the rule
 * set only when its LastActiveTime is before PreviousTime (RFC 2722 §4.5; the meter's
 * FlowReader).
 * Each durable pass records its <i>start</i> S, a meter time such that every flow last active
 * before S has its final counters in that pass's file or an earlier one. The reader keeps one rule:
 * <b>it writes LastTime only when the row's LastTime is at most the S of its last durable pass</b>,
 * so PreviousTime, the meter's recovery bound, never passes a point up to which the files are
 * complete.
 * <ul>
 *   <li>A pass reads, with TimeFilter S of the last durable pass, every flow active since S, and
 *       reads it after its own start S'. A flow last active before S' saw no packet after S'
 *       (meter time never goes back), so its values are final; flows last active before S are
 *       final in earlier files. Once the file is durable, S' is the new S.</li>
 *   <li>Normally the last durable pass wrote LastTime, so LastTime = S: the pass writes LastTime
 *       (PreviousTime := S) and reads the new LastTime back as S' (RFC 2720 §3.2).</li>
 *   <li>A pass that wrote LastTime and died before its file was durable leaves LastTime &gt; S.
 *       Writing again would move PreviousTime past S, and the meter could recover flows that only
 *       the lost file held. So the next pass does not write LastTime: it reads from S all the same,
 *       with the meter's sysUpTime (at least that LastTime) as S'; after it LastTime &le; S again.
 *       </li>
 *   <li>A new row has LastTime = its creation time and PreviousTime 0; with no durable pass for it
 *       the reader has no S, and its first pass reads everything (TimeFilter 0) without writing
 *       LastTime.</li>
 * </ul>
 *
 * <p><b>Why no pass appears twice.</b> A pass is written to a temporary file, then committed by
 * {@link PassStore} (fsync, state.next, rename, state). A reader killed before the rename leaves
 * nothing behind and redoes the pass; after it, the pass and its state count. LastTime is written
 * only after the previous pass's commit.
 *
 * <p><b>Restarts.</b> Before each pass the reader reads sysUpTime, its row and the rule set's
 * flowRuleInfoTimeStamp in one GET. sysUpTime smaller than last time, or the row gone (the meter
 * restarted, or the row timed out while the reader was away), means the flows since may have been
 * recovered unread: the pass is marked as a restart, the reader registers again and reads
 * everything. So does a FlowIndex whose FirstTime goes back (meter time went back). A changed
 * rule set time stamp is noted in the data.
 */
public final class MeterReader implements AutoCloseable {
  private static final int FIRST_TIME = Attribute.FIRST_TIME.number();
  private static final String RESTARTED = " restarted";

  private final MeterClient client;
  private final ReaderSettings settings;
  private final PassStore store;
  private final Collector collector;
  private final CrashPoint crash;
  private final Clock clock;
  private final int[] counterAttributes;
  private FlowHistory history;

  private MeterReader(MeterClient client, ReaderSettings settings, PassStore store,
      CrashPoint crash, Clock clock) throws IOException {
    this.client = client;
    this.settings = settings;
    this.store = store;
    this.crash = crash;
    this.clock = clock;
    this.collector = settings.method().collector(settings.layout().wanted(),
        settings.varbinds());
    List<Attribute> counters = settings.layout().deltaCounters();
    this.counterAttributes = counters.stream().mapToInt(Attribute::number).toArray();
    String h = store.state().history();
    this.history = h.isEmpty() ? new FlowHistory(counterAttributes.length)
        : FlowHistory.read(store.dir().resolve(h), counterAttributes.length);
  }

  /**
   * A reader of {@code client}'s meter writing under {@code settings.outDir()}; takes the lock of
   * its directory and finishes or undoes a pass a killed reader left half committed.
   */
  public static MeterReader open(MeterClient client, ReaderSettings settings)
      throws IOException {
    return open(client, settings, CrashPoint.NONE, Clock.systemUTC());
  }

  static MeterReader open(MeterClient client, ReaderSettings settings, CrashPoint crash,
      Clock clock) throws IOException {
    Objects.requireNonNull(client, "client");
    Path dir = directory(settings.outDir(), client.meter(), settings.ruleSet());
    PassStore store = PassStore.open(dir, client.meter().address(), settings.ruleSet(),
        settings.owner(), crash);
    try {
      return new MeterReader(client, settings, store, crash, clock);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** {@code outDir/HOST_PORT/rs-N}: IPv6 colons become underscores. */
  public static Path directory(Path outDir, MeterTarget meter, int ruleSet) {
    return outDir.resolve(meter.host().replace(':', '_') + "_" + meter.port())
        .resolve("rs-" + ruleSet);
  }

  /** The directory this reader writes. */
  public Path directory() {
    return store.dir();
  }

  /** The meter. */
  public MeterTarget meter() {
    return client.meter();
  }

  /**
   * One pass: registers when needed, begins the collection, reads the flows active since the last
   * durable pass began and makes them a durable flow data file.
   *
   * @throws MeterException when the meter does not answer or refuses (nothing is committed)
   * @throws ReaderException when the meter's answers make no sense, or registration is refused
   * @throws IOException when the file cannot be written (nothing is committed)
   */
  public PassResult pass() throws MeterException, ReaderException, IOException {
    try {
      return attempt(null);
    } catch (TimeWentBack e) {
      // The collection just read shows the meter's clock went back: start afresh at once.
      return attempt(e.getMessage());
    }
  }

  /** The GET before each pass. */
  private record Look(long upTime, long lastTime, String owner, int status, int ruleSet,
      long ruleSetStamp) {
    boolean rowIs(String wantedOwner, int wantedRuleSet) {
      return lastTime != ReaderState.NONE && status == FlowMib.ACTIVE
          && owner.equals(wantedOwner) && ruleSet == wantedRuleSet;
    }
  }

  private PassResult attempt(String knownRestart)
      throws MeterException, ReaderException, IOException {
    ReaderState st = store.state();
    String owner = settings.owner();
    int rs = settings.ruleSet();
    Look look = look(st.readerIndex());
    String restart = knownRestart;
    if (restart == null && st.upTime() != ReaderState.NONE && look.upTime() < st.upTime()) {
      restart = "the meter's sysUpTime went back from " + st.upTime() + " to " + look.upTime()
          + ": the meter" + RESTARTED;
    }
    boolean ours = look.rowIs(owner, rs);
    if (restart == null && !ours && st.start() != ReaderState.NONE) {
      restart = "flowReaderInfoTable row " + st.readerIndex() + " of this reader is gone (the"
          + " meter restarted, or the row timed out while the reader was away): flows may have"
          + " been recovered unread";
    }
    String note = null;
    if (restart == null && !st.file().isEmpty()
        && st.ruleSetStamp() != look.ruleSetStamp()) {
      note = look.ruleSetStamp() == ReaderState.NONE
          ? "rule set " + rs + " is no longer on the meter"
          : "rule set " + rs + " changed at meter time " + look.ruleSetStamp()
              + " (flowRuleInfoTimeStamp; it was " + st.ruleSetStamp() + "): flows of the"
              + " rule set before the change are gone";
    }
    int index = st.readerIndex();
    long lastTime = look.lastTime();
    if (!ours) {
      index = Registration.register(client, rs, owner, settings.readerTimeout(), index);
      crash.reached("registered");
      lastTime = readLastTime(index);
    }
    long start = restart != null ? ReaderState.NONE : st.start();
    boolean setLastTime = start != ReaderState.NONE && lastTime <= start;
    long mark;
    if (setLastTime) {
      // RFC 2720: "This variable should be written by a meter reader as its first step in
      // reading flow data"; whatever is written, the meter stores its own uptime.
      client.set(List.of(new VariableBinding(lastTimeOid(index), new TimeTicks(0))));
      crash.reached("lastTimeSet");
      mark = readLastTime(index);
    } else {
      mark = client.sysUpTime();
    }
    long from = start == ReaderState.NONE ? 0 : start;
    long seq = st.seq() + 1;
    PassInfo info = new PassInfo(client.meter().address(), rs, seq, clock.instant(), mark, from,
        owner, index, setLastTime, settings.method().optionName(), restart, note);
    // The CSV has no room for remarks: its file name says what the other formats' headers say.
    String remark = restart != null ? "-restart" : note != null ? "-changed" : "";
    String name = String.format("pass-%08d-%d%s.%s", seq, mark, remark,
        settings.format().extension());
    FlowHistory working = restart != null ? new FlowHistory(counterAttributes.length)
        : history.copy();
    Path temp = store.temp(name);
    Path historyTemp = null;
    boolean committed = false;
    try {
      long flows = write(temp, info, working);
      String historyName = "";
      if (counterAttributes.length > 0) {
        historyName = "history-" + seq + ".bin";
        historyTemp = store.temp(historyName);
        working.write(historyTemp);
      }
      ReaderState next = new ReaderState(seq, index, owner, mark, Math.max(mark, look.upTime()),
          look.ruleSetStamp(), name, historyName);
      store.commit(temp, historyTemp, next);
      committed = true;
      history = working;
      return new PassResult(seq, store.dir().resolve(name), flows, setLastTime, from, mark,
          restart, note);
    } finally {
      if (!committed) {
        store.discard(temp, historyTemp);
      }
    }
  }

  /** Collects into {@code temp}; returns the number of flows. */
  private long write(Path temp, PassInfo info, FlowHistory working)
      throws MeterException, IOException {
    long[] values = new long[counterAttributes.length];
    long[] deltas = new long[counterAttributes.length];
    long[] count = new long[1];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
      FlowFileWriter w = settings.format().writer(out, settings.layout());
      w.begin(info);
      collector.collect(client, settings.ruleSet(), info.from(), f -> {
        for (int k = 0; k < counterAttributes.length; k++) {
          values[k] = f.number(counterAttributes[k]);
        }
        long first = f.number(FIRST_TIME);
        if (!working.record(f.flowIndex(), first, values, deltas)) {
          throw new TimeWentBack("flow " + f.flowIndex() + " has FirstTime " + first
              + ", earlier than the flow read there before: the meter's clock went back, it"
              + RESTARTED);
        }
        w.flow(f, deltas);
        count[0]++;
        crash.reached("flow");
      });
      w.end(count[0]);
    }
    return count[0];
  }

  private Look look(int index) throws MeterException {
    int i = Math.max(index, 0);
    List<VariableBinding> r = client.get(List.of(MeterClient.SYS_UP_TIME,
        lastTimeOid(i),
        FlowMib.instance(FlowMib.READER_INFO_ENTRY, FlowMib.READER_OWNER, i),
        FlowMib.instance(FlowMib.READER_INFO_ENTRY, FlowMib.READER_STATUS, i),
        FlowMib.instance(FlowMib.READER_INFO_ENTRY, FlowMib.READER_RULE_SET, i),
        FlowMib.instance(FlowMib.RULE_SET_INFO_ENTRY, FlowMib.RULE_INFO_TIME_STAMP, settings.ruleSet())));
    return new Look(ticks(r.get(0).getVariable(), 0), ticks(r.get(1).getVariable(),
        ReaderState.NONE), Registration.text(r.get(2).getVariable()),
        integer(r.get(3).getVariable()), integer(r.get(4).getVariable()),
        ticks(r.get(5).getVariable(), ReaderState.NONE));
  }

  private long readLastTime(int index) throws MeterException, ReaderException {
    Variable v = client.get(lastTimeOid(index));
    long t = ticks(v, ReaderState.NONE);
    if (t == ReaderState.NONE) {
      throw new ReaderException("meter " + client.meter().address() + " has no"
          + " flowReaderLastTime for row " + index + " just after it was registered or set ("
          + v + ")");
    }
    return t;
  }

  private static OID lastTimeOid(int index) {
    return FlowMib.instance(FlowMib.READER_INFO_ENTRY, FlowMib.READER_LAST_TIME, index);
  }

  private static long ticks(Variable v, long otherwise) {
    return v instanceof TimeTicks t ? t.getValue() : otherwise;
  }

  private static int integer(Variable v) {
    return v instanceof Integer32 i ? i.getValue() : 0;
  }

  /** Releases the directory's lock; the session with the meter is the caller's. */
  @Override
  public void close() {
    store.close();
  }

  /** A flow shows the meter's clock went back while a pass was reading. */
  private static final class TimeWentBack extends IOException {
    private static final long serialVersionUID = 1L;

    TimeWentBack(String message) {
      super(message);
    }
  }
}
