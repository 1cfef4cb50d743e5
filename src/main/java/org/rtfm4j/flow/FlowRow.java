package org.rtfm4j.flow;

/**
 * A reusable copy of one flow's values taken together at one moment by
 * {@link FlowTable#read(int, FlowRow)}: what the MIB serves as one flowDataTable row. Mutable so
 * that a walk of many rows allocates nothing per row; the key array is shared with the table,
 * which never changes a stored key.
 */
public final class FlowRow {
  private int ruleSet;
  private int flowIndex;
  private int generation;
  private long[] key;
  private long firstTime;
  private long lastActiveTime;
  private long toOctets;
  private long toPdus;
  private long fromOctets;
  private long fromPdus;

  void set(int ruleSet, int flowIndex, int generation, long[] key, long firstTime,
      long lastActiveTime, long toOctets, long toPdus, long fromOctets, long fromPdus) {
    this.ruleSet = ruleSet;
    this.flowIndex = flowIndex;
    this.generation = generation;
    this.key = key;
    this.firstTime = firstTime;
    this.lastActiveTime = lastActiveTime;
    this.toOctets = toOctets;
    this.toPdus = toPdus;
    this.fromOctets = fromOctets;
    this.fromPdus = fromPdus;
  }

  public int ruleSet() {
    return ruleSet;
  }

  /** FlowIndex, 1-origin (flowDataIndex). */
  public int flowIndex() {
    return flowIndex;
  }

  /** Which flow of its slot this is (see {@link FlowTable#generation}). */
  public int generation() {
    return generation;
  }

  /** The encoded flow key (see {@link FlowKey#decode}); do not modify it. */
  public long[] key() {
    return key;
  }

  /** FirstTime, centiseconds of meter time. */
  public long firstTime() {
    return firstTime;
  }

  /** LastActiveTime, centiseconds of meter time. */
  public long lastActiveTime() {
    return lastActiveTime;
  }

  public long toOctets() {
    return toOctets;
  }

  public long toPdus() {
    return toPdus;
  }

  public long fromOctets() {
    return fromOctets;
  }

  public long fromPdus() {
    return fromPdus;
  }

  /** An immutable copy. */
  public FlowRecord toRecord() {
    return new FlowRecord(ruleSet, flowIndex, key, firstTime, lastActiveTime, toOctets, toPdus,
        fromOctets, fromPdus);
  }
}
