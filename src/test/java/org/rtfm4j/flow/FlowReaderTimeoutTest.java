package org.rtfm4j.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * RFC 2720 flowReaderTimeout: "If this time elapses without a collection, the meter should assume
 * that this meter reader has stopped collecting" — and stop holding flows back for it. Time here
 * is the reader clock (wall time in a running meter), driven by hand.
 */
class FlowReaderTimeoutTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
  private final FlowTable table = new FlowTable(10);

  FlowReaderTimeoutTest() {
    table.setReaderClock(clock::get);
    table.setInactivityTimeout(1);
  }

  private int flow(long now) {
    FlowKey k = new FlowKey();
    k.clear();
    k.set(9, 0x0A00_0001L << 32, 0, 0xFFFF_FFFFL << 32, 0, 4);
    long[] key = new long[FlowKey.MAX_WORDS];
    int n = k.encode(key);
    return table.create(5, key, n, FlowKey.hash(5, key, n), now);
  }

  @Test
  void aReaderThatStopsCollectingNoLongerHoldsFlowsBack() {
    FlowReader reader = table.registerReader(5, 0);
    reader.setTimeout(10);
    int s = flow(50);
    assertEquals(0, table.recoverAllIdle(1000), "held for the reader");
    clock.addAndGet(10 * SECOND - 1);
    assertTrue(table.readerAlive(reader));
    assertEquals(0, table.recoverAllIdle(1000));
    clock.addAndGet(1);
    assertEquals(1, table.recoverAllIdle(1000), "10 s without a collection: timed out");
    assertFalse(table.inUse(s));
    assertFalse(table.readerAlive(reader));
    assertEquals(1, table.expiredReaders());
  }

  @Test
  void eachCollectionStartsTheTimeoutAgain() {
    FlowReader reader = table.registerReader(5, 0);
    reader.setTimeout(10);
    clock.addAndGet(9 * SECOND);
    reader.collectionStarted(100);
    clock.addAndGet(9 * SECOND);
    assertTrue(table.readerAlive(reader));
    clock.addAndGet(SECOND);
    assertFalse(table.readerAlive(reader));
    assertFalse(table.readerAlive(reader), "and stays gone");
    assertEquals(1, table.expiredReaders());
  }

  @Test
  void timeoutZeroNeverTimesOut() {
    FlowReader reader = table.registerReader(5, 0);
    assertEquals(0, reader.timeout());
    clock.addAndGet(1_000_000 * SECOND);
    assertTrue(table.readerAlive(reader));
    assertThrows(IllegalArgumentException.class, () -> reader.setTimeout(-1));
  }
}
