package org.rtfm4j.flow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Map;

/**
 * One part of the {@link FlowTable}: the flows one packet thread creates, counts and recovers.
 * A table has one part per packet-matching thread (one unless the meter runs several); a flow
 * lives in the part of the thread that matched its packets, so each part has exactly one writer
 * and the packet path never locks.
 *
 * <p>A flow lives in a local slot of its part. Its global slot, which the rest of the meter sees,
 * interleaves the parts ({@code local * parts + part}) so that FlowIndex (global slot + 1, RFC
 * 2720 flowDataIndex) stays dense and small however many parts there are. Slots are primitive
 * arrays grown by doubling, found through an open-addressing index, and recycled through a free
 * list: "When selecting a record for the new flow the meter searches the flow table for an
 * 'inactive' record. If no inactive records are available it will search for an 'idle' one
 * instead" (RFC 2722 §4.5).
 *
 * <p>Only the part's writer calls the plain accessors and the changing methods; any other thread
 * reads flows through {@link #read(int, FlowRow)}, which returns the values of one flow as they
 * stood together at one moment: each slot carries a sequence number that the writer makes odd
 * while it changes the slot and even again afterwards (a seqlock), and a reader retries until it
 * has copied the slot between two equal even readings. The writer never waits for a reader; a
 * reader waits at most for one counter update.
 */
public final class FlowTablePart {
  private static final int INITIAL_SLOTS = 1024;
  private static final VarHandle INT_ELEMENT = MethodHandles.arrayElementVarHandle(int[].class);
  private static final int CENTISECONDS_PER_SECOND = 100;

  private final FlowTable table;
  private final int number;
  private final int stride;
  /** Local slots this part may use: flowMaxFlows, as any part may hold every flow. */
  private final int maxSlots;

  private long[][] keys = new long[0][];
  private int[] keyHash = new int[0];
  private int[] generation = new int[0];
  private int[] ruleSet = new int[0];
  private long[] toOctets = new long[0];
  private long[] toPdus = new long[0];
  private long[] fromOctets = new long[0];
  private long[] fromPdus = new long[0];
  private long[] firstTime = new long[0];
  private long[] lastTime = new long[0];
  /** Per slot: odd while the writer changes the slot (see the class comment). */
  private int[] sequence = new int[0];
  /** The arrays as readers on other threads see them; replaced when the slots grow. */
  private volatile Slots published;
  /** {@link #neverUsed} as readers on other threads see it. */
  private volatile int publishedLimit;
  /** Flows held per rule set (flowRuleInfoFlowRecords), written by the writer only. */
  private final int[] flowsPerRuleSet = new int[FlowTable.MAX_RULE_SET + 1];

  private int[] index;
  private int indexMask;

  private int[] freeSlots = new int[0];
  private int freeCount;
  private int neverUsed;

  // Written by the writer only; other threads read them as figures (a long is read whole).
  private long created;
  private long refused;
  private long recovered;
  private int scanCursor;
  private long lastFutileFullScan = Long.MIN_VALUE;

  FlowTablePart(FlowTable table, int number, int stride, int maxSlots) {
    this.table = table;
    this.number = number;
    this.stride = stride;
    this.maxSlots = maxSlots;
    growSlots(Math.min(INITIAL_SLOTS, maxSlots));
  }

  /** The global slot (FlowIndex - 1) of local slot {@code local}. */
  public int globalSlot(int local) {
    return local * stride + number;
  }

  /**
   * Finds the current flow with this key: RFC 2722's current(A->B).
   *
   * @return its local slot, or -1
   */
  public int find(int ruleSetNumber, long[] key, int keyLength, int hash) {
    int mask = indexMask;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      int entry = index[i];
      if (entry == 0) {
        return -1;
      }
      int slot = entry - 1;
      if (keyHash[slot] == hash && ruleSet[slot] == ruleSetNumber
          && Arrays.equals(keys[slot], 0, keys[slot].length, key, 0, keyLength)) {
        return slot;
      }
    }
  }

  /**
   * Adds a flow with zeroed counters: RFC 2722's create(A->B).
   *
   * @param now meter time, centiseconds
   * @return its local slot, or -1 when the table is full (the refusal is counted)
   */
  public int create(int ruleSetNumber, long[] key, int keyLength, int hash, long now) {
    if (!table.reserve() && !(recoverForNewFlow(now) && table.reserve())) {
      refused++;
      return -1;
    }
    int slot;
    if (freeCount > 0) {
      slot = freeSlots[--freeCount];
    } else {
      if (neverUsed == keys.length) {
        growSlots((int) Math.min(maxSlots, keys.length * 2L));
      }
      slot = neverUsed++;
    }
    beginWrite(slot);
    keys[slot] = Arrays.copyOf(key, keyLength);
    keyHash[slot] = hash;
    generation[slot]++;
    ruleSet[slot] = ruleSetNumber;
    toOctets[slot] = 0;
    toPdus[slot] = 0;
    fromOctets[slot] = 0;
    fromPdus[slot] = 0;
    firstTime[slot] = now;
    lastTime[slot] = now;
    endWrite(slot);
    if (slot >= publishedLimit) {
      publishedLimit = neverUsed;
    }
    created++;
    INT_ELEMENT.setOpaque(flowsPerRuleSet, ruleSetNumber, flowsPerRuleSet[ruleSetNumber] + 1);
    insertIndex(slot, hash);
    return slot;
  }

  /**
   * Counts one packet: RFC 2722's count(A->B,f) when {@code forward}, count(A->B,r) otherwise.
   */
  public void count(int slot, boolean forward, long octets, long now) {
    beginWrite(slot);
    if (forward) {
      toOctets[slot] += octets;
      toPdus[slot]++;
    } else {
      fromOctets[slot] += octets;
      fromPdus[slot]++;
    }
    if (now > lastTime[slot]) {
      lastTime[slot] = now;
    }
    endWrite(slot);
  }

  /**
   * Opens a change of {@code slot}: its sequence number turns odd before any field changes
   * (the store-store fence keeps the field stores after it).
   */
  private void beginWrite(int slot) {
    INT_ELEMENT.setOpaque(sequence, slot, sequence[slot] + 1);
    VarHandle.storeStoreFence();
  }

  /** Closes a change: the sequence number turns even after every field store (release). */
  private void endWrite(int slot) {
    INT_ELEMENT.setRelease(sequence, slot, sequence[slot] + 1);
  }

  // ---------------------------------------------------------------- recovery (RFC 2722 §4.5)

  /**
   * Recovers idle flows that every reader of their rule set has collected, looking at no more
   * than {@code budget} slots from where the last call stopped (a background sweep spread over
   * packets).
   *
   * @return the number of flows recovered
   */
  public int recoverIdle(long now, int budget) {
    int limit = neverUsed;
    if (limit == 0) {
      return 0;
    }
    Map<Integer, Long> bounds = table.readerBounds();
    long timeout = (long) table.inactivityTimeout() * CENTISECONDS_PER_SECOND;
    int n = Math.min(budget, limit);
    int done = 0;
    for (int i = 0; i < n; i++) {
      if (scanCursor >= limit) {
        scanCursor = 0;
      }
      int slot = scanCursor++;
      if (keys[slot] != null && recoverable(slot, now, timeout, bounds)) {
        recover(slot);
        done++;
      }
    }
    return done;
  }

  /** Recovers every flow of this part that may be recovered now; returns how many. */
  public int recoverAllIdle(long now) {
    return recoverIdle(now, neverUsed);
  }

  private boolean recoverForNewFlow(long now) {
    // A futile full sweep is not repeated until meter time moves on, so a flood of new flows
    // against a full table costs one sweep per centisecond, not one per packet.
    if (now == lastFutileFullScan) {
      return false;
    }
    if (recoverAllIdle(now) > 0) {
      return true;
    }
    lastFutileFullScan = now;
    return false;
  }

  private boolean recoverable(int slot, long now, long timeout, Map<Integer, Long> bounds) {
    long last = lastTime[slot];
    if (now - last < timeout) {
      return false;
    }
    if (bounds == null) {
      return true;
    }
    Long collectedBefore = bounds.get(ruleSet[slot]);
    // "before recovering a flow record the meter should be sure that the flow's data has been
    // collected by all meter readers which registered to collect it" (RFC 2722 §3.2): a pass
    // that began after the flow's last packet has finished once a later pass has begun.
    return collectedBefore == null || last < collectedBefore;
  }

  private void recover(int slot) {
    table.recoveryListener().recovering(table, globalSlot(slot));
    removeIndex(slot);
    beginWrite(slot);
    keys[slot] = null;
    endWrite(slot);
    INT_ELEMENT.setOpaque(flowsPerRuleSet, ruleSet[slot], flowsPerRuleSet[ruleSet[slot]] - 1);
    table.release();
    recovered++;
    freeSlots[freeCount++] = slot;
  }

  /**
   * Removes every flow of a rule set, whatever its state (RFC 2720 flowRuleInfoStatus: destroying
   * a rule set destroys "any flow data collected by it"). The recovery listener still sees each
   * flow first, so a flow file keeps what was measured.
   *
   * @return the number of flows removed
   */
  public int removeFlows(int ruleSetNumber) {
    int done = 0;
    for (int slot = 0; slot < neverUsed && flowsPerRuleSet[ruleSetNumber] > 0; slot++) {
      if (keys[slot] != null && ruleSet[slot] == ruleSetNumber) {
        recover(slot);
        done++;
      }
    }
    return done;
  }

  // ---------------------------------------------------------------- reading from other threads

  /** One past the highest local slot a reader on another thread may find a flow in. */
  int readableSlots() {
    return publishedLimit;
  }

  /**
   * Copies the flow in local slot {@code slot} into {@code row}, all its values as they stood
   * together at one moment; safe from any thread, never blocks the writer.
   *
   * @return false when the slot holds no flow (row is then unchanged)
   */
  boolean read(int slot, FlowRow row) {
    Slots s = published;
    if (slot < 0 || slot >= s.sequence.length) {
      return false;
    }
    while (true) {
      int before = (int) INT_ELEMENT.getAcquire(s.sequence, slot);
      if ((before & 1) == 0) {
        long[] k = s.keys[slot];
        int rs = s.ruleSet[slot];
        int gen = s.generation[slot];
        long first = s.firstTime[slot];
        long last = s.lastTime[slot];
        long to = s.toOctets[slot];
        long toP = s.toPdus[slot];
        long from = s.fromOctets[slot];
        long fromP = s.fromPdus[slot];
        VarHandle.loadLoadFence();
        if ((int) INT_ELEMENT.getOpaque(s.sequence, slot) == before) {
          if (k == null) {
            return false;
          }
          row.set(rs, FlowTable.flowIndex(globalSlot(slot)), gen, k, first, last, to, toP, from,
              fromP);
          return true;
        }
      }
      Thread.onSpinWait();
    }
  }

  /** Flows this part holds for a rule set; safe from any thread. */
  int flowRecords(int ruleSetNumber) {
    return (int) INT_ELEMENT.getOpaque(flowsPerRuleSet, ruleSetNumber);
  }

  long createdFlows() {
    return created;
  }

  long refusedFlows() {
    return refused;
  }

  long recoveredFlows() {
    return recovered;
  }

  /** The slot arrays as one unit, so a reader never mixes arrays of two sizes. */
  private record Slots(long[][] keys, int[] generation, int[] ruleSet, long[] toOctets,
      long[] toPdus, long[] fromOctets, long[] fromPdus, long[] firstTime, long[] lastTime,
      int[] sequence) {}

  // ---------------------------------------------------------------- reading a flow (writer)

  /** True when local slot {@code slot} holds a flow. */
  public boolean inUse(int slot) {
    return slot >= 0 && slot < neverUsed && keys[slot] != null;
  }

  /** One past the highest local slot ever used. */
  public int slotLimit() {
    return neverUsed;
  }

  /**
   * How many flows have used this slot: a flow is identified by slot and generation, so a cached
   * slot number can be checked for still naming the same flow.
   */
  public int generation(int slot) {
    return generation[slot];
  }

  /** True when {@code slot} still holds the flow it held at {@code gen}. */
  public boolean holds(int slot, int gen) {
    return keys[slot] != null && generation[slot] == gen;
  }

  int ruleSet(int slot) {
    return ruleSet[slot];
  }

  long[] key(int slot) {
    return keys[slot];
  }

  long toOctets(int slot) {
    return toOctets[slot];
  }

  long toPdus(int slot) {
    return toPdus[slot];
  }

  long fromOctets(int slot) {
    return fromOctets[slot];
  }

  long fromPdus(int slot) {
    return fromPdus[slot];
  }

  long firstTime(int slot) {
    return firstTime[slot];
  }

  long lastActiveTime(int slot) {
    return lastTime[slot];
  }

  /** A copy of the flow in local slot {@code slot}. */
  FlowRecord record(int slot) {
    return new FlowRecord(ruleSet[slot], FlowTable.flowIndex(globalSlot(slot)), keys[slot],
        firstTime[slot], lastTime[slot], toOctets[slot], toPdus[slot], fromOctets[slot],
        fromPdus[slot]);
  }

  // ---------------------------------------------------------------- storage

  private void growSlots(int size) {
    keys = Arrays.copyOf(keys, size);
    keyHash = Arrays.copyOf(keyHash, size);
    generation = Arrays.copyOf(generation, size);
    ruleSet = Arrays.copyOf(ruleSet, size);
    toOctets = Arrays.copyOf(toOctets, size);
    toPdus = Arrays.copyOf(toPdus, size);
    fromOctets = Arrays.copyOf(fromOctets, size);
    fromPdus = Arrays.copyOf(fromPdus, size);
    firstTime = Arrays.copyOf(firstTime, size);
    lastTime = Arrays.copyOf(lastTime, size);
    sequence = Arrays.copyOf(sequence, size);
    freeSlots = Arrays.copyOf(freeSlots, size);
    // Growing happens between changes of slots, so the old arrays are final from here on: a
    // reader still holding them reads a consistent, if slightly older, flow.
    published = new Slots(keys, generation, ruleSet, toOctets, toPdus, fromOctets, fromPdus,
        firstTime, lastTime, sequence);
    // Keep the index at most half full so probes stay short.
    int want = Integer.highestOneBit(Math.max(4, size) * 4 - 1);
    if (index == null || want > index.length) {
      rebuildIndex(want);
    }
  }

  private void rebuildIndex(int capacity) {
    index = new int[capacity];
    indexMask = capacity - 1;
    for (int slot = 0; slot < neverUsed; slot++) {
      if (keys[slot] != null) {
        insertIndex(slot, keyHash[slot]);
      }
    }
  }

  private void insertIndex(int slot, int hash) {
    int i = hash & indexMask;
    while (index[i] != 0) {
      i = (i + 1) & indexMask;
    }
    index[i] = slot + 1;
  }

  /** Linear-probing deletion by backward shift, so no tombstones lengthen later probes. */
  private void removeIndex(int slot) {
    int mask = indexMask;
    int i = keyHash[slot] & mask;
    while (index[i] != slot + 1) {
      i = (i + 1) & mask;
    }
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      int entry = index[j];
      if (entry == 0) {
        break;
      }
      int home = keyHash[entry - 1] & mask;
      boolean movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
      if (movable) {
        index[i] = entry;
        i = j;
      }
    }
    index[i] = 0;
  }
}
