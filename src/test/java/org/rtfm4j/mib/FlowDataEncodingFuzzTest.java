package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.rules.Attribute;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

/**
 * The two packed encodings of flow data, flowColumnActivityData and flowDataPackage (RFC 2720
 * flowData 2 and 3), round trip (Jazzer): flows built from the input go into a flow table, their
 * attributes are encoded by {@link ColumnActivityTable} (whole columns read as NeMaC did, GETNEXT
 * after GETNEXT) and {@link DataPackageTable}, and decoded here by decoders written from RFC
 * 2720's text (and X.690 BER), independently of the encoders. The decoded values must be the
 * values the flows were built with: the key's attributes as saved (addresses masked, RFC 2722
 * §3.1), the counters summed, the times as 32-bit ticks, and nothing for an attribute the flow
 * did not save.
 *
 * <p>The input (read by {@link FuzzInput}): a TimeFilter choice, a selector (a length octet and
 * attribute octets), then flows, each a rule set octet, an IP family octet, a 64-bit set of saved
 * attributes, each saved attribute's value (and mask for addresses), a first time and up to 7
 * packets (direction, octets, time step). Seeds and every finding live in {@code
 * FlowDataEncodingFuzzTestInputs/encodeAnyFlows}; {@code bench/fuzz.sh} fuzzes.
 */
class FlowDataEncodingFuzzTest {
  private static final int MAX_FLOWS = 64;
  private static final int MAX_PACKETS = 7;
  private static final int LAST = 41;
  private static final long TICKS = 0xffff_ffffL;
  /** Meter times up to 2^40 centiseconds: past the 2^32 where TimeStamps wrap. */
  private static final long TIME_MASK = (1L << 40) - 1;

  // RFC 2720 FlowAttributeNumber values by the SYNTAX of their flowDataTable column.
  private static final List<Integer> STRINGS =
      List.of(6, 7, 9, 10, 12, 13, 16, 17, 19, 20, 22, 23, 33, 34, 35);
  private static final List<Integer> COUNTERS = List.of(27, 28, 29, 30);
  private static final List<Integer> TIMES = List.of(3, 31, 32);
  /** Integer32 without a range: four octets in flowColumnActivityData. */
  private static final List<Integer> WIDE_INTEGERS = List.of(1, 4, 14);
  /** RFC 2722 §3.1 address attributes: their values are masked. */
  private static final List<Integer> ADDRESSES = List.of(6, 9, 12, 16, 19, 22);
  /** Mask attribute -> its address attribute. */
  private static final Map<Integer, Integer> MASKS =
      Map.of(7, 6, 10, 9, 13, 12, 17, 16, 20, 19, 23, 22);
  /** OCTET STRING sizes (RFC 2720): MAC 6, port 2, subscriber IDs 16 here, session ID 10. */
  private static final Map<Integer, Integer> STRING_OCTETS =
      Map.of(6, 6, 16, 6, 12, 2, 22, 2, 33, 16, 34, 16, 35, 10);

  @FuzzTest
  void encodeAnyFlows(byte[] bytes) {
    FuzzInput in = new FuzzInput(bytes);
    int timeChoice = in.u8();
    long rawTime = in.i32() & TICKS;
    int[] selector = new int[1 + in.u8() % (2 * LAST)];
    for (int i = 0; i < selector.length; i++) {
      selector[i] = 1 + in.u8() % LAST;
    }
    // Room for more than MAX_FLOWS: a full table would recover idle flows to make room.
    FlowTable table = new FlowTable(2 * MAX_FLOWS);
    Map<Integer, Flow> flows = new TreeMap<>();
    for (int n = 0; n < MAX_FLOWS && in.more(); n++) {
      Flow f = Flow.read(in);
      f.addTo(table, flows);
    }
    if (flows.isEmpty()) {
      return;
    }
    long[] lastTicks = flows.values().stream().mapToLong(f -> f.lastTime & TICKS).sorted()
        .toArray();
    long time = switch (timeChoice % 4) {
      case 0 -> 0;
      case 1 -> lastTicks[timeChoice / 4 % lastTicks.length];
      case 2 -> Math.min(TICKS, lastTicks[timeChoice / 4 % lastTicks.length] + 1);
      default -> rawTime;
    };
    TimeFilteredFlows view = new TimeFilteredFlows(table, rs -> true);
    checkPackages(view, table, flows, selector);
    checkColumns(new ColumnActivityTable(view), flows, time);
  }

  // ------------------------------------------------------------------ flowDataPackage

  private static void checkPackages(TimeFilteredFlows view, FlowTable table,
      Map<Integer, Flow> flows, int[] selector) {
    int[] all = new int[LAST];
    for (int a = 1; a <= LAST; a++) {
      all[a - 1] = a;
    }
    for (Flow f : flows.values()) {
      FlowSnapshot snapshot = view.exact(null, f.slot);
      assertTrue(snapshot != null, "flow " + f.index() + " not in the table");
      for (int[] sel : new int[][] {selector, all}) {
        OctetString data = DataPackageTable.data(snapshot, sel);
        List<Object> decoded = PackageBer.sequence(data.getValue());
        assertEquals(sel.length, decoded.size(), "values in the package of flow " + f.index());
        for (int i = 0; i < sel.length; i++) {
          Object expected = f.expected(sel[i]);
          Object got = decoded.get(i);
          String what = "flow " + f.index() + " attribute " + sel[i];
          if (expected instanceof byte[] b) {
            assertTrue(got instanceof byte[], what + ": " + got);
            assertArrayEquals(b, (byte[]) got, what);
          } else if (expected == null) {
            assertEquals(PackageBer.NO_SUCH_INSTANCE, got, what);
          } else {
            assertEquals(expected, got, what);
          }
        }
      }
    }
  }

  /** A BER SEQUENCE of flowDataTable values, decoded from X.690 and RFC 3416's tags. */
  private static final class PackageBer {
    static final String NO_SUCH_INSTANCE = "noSuchInstance";
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int OCTET_STRING = 0x04;
    private static final int TIME_TICKS = 0x43; // [APPLICATION 3], RFC 2578
    private static final int COUNTER64 = 0x46; // [APPLICATION 6]
    private static final int NO_SUCH_INSTANCE_TAG = 0x81; // [CONTEXT 1] IMPLICIT NULL, RFC 3416

    /** Each element as Long (integers, ticks, counters as unsigned), byte[] or noSuchInstance. */
    static List<Object> sequence(byte[] b) {
      int[] at = {0};
      assertEquals(SEQUENCE, b[at[0]++] & 0xff, "SEQUENCE tag");
      int end = length(b, at) + at[0];
      assertEquals(b.length, end, "SEQUENCE length");
      List<Object> out = new ArrayList<>();
      while (at[0] < end) {
        int tag = b[at[0]++] & 0xff;
        int len = length(b, at);
        byte[] content = Arrays.copyOfRange(b, at[0], at[0] + len);
        at[0] += len;
        switch (tag) {
          case INTEGER -> out.add(signed(content));
          case TIME_TICKS, COUNTER64 -> {
            assertTrue(len >= 1 && len <= 9, "unsigned of " + len + " octets");
            assertTrue(len < 9 || content[0] == 0, "nine octets start with a zero octet");
            out.add(unsigned(content));
          }
          case OCTET_STRING -> out.add(content);
          case NO_SUCH_INSTANCE_TAG -> {
            assertEquals(0, len, "noSuchInstance has no content");
            out.add(NO_SUCH_INSTANCE);
          }
          default -> throw new AssertionError("unexpected tag 0x" + Integer.toHexString(tag));
        }
      }
      return out;
    }

    /** X.690 §8.1.3: short form below 128, else 0x80 | number of length octets. */
    private static int length(byte[] b, int[] at) {
      int first = b[at[0]++] & 0xff;
      if (first < 0x80) {
        return first;
      }
      int n = first & 0x7f;
      assertTrue(n >= 1 && n <= 3, "length of " + n + " octets");
      int len = 0;
      for (int i = 0; i < n; i++) {
        len = len << 8 | (b[at[0]++] & 0xff);
      }
      return len;
    }

    private static Long signed(byte[] c) {
      assertTrue(c.length >= 1 && c.length <= 4, "INTEGER of " + c.length + " octets");
      long v = c[0]; // sign-extended
      for (int i = 1; i < c.length; i++) {
        v = v << 8 | (c[i] & 0xff);
      }
      return v;
    }

    private static Long unsigned(byte[] c) {
      long v = 0;
      for (byte x : c) {
        v = v << 8 | (x & 0xff);
      }
      return v;
    }
  }

  // ------------------------------------------------------------------ flowColumnActivityData

  /**
   * Reads every attribute's column at TimeFilter {@code time} as NeMaC did: GETNEXT from
   * A.T.0, then from A.T.(the last row number read) until a value ends with row number 0.
   */
  private static void checkColumns(ColumnActivityTable t, Map<Integer, Flow> flows, long time) {
    for (int a = 1; a <= LAST; a++) {
      Map<Integer, Object> expected = new TreeMap<>();
      for (Flow f : flows.values()) {
        Object v = f.expected(a);
        if ((f.lastTime & TICKS) >= time && v != null) {
          expected.put(f.index(), v instanceof byte[] b ? hex(trimZeroes(b)) : v);
        }
      }
      assertEquals(expected, readColumn(t, a, time), "attribute " + a + " T=" + time);
    }
  }

  private static Map<Integer, Object> readColumn(ColumnActivityTable t, int attribute,
      long time) {
    Map<Integer, Object> values = new TreeMap<>();
    OID prefix = new OID(ColumnActivityTable.OID_ENTRY);
    prefix.append(4); // flowColumnActivityData
    prefix.append(attribute);
    prefix.append((int) time);
    int from = 0;
    for (int calls = 0; ; calls++) {
      assertTrue(calls <= MAX_FLOWS, "a column that never ends");
      OID lower = new OID(prefix);
      lower.append(from);
      ComputedTable.Instance out = new ComputedTable.Instance();
      boolean found = t.next(lower, false, null, out);
      if (!found || !out.oid.startsWith(prefix) || out.oid.size() != prefix.size() + 1) {
        assertEquals(0, from, "a column ended without row number 0 at " + out.oid);
        return values;
      }
      byte[] data = ((OctetString) out.value).getValue();
      // RFC 2720: OCTET STRING (SIZE (3..1000)).
      assertTrue(data.length >= 3 && data.length <= 1000, data.length + " octets");
      int at = 0;
      int firstRow = -1;
      boolean ended = false;
      while (at < data.length) {
        assertTrue(at + 2 <= data.length, "a row number cut short");
        int row = (data[at] & 0xff) << 8 | (data[at + 1] & 0xff);
        at += 2;
        if (row == 0) {
          assertEquals(data.length, at, "octets after row number 0");
          ended = true;
          break;
        }
        if (firstRow < 0) {
          firstRow = row;
        }
        assertTrue(row > from, "row " + row + " after " + from);
        from = row;
        Object value;
        if (STRINGS.contains(attribute)) {
          int n = data[at] & 0xff;
          assertTrue(at + 1 + n <= data.length, "a string runs past the value");
          byte[] s = Arrays.copyOfRange(data, at + 1, at + 1 + n);
          assertTrue(n == 0 || s[n - 1] != 0, "trailing zero not truncated");
          at += 1 + n;
          value = hex(s);
        } else {
          int width = COUNTERS.contains(attribute) ? 8
              : WIDE_INTEGERS.contains(attribute) || TIMES.contains(attribute) ? 4 : 1;
          assertTrue(at + width <= data.length, "a number runs past the value");
          long v = 0;
          for (int i = 0; i < width; i++) {
            v = v << 8 | (data[at + i] & 0xff);
          }
          at += width;
          value = v;
        }
        assertNull(values.put(row, value), "row " + row + " twice");
      }
      // The instance's index is its first flow.
      assertEquals(firstRow, out.oid.get(prefix.size()), "index of " + out.oid);
      if (ended) {
        return values;
      }
    }
  }

  private static byte[] trimZeroes(byte[] b) {
    int n = b.length;
    while (n > 0 && b[n - 1] == 0) {
      n--;
    }
    return Arrays.copyOf(b, n);
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ the flows

  /** One flow as built: what it saved, its counters and times. */
  private static final class Flow {
    int ruleSet;
    boolean ipv6;
    /** Saved key attributes: value octets (masked for addresses) and mask octets. */
    final Map<Integer, byte[]> values = new HashMap<>();
    final Map<Integer, byte[]> masks = new HashMap<>();
    long firstTime;
    long lastTime;
    long toOctets;
    long toPdus;
    long fromOctets;
    long fromPdus;
    int slot;
    final List<long[]> packets = new ArrayList<>();

    int index() {
      return slot + 1;
    }

    static Flow read(FuzzInput in) {
      Flow f = new Flow();
      f.ruleSet = 1 + in.u8() % FlowTable.MAX_RULE_SET;
      f.ipv6 = (in.u8() & 1) != 0;
      long saved = in.i64();
      for (int a = 4; a <= LAST; a++) {
        Attribute attr = Attribute.byNumber(a);
        if ((saved & (1L << a)) == 0 || !attr.testable()) {
          continue;
        }
        int width = a == 9 || a == 19 ? (f.ipv6 ? 16 : 4)
            : STRING_OCTETS.getOrDefault(a, attr.width());
        byte[] v = in.bytes(width);
        v = Arrays.copyOf(v, width);
        if (ADDRESSES.contains(a)) {
          byte[] m = Arrays.copyOf(in.bytes(width), width);
          for (int i = 0; i < width; i++) {
            v[i] &= m[i]; // RFC 2722 §3.1: address bits outside the mask are zero
          }
          f.masks.put(a, m);
        }
        f.values.put(a, v);
      }
      f.firstTime = in.i64() & TIME_MASK;
      long now = f.firstTime;
      int n = in.u8() % (MAX_PACKETS + 1);
      for (int i = 0; i < n; i++) {
        boolean forward = (in.u8() & 1) != 0;
        long octets = in.i64();
        now += in.u16();
        f.packets.add(new long[] {forward ? 1 : 0, octets, now});
      }
      return f;
    }

    /** Puts the flow into the table; a flow with the same key and rule set is the same flow. */
    void addTo(FlowTable table, Map<Integer, Flow> flows) {
      FlowKey key = new FlowKey();
      for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
        int a = e.getKey();
        byte[] v = e.getValue();
        byte[] m = masks.getOrDefault(a, new byte[v.length]);
        key.set(a, word(v, 0), word(v, 8), word(m, 0), word(m, 8), v.length);
      }
      long[] encoded = new long[FlowKey.MAX_WORDS];
      int len = key.encode(encoded);
      int hash = FlowKey.hash(ruleSet, encoded, len);
      int existing = table.find(ruleSet, encoded, len, hash);
      Flow into = this;
      if (existing >= 0) {
        into = flows.get(existing);
      } else {
        slot = table.create(ruleSet, encoded, len, hash, firstTime);
        assertTrue(slot >= 0, "table full");
        lastTime = firstTime;
        flows.put(slot, this);
      }
      for (long[] p : packets) {
        table.count(into.slot, p[0] == 1, p[1], p[2]);
        if (p[0] == 1) {
          into.toOctets += p[1];
          into.toPdus++;
        } else {
          into.fromOctets += p[1];
          into.fromPdus++;
        }
        into.lastTime = Math.max(into.lastTime, p[2]);
      }
    }

    /**
     * What RFC 2720 says the flow shows for an attribute: a Long for numbers (unsigned; ticks
     * are the low 32 bits of meter time), octets for strings, null when the flow lacks it.
     */
    Object expected(int a) {
      switch (a) {
        case 1:
          return (long) index();
        case 2:
          return 2L; // flowDataStatus current(2)
        case 3, 32:
          return lastTime & TICKS;
        case 24, 25:
          return 0L; // 64-bit counters need no scale
        case 26:
          return (long) ruleSet;
        case 27:
          return toOctets;
        case 28:
          return toPdus;
        case 29:
          return fromOctets;
        case 30:
          return fromPdus;
        case 31:
          return firstTime & TICKS;
        default:
          break;
      }
      Integer address = MASKS.get(a);
      if (address != null) {
        byte[] m = masks.get(address);
        return m == null ? null : Arrays.copyOf(m, stringLength(address));
      }
      byte[] v = values.get(a);
      if (v == null) {
        return null;
      }
      if (STRINGS.contains(a)) {
        return Arrays.copyOf(v, stringLength(a));
      }
      return (long) (v[0] & 0xff); // the one-octet enumerations, ranges and interface numbers
    }

    /**
     * Octets of a string attribute: for a peer address 16 when the flow's PeerType (its own
     * end's, else the other's) says ipv6(2), 4 when it says ipv4(1), else as saved.
     */
    private int stringLength(int a) {
      if (a != 9 && a != 19) {
        return STRING_OCTETS.get(a);
      }
      int own = a == 9 ? 8 : 18;
      int other = a == 9 ? 18 : 8;
      byte[] type = values.containsKey(own) ? values.get(own) : values.get(other);
      if (type != null && (type[0] == 1 || type[0] == 2)) {
        return type[0] == 2 ? 16 : 4;
      }
      return values.get(a).length;
    }
  }

  /** Octets {@code from .. from + 8} of {@code b} (zero beyond its end) as a big-endian long. */
  private static long word(byte[] b, int from) {
    long w = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      int k = from + i;
      w = w << 8 | (k < b.length ? b[k] & 0xff : 0);
    }
    return w;
  }
}
