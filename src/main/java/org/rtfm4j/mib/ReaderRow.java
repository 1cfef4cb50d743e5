package org.rtfm4j.mib;

import org.rtfm4j.flow.FlowReader;

/**
 * A flowReaderInfoTable row as the agent holds it. Immutable; while the row is active its
 * {@link FlowReader}, registered with the flow table, holds LastTime, PreviousTime and the time
 * of the last collection.
 *
 * @param index flowReaderIndex
 * @param timeout flowReaderTimeout, seconds; 0 never times out
 * @param owner flowReaderOwner (UTF-8)
 * @param lastTime flowReaderLastTime while not active, meter uptime centiseconds
 * @param previousTime flowReaderPreviousTime while not active
 * @param status RowStatus: active, notInService or notReady
 * @param ruleSet flowReaderRuleSet, or 0 while not written
 * @param reader the registered reader while active, else null
 * @param lastCollectionNanos reader-clock time of creation or of the last LastTime write, for the
 *     timeout while not active
 */
record ReaderRow(int index, int timeout, byte[] owner, long lastTime, long previousTime,
    int status, int ruleSet, FlowReader reader, long lastCollectionNanos)
    implements StatusRow<ReaderRow> {

  ReaderRow {
    owner = owner.clone();
  }

  static ReaderRow created(int index, long nanos) {
    return new ReaderRow(index, 0, new byte[0], 0, 0, RowStatusValue.NOT_READY, 0, null, nanos);
  }

  @Override
  public boolean active() {
    return status == RowStatusValue.ACTIVE;
  }

  /** flowReaderRuleSet is the one column a reader must write (it has no default). */
  @Override
  public boolean ready() {
    return ruleSet != 0;
  }

  long currentLastTime() {
    return reader != null ? reader.lastTime() : lastTime;
  }

  long currentPreviousTime() {
    return reader != null ? reader.previousTime() : previousTime;
  }

  ReaderRow withTimeout(int t) {
    return new ReaderRow(index, t, owner, lastTime, previousTime, status, ruleSet, reader,
        lastCollectionNanos);
  }

  ReaderRow withOwner(byte[] o) {
    return new ReaderRow(index, timeout, o, lastTime, previousTime, status, ruleSet, reader,
        lastCollectionNanos);
  }

  /** RFC 2720 flowReaderLastTime: LastTime := uptime, PreviousTime := the old LastTime. */
  ReaderRow withCollection(long now, long nanos) {
    return new ReaderRow(index, timeout, owner, now, lastTime, status, ruleSet, reader, nanos);
  }

  @Override
  public ReaderRow withStatus(int s) {
    return new ReaderRow(index, timeout, owner, lastTime, previousTime, s, ruleSet, reader,
        lastCollectionNanos);
  }

  ReaderRow withRuleSet(int r) {
    return new ReaderRow(index, timeout, owner, lastTime, previousTime, status, r, reader,
        lastCollectionNanos);
  }

  /** The row with its registered reader, or with none (taking over the reader's times). */
  ReaderRow withReader(FlowReader r) {
    if (r == null && reader != null) {
      return new ReaderRow(index, timeout, owner, reader.lastTime(), reader.previousTime(),
          status, ruleSet, null, lastCollectionNanos);
    }
    return new ReaderRow(index, timeout, owner, lastTime, previousTime, status, ruleSet, r,
        lastCollectionNanos);
  }
}
