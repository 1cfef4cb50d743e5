package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.flow.FlowTable;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;

/**
 * The three flowData views called directly (no agent, no socket) on flow tables built for the
 * edge: FlowIndex above 65535, meter time past 2^32 centiseconds, packing limits, hidden rule
 * sets, and GETNEXT order from arbitrary OIDs.
 */
class FlowDataViewsTest {
  private static final OID ENTRY = new OID("1.3.6.1.2.1.40.2.1.1");
  private static final OID ACTIVITY_ENTRY = new OID("1.3.6.1.2.1.40.2.2.1");
  private static final OID PACKAGE_DATA = new OID("1.3.6.1.2.1.40.2.3.1.5");
  private static final int TO_OCTETS = 27;
  private static final int LAST_ACTIVE_TIME = 32;
  private static final int SOURCE_PEER_ADDRESS = 9;
  private static final int RS = 5;

  private static long[] key(long source, long dest) {
    FlowKey k = new FlowKey();
    k.clear();
    k.set(8, 1L << 56, 0, 0xFFL << 56, 0, 1); // SourcePeerType ipv4(1)
    k.set(9, source << 32, 0, 0xFFFF_FFFFL << 32, 0, 4);
    k.set(19, dest << 32, 0, 0xFFFF_FFFFL << 32, 0, 4);
    long[] out = new long[FlowKey.MAX_WORDS];
    return Arrays.copyOf(out, k.encode(out));
  }

  /** Adds flow {@code n} (addresses 10.0.0.0 + n and 192.168.0.1) at meter time {@code now}. */
  private static int add(FlowTable t, int rs, int n, long now) {
    long[] k = key(0x0A00_0000L + n, 0xC0A8_0001L);
    int slot = t.create(rs, k, k.length, FlowKey.hash(rs, k, k.length), now);
    t.count(slot, true, 100 + n, now);
    return slot;
  }

  private static ComputedTable.Instance next(ComputedTable table, OID from) {
    ComputedTable.Instance out = new ComputedTable.Instance();
    return table.next(from, false, null, out) ? out : null;
  }

  private static OID oid(OID prefix, long... subids) {
    int[] v = new int[subids.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (int) subids[i];
    }
    return ComputedTable.instanceOid(prefix, v);
  }

  @Test
  void timeStampsWrapAt2To32AndTheFilterComparesTheWrappedValue() {
    FlowTable t = new FlowTable(10);
    long wrapped = (1L << 33) + 500; // two wraps past: ticks 500
    int early = add(t, RS, 1, (1L << 32) - 10); // ticks 2^32 - 10
    int late = add(t, RS, 2, wrapped);
    FlowDataTable table = new FlowDataTable(new TimeFilteredFlows(t, rs -> true));
    Variable v = table.get(oid(ENTRY, LAST_ACTIVE_TIME, RS, 0, late + 1), null);
    assertEquals(new TimeTicks(500), v);
    assertEquals(new TimeTicks((1L << 32) - 10),
        table.get(oid(ENTRY, LAST_ACTIVE_TIME, RS, 0, early + 1), null));
    // T = 501: only the flow whose ticks are 2^32 - 10 is present.
    ComputedTable.Instance i = next(table, oid(ENTRY, LAST_ACTIVE_TIME, RS, 501));
    assertEquals(oid(ENTRY, LAST_ACTIVE_TIME, RS, 501, early + 1), i.oid);
    assertEquals(Null.noSuchInstance, table.get(oid(ENTRY, TO_OCTETS, RS, 501, late + 1), null));
  }

  @Test
  void columnActivityCoversFlowIndex1To65535Only() {
    FlowTable t = new FlowTable(70_000);
    for (int n = 1; n <= 65_537; n++) {
      add(t, RS, n, n);
    }
    ColumnActivityTable table = new ColumnActivityTable(new TimeFilteredFlows(t, rs -> true));
    OID data = new OID(ACTIVITY_ENTRY).append(ColumnActivityTable.COLUMN_DATA);
    ComputedTable.Instance i = next(table, oid(data, TO_OCTETS, 0, 65_533));
    assertEquals(oid(data, TO_OCTETS, 0, 65_534), i.oid);
    byte[] b = ((OctetString) i.value).getValue();
    // Rows 65534 and 65535, eight-octet counters, then row number 0.
    assertEquals(2 * (2 + 8) + 2, b.length);
    assertEquals(0xFFFE, u16(b, 0));
    assertEquals(100 + 65_534, u64(b, 2));
    assertEquals(0xFFFF, u16(b, 10));
    assertEquals(0, u16(b, 20));
    ComputedTable.Instance after = next(table, oid(data, TO_OCTETS, 0, 65_535));
    assertEquals(oid(data, TO_OCTETS + 1, 0, 1), after.oid, "on to the next attribute");
    assertEquals(Null.noSuchInstance, table.get(oid(data, TO_OCTETS, 0, 65_536), null));
  }

  @Test
  void columnActivityDataStopsBelow1000OctetsAndOnlyTheLastValueEndsTheColumn() {
    FlowTable t = new FlowTable(1000);
    int flows = 250;
    for (int n = 1; n <= flows; n++) {
      add(t, RS, n, n);
    }
    ColumnActivityTable table = new ColumnActivityTable(new TimeFilteredFlows(t, rs -> true));
    OID data = new OID(ACTIVITY_ENTRY).append(ColumnActivityTable.COLUMN_DATA);
    List<Integer> rows = new ArrayList<>();
    long from = 0;
    boolean ended = false;
    while (!ended) {
      ComputedTable.Instance i = next(table, oid(data, TO_OCTETS, 0, from));
      byte[] b = ((OctetString) i.value).getValue();
      assertTrue(b.length >= 3 && b.length <= ColumnActivityTable.MAX_DATA, "" + b.length);
      for (int at = 0; at < b.length; at += 10) {
        int row = u16(b, at);
        if (row == 0) {
          assertEquals(b.length, at + 2);
          ended = true;
          break;
        }
        rows.add(row);
        from = row;
      }
    }
    List<Integer> expected = new ArrayList<>();
    for (int n = 1; n <= flows; n++) {
      expected.add(n);
    }
    assertEquals(expected, rows);
  }

  @Test
  void aHiddenRuleSetShowsNoRows() {
    FlowTable t = new FlowTable(10);
    int shown = add(t, RS, 1, 1);
    int hidden = add(t, RS + 1, 2, 1);
    TimeFilteredFlows flows = new TimeFilteredFlows(t, rs -> rs != RS + 1);
    FlowDataTable table = new FlowDataTable(flows);
    assertEquals(Null.noSuchInstance, table.get(oid(ENTRY, TO_OCTETS, RS + 1, 0, hidden + 1),
        null));
    ComputedTable.Instance i = next(table, oid(ENTRY, TO_OCTETS, RS, 0, shown + 1));
    assertEquals(oid(ENTRY, TO_OCTETS + 1, RS, 0, shown + 1), i.oid);
    DataPackageTable packages = new DataPackageTable(flows);
    assertNull(next(packages, oid(PACKAGE_DATA, 1, TO_OCTETS, RS, 0, shown + 1)));
    assertEquals(Null.noSuchInstance,
        packages.get(oid(PACKAGE_DATA, 1, TO_OCTETS, RS + 1, 0, hidden + 1), null));
  }

  @Test
  void selectorsMustBeCompleteNonEmptyAndNameAttributes() {
    assertNull(DataPackageTable.selector(PACKAGE_DATA));
    assertNull(DataPackageTable.selector(oid(PACKAGE_DATA, 0)));
    assertNull(DataPackageTable.selector(oid(PACKAGE_DATA, 3, 11, 18)));
    assertNull(DataPackageTable.selector(oid(PACKAGE_DATA, 1, 42)));
    assertNull(DataPackageTable.selector(oid(PACKAGE_DATA, 1, 0)));
    assertNull(DataPackageTable.selector(oid(PACKAGE_DATA, 1, 1L << 31)));
    assertEquals(List.of(11, 18, 29), box(DataPackageTable.selector(
        oid(PACKAGE_DATA, 3, 11, 18, 29, 7, 0, 3447))));
    assertEquals(List.of(41), box(DataPackageTable.selector(oid(PACKAGE_DATA, 1, 41))));
  }

  @Test
  void anAttributeTheFlowLacksIsNoSuchInstanceInsideThePackage() {
    FlowTable t = new FlowTable(10);
    int slot = add(t, RS, 1, 7);
    DataPackageTable packages = new DataPackageTable(new TimeFilteredFlows(t, rs -> true));
    // SourceInterface (4) was not saved; FlowIndex (1) always exists.
    Variable v = packages.get(oid(PACKAGE_DATA, 2, 4, 1, RS, 0, slot + 1), null);
    byte[] b = ((OctetString) v).getValue();
    assertEquals(List.of("30", "05", "81", "00", "02", "01", "01"), hexList(b));
  }

  /**
   * Whatever OID a GETNEXT starts from, the instance returned follows it, and so does the next
   * one: a walk can never loop or go back (RFC 3416 §4.2.2).
   */
  @Test
  void getNextAlwaysReturnsAGreaterOid() {
    FlowTable t = new FlowTable(100);
    for (int n = 1; n <= 40; n++) {
      add(t, n % 3 == 0 ? RS + 1 : RS, n, n * 10L);
    }
    TimeFilteredFlows flows = new TimeFilteredFlows(t, rs -> true);
    List<ComputedTable> tables = List.of(new FlowDataTable(flows),
        new ColumnActivityTable(flows), new DataPackageTable(flows));
    Random random = new Random(2720);
    long[] interesting = {0, 1, 2, 3, 5, 6, 9, 26, 27, 40, 41, 42, 200, 255, 256, 400,
        0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL};
    int found = 0;
    for (int trial = 0; trial < 20_000; trial++) {
      ComputedTable table = tables.get(random.nextInt(tables.size()));
      OID base = table.tableOid();
      int extra = random.nextInt(9);
      long[] subids = new long[extra];
      for (int i = 0; i < extra; i++) {
        subids[i] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)]
            : random.nextInt(60);
      }
      if (extra > 0 && random.nextBoolean()) {
        subids[0] = 1; // inside the entry more often
      }
      OID from = oid(base, subids);
      boolean inclusive = random.nextBoolean();
      ComputedTable.Instance out = new ComputedTable.Instance();
      if (!table.next(from, inclusive, null, out)) {
        continue;
      }
      found++;
      int c = out.oid.compareTo(from);
      assertTrue(inclusive ? c >= 0 : c > 0, from + " -> " + out.oid);
      assertTrue(out.oid.startsWith(base), out.oid.toString());
      assertFalse(out.value instanceof Null, out.oid.toString());
      if (inclusive && c == 0) {
        continue;
      }
      // What GETNEXT returns is an instance: GET finds the same value.
      assertEquals(out.value, table.get(out.oid, null), out.oid.toString());
    }
    assertTrue(found > 1000, "too few trials found an instance: " + found);
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  private static long u64(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xFF);
    }
    return v;
  }

  private static List<Integer> box(int[] a) {
    List<Integer> l = new ArrayList<>();
    for (int x : a) {
      l.add(x);
    }
    return l;
  }

  private static List<String> hexList(byte[] b) {
    List<String> l = new ArrayList<>();
    for (byte x : b) {
      l.add(String.format("%02X", x & 0xFF));
    }
    return l;
  }
}
