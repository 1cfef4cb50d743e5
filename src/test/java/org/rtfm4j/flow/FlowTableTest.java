package org.rtfm4j.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowTableTest {
  private static long[] key(long a, long b) {
    FlowKey k = new FlowKey();
    k.clear();
    k.set(9, a << 32, 0, 0xFFFF_FFFFL << 32, 0, 4);
    k.set(19, b << 32, 0, 0xFFFF_FFFFL << 32, 0, 4);
    long[] out = new long[FlowKey.MAX_WORDS];
    int n = k.encode(out);
    return java.util.Arrays.copyOf(out, n);
  }

  private static int create(FlowTable t, int rs, long[] k, long now) {
    return t.create(rs, k, k.length, FlowKey.hash(rs, k, k.length), now);
  }

  private static int find(FlowTable t, int rs, long[] k) {
    return t.find(rs, k, k.length, FlowKey.hash(rs, k, k.length));
  }

  @Test
  void flowIndexIsOneOriginAndStableWhileTheFlowLives() {
    FlowTable t = new FlowTable(10);
    int a = create(t, 5, key(1, 2), 0);
    int b = create(t, 5, key(3, 4), 0);
    assertEquals(1, FlowTable.flowIndex(a));
    assertEquals(2, FlowTable.flowIndex(b));
    assertEquals(a, find(t, 5, key(1, 2)));
    assertEquals(-1, find(t, 6, key(1, 2)), "the rule set is part of the key");
  }

  @Test
  void countersAndTimes() {
    FlowTable t = new FlowTable(10);
    int s = create(t, 5, key(1, 2), 100);
    t.count(s, true, 60, 150);
    t.count(s, false, 1500, 120); // an earlier timestamp does not move LastActiveTime back
    t.count(s, false, 40, 300);
    assertEquals(60, t.toOctets(s));
    assertEquals(1, t.toPdus(s));
    assertEquals(1540, t.fromOctets(s));
    assertEquals(2, t.fromPdus(s));
    assertEquals(100, t.firstTime(s));
    assertEquals(300, t.lastActiveTime(s));
  }

  @Test
  void aFullTableRefusesNewFlowsAndCountsThemWhileOldFlowsKeepCounting() {
    FlowTable t = new FlowTable(2);
    int a = create(t, 5, key(1, 2), 0);
    create(t, 5, key(3, 4), 0);
    assertEquals(-1, create(t, 5, key(5, 6), 1));
    assertEquals(1, t.refusedFlows());
    t.count(a, true, 10, 2);
    assertEquals(10, t.toOctets(a));
    assertEquals(100, t.usagePercent());
  }

  @Test
  void idleFlowsAreRecoveredOnlyAfterTheInactivityTimeout() {
    FlowTable t = new FlowTable(10);
    t.setInactivityTimeout(10);
    List<Integer> told = new ArrayList<>();
    t.setRecoveryListener((table, slot) -> told.add(FlowTable.flowIndex(slot)));
    int s = create(t, 5, key(1, 2), 0);
    assertEquals(0, t.recoverAllIdle(999));
    assertFalse(t.idle(s, 999));
    assertTrue(t.idle(s, 1000));
    assertEquals(1, t.recoverAllIdle(1000));
    assertEquals(List.of(1), told);
    assertEquals(-1, find(t, 5, key(1, 2)));
    assertEquals(0, t.activeFlows());
    // "the meter searches the flow table for an 'inactive' record": the slot is reused.
    assertEquals(s, create(t, 5, key(7, 8), 1001));
  }

  @Test
  void aFullTableRecoversIdleFlowsBeforeRefusing() {
    FlowTable t = new FlowTable(1);
    t.setInactivityTimeout(1);
    create(t, 5, key(1, 2), 0);
    assertTrue(create(t, 5, key(3, 4), 100) >= 0);
    assertEquals(1, t.recoveredFlows());
    assertEquals(0, t.refusedFlows());
  }

  @Test
  void aRegisteredReaderHoldsFlowsUntilItHasCollectedThem() {
    FlowTable t = new FlowTable(10);
    t.setInactivityTimeout(1);
    FlowReader reader = t.registerReader(5, 0);
    FlowReader other = t.registerReader(6, 0);
    int s = create(t, 5, key(1, 2), 50);
    assertEquals(0, t.recoverAllIdle(1000), "never collected");
    reader.collectionStarted(1000); // collects the flow (last active 50)...
    assertEquals(0, t.recoverAllIdle(1100), "that collection may not have finished");
    reader.collectionStarted(2000); // ...and has finished by the time the next one begins
    assertEquals(1, t.recoverAllIdle(2000));
    assertFalse(t.inUse(s));
    assertEquals(6, other.ruleSet());
    // A flow active after the previous collection began is kept.
    int s2 = create(t, 5, key(3, 4), 2500);
    reader.collectionStarted(3000);
    assertEquals(0, t.recoverAllIdle(3000));
    t.unregisterReader(reader);
    assertEquals(1, t.recoverAllIdle(3000));
    assertFalse(t.inUse(s2));
  }

  @Test
  void indexStaysConsistentUnderRandomCreatesAndRecoveries() {
    // A model check: a HashMap of key -> slot must agree with find() after every operation,
    // exercising growth and backward-shift deletion.
    FlowTable t = new FlowTable(5000);
    t.setInactivityTimeout(0);
    Map<Long, Integer> model = new HashMap<>();
    Map<Integer, Long> bySlot = new HashMap<>();
    t.setRecoveryListener((table, slot) -> model.remove(bySlot.remove(slot)));
    Random r = new Random(42);
    for (int step = 0; step < 30_000; step++) {
      long id = r.nextInt(8000);
      long[] k = key(id, id * 7);
      if (model.containsKey(id)) {
        assertEquals((int) model.get(id), find(t, 5, k));
        t.count(model.get(id), true, 1, step);
      } else {
        assertEquals(-1, find(t, 5, k));
        int s = create(t, 5, k, step);
        if (s >= 0) {
          model.put(id, s);
          bySlot.put(s, id);
        }
      }
      if (r.nextInt(50) == 0) {
        t.recoverIdle(step + 1, r.nextInt(3000));
      }
    }
    assertEquals(model.size(), t.activeFlows());
    Set<Integer> slots = new HashSet<>(model.values());
    assertEquals(model.size(), slots.size());
    for (Map.Entry<Long, Integer> e : model.entrySet()) {
      assertEquals((int) e.getValue(), find(t, 5, key(e.getKey(), e.getKey() * 7)));
    }
  }

  @Test
  void readCopiesTheFlowAndSeesRemovalAndPerRuleSetCounts() {
    FlowTable t = new FlowTable(100);
    int a = create(t, 5, key(1, 2), 10);
    create(t, 5, key(3, 4), 10);
    int c = create(t, 7, key(1, 2), 20);
    t.count(a, true, 60, 15);
    t.count(a, false, 40, 30);
    FlowRow row = new FlowRow();
    assertTrue(t.read(a, row));
    assertEquals(5, row.ruleSet());
    assertEquals(FlowTable.flowIndex(a), row.flowIndex());
    assertEquals(60, row.toOctets());
    assertEquals(1, row.toPdus());
    assertEquals(40, row.fromOctets());
    assertEquals(1, row.fromPdus());
    assertEquals(10, row.firstTime());
    assertEquals(30, row.lastActiveTime());
    assertEquals(t.record(a), row.toRecord());
    assertEquals(2, t.flowRecords(5));
    assertEquals(1, t.flowRecords(7));
    assertEquals(3, t.readableSlots());

    List<Integer> told = new ArrayList<>();
    t.setRecoveryListener((table, slot) -> told.add(slot));
    assertEquals(2, t.removeFlows(5));
    assertEquals(2, told.size(), "the flow file still hears of each removed flow");
    assertEquals(0, t.flowRecords(5));
    assertEquals(1, t.activeFlows());
    assertFalse(t.read(a, row));
    assertTrue(t.read(c, row));
    assertEquals(7, row.ruleSet());
    assertEquals(-1, find(t, 5, key(1, 2)));
    assertEquals(c, find(t, 7, key(1, 2)));
  }

  /**
   * A reader on another thread never sees a row half-updated, even while the writer counts as
   * fast as it can and the slots grow: every packet adds 60 octets to the forward counters and
   * moves LastActiveTime to its packet number, so a consistent row has toOctets = 60 * toPdus
   * and lastActiveTime = firstTime + toPdus. Without the per-slot sequence numbers this fails.
   */
  @Test
  void concurrentReadersSeeConsistentRows() throws Exception {
    FlowTable t = new FlowTable(1 << 16);
    int flows = 5000;
    int[] slots = new int[flows];
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicReference<String> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicLong rowsRead = new java.util.concurrent.atomic.AtomicLong();
    Thread writer = new Thread(() -> {
      long[] pdus = new long[flows];
      for (int i = 0; i < flows; i++) {
        slots[i] = create(t, 5, key(i, i + 1), 0);
      }
      Random r = new Random(7);
      for (int n = 0; n < 3_000_000; n++) {
        int i = r.nextInt(flows);
        pdus[i]++;
        t.count(slots[i], true, 60, pdus[i]);
      }
      done.set(true);
    });
    Thread reader = new Thread(() -> {
      FlowRow row = new FlowRow();
      while (!done.get() || rowsRead.get() == 0) {
        for (int s = 0; s < t.readableSlots(); s++) {
          if (t.read(s, row)) {
            rowsRead.incrementAndGet();
            if (row.toOctets() != 60 * row.toPdus()
                || row.lastActiveTime() != row.firstTime() + row.toPdus()) {
              failure.compareAndSet(null, "torn row at slot " + s + ": " + row.toRecord());
            }
          }
        }
      }
    });
    reader.start();
    writer.start();
    writer.join();
    reader.join();
    assertEquals(null, failure.get());
    assertTrue(rowsRead.get() > 0);
  }
}
