package org.rtfm4j.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FragmentTableTest {
  private static final long SRC = 0x0A00_0001L << 32;
  private static final long DST = 0x0A00_0002L << 32;
  private static final long SECOND = 1_000_000_000L;

  @Test
  void laterFragmentGetsTheFirstFragmentsPorts() {
    FragmentTable t = new FragmentTable();
    t.recordFirst(4, SRC, 0, DST, 0, 17, 42, 17, 5353, 53, 1480, 0);
    assertEquals(value(17, 5353, 53), t.lookupLater(4, SRC, 0, DST, 0, 17, 42, 1480, 100, false,
        SECOND));
    assertEquals(0, t.laterWithoutFirst());
  }

  @Test
  void everyKeyPartMatters() {
    FragmentTable t = new FragmentTable();
    t.recordFirst(4, SRC, 0, DST, 0, 17, 42, 17, 1, 2, 1480, 0);
    assertEquals(FragmentTable.NOT_FOUND, t.lookupLater(4, SRC, 0, DST, 0, 17, 43, 8, 8, true, 0));
    assertEquals(FragmentTable.NOT_FOUND, t.lookupLater(4, SRC, 0, DST, 0, 6, 42, 8, 8, true, 0));
    assertEquals(FragmentTable.NOT_FOUND, t.lookupLater(4, DST, 0, SRC, 0, 17, 42, 8, 8, true, 0));
    assertEquals(FragmentTable.NOT_FOUND, t.lookupLater(6, SRC, 0, DST, 0, 17, 42, 8, 8, true, 0));
    assertEquals(FragmentTable.NOT_FOUND, t.lookupLater(4, SRC, 1, DST, 0, 17, 42, 8, 8, true, 0));
    assertEquals(FragmentTable.NOT_FOUND, t.lookupLater(4, SRC, 0, DST, 1, 17, 42, 8, 8, true, 0));
    assertEquals(6, t.laterWithoutFirst());
    assertEquals(value(17, 1, 2), t.lookupLater(4, SRC, 0, DST, 0, 17, 42, 8, 8, true, 0));
  }

  @Test
  void ipv6IdentificationUsesAll32Bits() {
    FragmentTable t = new FragmentTable();
    t.recordFirst(6, 1, 2, 3, 4, 17, 0xFFFF_FFFFL, 17, 9, 10, 1000, 0);
    t.recordFirst(6, 1, 2, 3, 4, 17, 0x0000_FFFFL, 17, 11, 12, 1000, 0);
    assertEquals(value(17, 9, 10), t.lookupLater(6, 1, 2, 3, 4, 17, 0xFFFF_FFFFL, 1000, 8, false,
        0));
    assertEquals(value(17, 11, 12), t.lookupLater(6, 1, 2, 3, 4, 17, 0xFFFFL, 1000, 8, false, 0));
  }

  @Test
  void entriesExpireAfterTheTimeoutOfPacketTime() {
    FragmentTable t = new FragmentTable(1024, 30 * SECOND);
    t.recordFirst(4, SRC, 0, DST, 0, 17, 1, 17, 1, 2, 1480, 0);
    t.recordFirst(4, SRC, 0, DST, 0, 17, 2, 17, 3, 4, 1480, 0);
    assertEquals(value(17, 1, 2), t.lookupLater(4, SRC, 0, DST, 0, 17, 1, 1480, 8, true,
        30 * SECOND));
    assertEquals(FragmentTable.NOT_FOUND, t.lookupLater(4, SRC, 0, DST, 0, 17, 2, 1480, 8, true,
        30 * SECOND + 1));
    // Each fragment restarts the entry's life (RFC 791's timer is raised per fragment).
    assertEquals(value(17, 1, 2), t.lookupLater(4, SRC, 0, DST, 0, 17, 1, 1488, 8, true,
        59 * SECOND));
    assertEquals(1, t.laterWithoutFirst());
  }

  @Test
  void packetTimeGoingBackwardsExpiresNothing() {
    FragmentTable t = new FragmentTable(1024, SECOND);
    t.recordFirst(4, SRC, 0, DST, 0, 17, 1, 17, 1, 2, 1480, 100 * SECOND);
    assertEquals(value(17, 1, 2), t.lookupLater(4, SRC, 0, DST, 0, 17, 1, 1480, 8, false, 0));
  }

  @Test
  void fullTableEvictsTheLeastRecentlyUsedLiveEntry() {
    FragmentTable t = new FragmentTable(8, 30 * SECOND); // one probe window: the whole table
    for (int id = 0; id < 8; id++) {
      t.recordFirst(4, SRC, 0, DST, 0, 17, id, 17, id, id, 1480, id);
    }
    assertEquals(0, t.evictedWhileFull());
    t.lookupLater(4, SRC, 0, DST, 0, 17, 0, 1480, 8, true, 10); // id 0 used again: id 1 is oldest
    t.recordFirst(4, SRC, 0, DST, 0, 17, 100, 17, 100, 100, 1480, 11);
    assertEquals(1, t.evictedWhileFull());
    assertEquals(FragmentTable.NOT_FOUND, t.lookupLater(4, SRC, 0, DST, 0, 17, 1, 1480, 8, true,
        12));
    for (int id : new int[] {0, 2, 3, 4, 5, 6, 7, 100}) {
      assertEquals(value(17, id, id), t.lookupLater(4, SRC, 0, DST, 0, 17, id, 1488, 8, true, 12));
    }
  }

  @Test
  void completedAndExpiredEntriesAreReusedBeforeLiveOnes() {
    FragmentTable t = new FragmentTable(8, 30 * SECOND);
    for (int id = 0; id < 8; id++) {
      t.recordFirst(4, SRC, 0, DST, 0, 17, id, 17, id, id, 1480, 0);
    }
    // id 3 completes: 1480 + 1480 (more) + 40 (last) = datagram payload of 3000.
    t.lookupLater(4, SRC, 0, DST, 0, 17, 3, 1480, 1480, true, 1);
    t.lookupLater(4, SRC, 0, DST, 0, 17, 3, 2960, 40, false, 2);
    // A duplicate of a fragment of a completed datagram still finds its ports.
    assertEquals(value(17, 3, 3), t.lookupLater(4, SRC, 0, DST, 0, 17, 3, 2960, 40, false, 3));
    t.recordFirst(4, SRC, 0, DST, 0, 17, 50, 17, 50, 50, 1480, 4);
    assertEquals(0, t.evictedWhileFull());
    assertEquals(FragmentTable.NOT_FOUND, t.lookupLater(4, SRC, 0, DST, 0, 17, 3, 2960, 40,
        false, 5));
    // Now everything left is live; after 31 s all of it has expired and is reused silently.
    t.recordFirst(4, SRC, 0, DST, 0, 17, 51, 17, 51, 51, 1480, 40 * SECOND);
    assertEquals(0, t.evictedWhileFull());
  }

  @Test
  void capacityIsRoundedUpToAPowerOfTwoAndArgumentsChecked() {
    assertEquals(65_536, new FragmentTable().capacity());
    assertEquals(1024, new FragmentTable(1000, SECOND).capacity());
    assertEquals(1, new FragmentTable(1, SECOND).capacity());
    assertThrows(IllegalArgumentException.class, () -> new FragmentTable(0, SECOND));
    assertThrows(IllegalArgumentException.class, () -> new FragmentTable(8, 0));
  }

  @Test
  void aOneSlotTableStillWorks() {
    FragmentTable t = new FragmentTable(1, SECOND);
    t.recordFirst(4, SRC, 0, DST, 0, 6, 1, 6, 80, 81, 100, 0);
    t.recordFirst(4, SRC, 0, DST, 0, 6, 2, 6, 90, 91, 100, 0);
    assertEquals(1, t.evictedWhileFull());
    assertEquals(value(6, 90, 91), t.lookupLater(4, SRC, 0, DST, 0, 6, 2, 100, 8, false, 0));
  }

  private static long value(int protocol, int srcPort, int dstPort) {
    return ((long) protocol << 32) | ((long) srcPort << 16) | dstPort;
  }
}
