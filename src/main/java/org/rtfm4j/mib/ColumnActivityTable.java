package org.rtfm4j.mib;

import java.util.Arrays;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;

/**
 * flowColumnActivityTable (RFC 2720 flowData 2, deprecated): INDEX { flowColumnActivityAttribute,
 * flowColumnActivityTime, flowColumnActivityIndex }; all four columns are read-only.
 *
 * <p>Instance {@code column.A.T.I} exists when flow I of any rule set was last active at or after
 * T and has attribute A (1..41). flowColumnActivityData there packs the attribute's values of
 * flow I and the flows after it that pass the same filter, in FlowIndex order, as RFC 2720
 * specifies: per flow a two-octet row number (FlowIndex) and the value, numbers big-endian in the
 * fixed size their SYNTAX gives (one octet for the enumerations and 1..255 ranges, four for
 * Integer32, TimeStamp and TimeTicks, eight for Counter64), strings as a length octet and the
 * octets with trailing zeroes truncated; row number 0 ends the column. A value holds as many
 * pairs as fit in 1000 octets (SIZE (3..1000)); without the final 0 more follow: GETNEXT from
 * the last row number read continues the column.
 *
 * <p>Two places where RFC 2720 contradicts itself, and what is done here:
 * <ul>
 *   <li>flowRowNumber is "Integer32 (1..65535)" and the SIZE minimum of 3 means two octets, but
 *       FlowIndex goes to 2^31-1. Row numbers stay two octets, exactly as specified, so this
 *       table covers flows with FlowIndex 1..65535 only; flows above are read through
 *       flowDataTable or flowDataPackageTable.</li>
 *   <li>"four octets for Counter" dates from RFC 2064's Counter32; RFC 2720's counters are
 *       Counter64, and the same sentence says numbers are "fixed size, as specified by their
 *       SYNTAX": counters take eight octets, so no value is truncated.</li>
 * </ul>
 * A flow that lacks the attribute (its rule set did not save it) has no pair, as it has no
 * flowDataTable instance in that column.
 */
final class ColumnActivityTable extends ComputedTable {
  /** flowColumnActivityTable. */
  static final OID OID_TABLE = new OID("1.3.6.1.2.1.40.2.2");
  /** flowColumnActivityEntry. */
  static final OID OID_ENTRY = new OID("1.3.6.1.2.1.40.2.2.1");

  /** flowColumnActivityAttribute. */
  static final int COLUMN_ATTRIBUTE = 1;
  /** flowColumnActivityTime: a copy of flowDataLastActiveTime of flow I. */
  static final int COLUMN_TIME = 2;
  /** flowColumnActivityIndex. */
  static final int COLUMN_INDEX = 3;
  /** flowColumnActivityData. */
  static final int COLUMN_DATA = 4;

  /** flowColumnActivityData: OCTET STRING (SIZE (3..1000)). */
  static final int MAX_DATA = 1000;
  /** flowRowNumber: two octets, 1..65535. */
  static final int ROW_NUMBER_OCTETS = 2;
  static final int MAX_ROW_NUMBER = 65535;
  /** Longest string value: a peer address (16 octets). */
  private static final int MAX_STRING = 20;

  private final TimeFilteredFlows flows;

  ColumnActivityTable(TimeFilteredFlows flows) {
    super(OID_TABLE);
    this.flows = flows;
  }

  @Override
  boolean next(OID lower, boolean inclusive, Object request, Instance out) {
    int n = OID_ENTRY.size();
    int column = COLUMN_ATTRIBUTE;
    TimeFilterIndex start = TimeFilterIndex.START;
    if (lower.startsWith(OID_ENTRY) && lower.size() > n) {
      long c = unsigned(lower, n);
      if (c > COLUMN_DATA) {
        return false;
      }
      if (c >= COLUMN_ATTRIBUTE) {
        column = (int) c;
        start = TimeFilterIndex.parse(lower, n + 1, inclusive, FlowAttributeValues.LAST);
      }
    } else if (lower.compareTo(OID_ENTRY) > 0 && !lower.startsWith(OID_ENTRY)) {
      return false;
    }
    for (; column <= COLUMN_DATA; column++, start = TimeFilterIndex.START) {
      if (start != null && nextInColumn(column, start, request, out)) {
        return true;
      }
    }
    return false;
  }

  private boolean nextInColumn(int column, TimeFilterIndex start, Object request, Instance out) {
    boolean first = start.major() == TimeFilterIndex.FROM_FIRST;
    int attribute = first ? FlowAttributeValues.FIRST : start.major();
    long time = first ? 0 : start.time();
    int from = first ? 0 : start.fromSlot();
    for (; attribute <= FlowAttributeValues.LAST; attribute++, time = 0, from = 0) {
      if (from == TimeFilterIndex.EXHAUSTED) {
        continue;
      }
      FlowSnapshot f = firstWith(request, attribute, time, from, true);
      if (f != null) {
        int flowIndex = f.row().flowIndex();
        out.set(instanceOid(OID_ENTRY, column, attribute, (int) time, flowIndex),
            out.valueWanted ? value(column, attribute, time, f, request) : null);
        return true;
      }
      // RFC 4502 TimeFilter: on to the next attribute, not to T + 1.
    }
    return false;
  }

  /** The first flow from {@code fromSlot} on with FlowIndex up to 65535 that has the attribute. */
  private FlowSnapshot firstWith(Object request, int attribute, long time, int fromSlot,
      boolean remember) {
    FlowSnapshot f = flows.first(request, TimeFilteredFlows.ANY_RULE_SET, time, fromSlot,
        MAX_ROW_NUMBER, remember);
    while (f != null && !FlowAttributeValues.present(f, attribute)) {
      f = flows.first(request, TimeFilteredFlows.ANY_RULE_SET, time, f.slot() + 1,
          MAX_ROW_NUMBER, false);
    }
    return f;
  }

  private Variable value(int column, int attribute, long time, FlowSnapshot f, Object request) {
    switch (column) {
      case COLUMN_ATTRIBUTE:
        return new Integer32(attribute);
      case COLUMN_TIME:
        return new TimeTicks(f.lastActiveTicks());
      case COLUMN_INDEX:
        return new Integer32(f.row().flowIndex());
      default:
        return new OctetString(data(attribute, time, f, request));
    }
  }

  /** The packed pairs of {@code f} and the flows after it (see the class comment). */
  private byte[] data(int attribute, long time, FlowSnapshot f, Object request) {
    byte[] buf = new byte[MAX_DATA];
    byte[] string = new byte[MAX_STRING];
    int len = append(buf, 0, attribute, f, string);
    // Room for the closing row number 0 is kept free at every step.
    int room = MAX_DATA - ROW_NUMBER_OCTETS;
    while (true) {
      FlowSnapshot g = firstWith(request, attribute, time, f.slot() + 1, false);
      if (g == null) {
        len += ROW_NUMBER_OCTETS; // row number 0: "no more rows in this column"
        break;
      }
      if (len + pairLength(attribute, g, string) > room) {
        break;
      }
      len = append(buf, len, attribute, g, string);
      f = g;
    }
    return Arrays.copyOf(buf, len);
  }

  private static int pairLength(int attribute, FlowSnapshot f, byte[] string) {
    int width = FlowAttributeValues.packedWidth(attribute);
    if (width != FlowAttributeValues.STRING) {
      return ROW_NUMBER_OCTETS + width;
    }
    return ROW_NUMBER_OCTETS + 1 + trimmedString(attribute, f, string);
  }

  /** Appends one { flowRowNumber, flowDataValue } pair at {@code at}; returns the new length. */
  private static int append(byte[] buf, int at, int attribute, FlowSnapshot f, byte[] string) {
    int i = putNumber(buf, at, f.row().flowIndex(), ROW_NUMBER_OCTETS);
    int width = FlowAttributeValues.packedWidth(attribute);
    if (width != FlowAttributeValues.STRING) {
      return putNumber(buf, i, FlowAttributeValues.number(f, attribute), width);
    }
    int n = trimmedString(attribute, f, string);
    buf[i++] = (byte) n;
    System.arraycopy(string, 0, buf, i, n);
    return i + n;
  }

  /** The string value in {@code string}; returns its length without trailing zeroes. */
  private static int trimmedString(int attribute, FlowSnapshot f, byte[] string) {
    int n = FlowAttributeValues.octetLength(f.key(), attribute);
    FlowAttributeValues.octets(f.key(), attribute, string, 0);
    while (n > 0 && string[n - 1] == 0) {
      n--;
    }
    return n;
  }

  /** Writes the low {@code width} octets of {@code value}, high-order first. */
  private static int putNumber(byte[] buf, int at, long value, int width) {
    for (int i = 0; i < width; i++) {
      buf[at + i] = (byte) (value >>> (Byte.SIZE * (width - 1 - i)));
    }
    return at + width;
  }

  @Override
  Variable get(OID oid, Object request) {
    int n = OID_ENTRY.size();
    if (!oid.startsWith(OID_ENTRY) || oid.size() <= n) {
      return Null.noSuchObject;
    }
    long column = unsigned(oid, n);
    if (column < COLUMN_ATTRIBUTE || column > COLUMN_DATA) {
      return Null.noSuchObject;
    }
    if (oid.size() != n + 4) {
      return Null.noSuchInstance;
    }
    long attribute = unsigned(oid, n + 1);
    long time = unsigned(oid, n + 2);
    long flowIndex = unsigned(oid, n + 3);
    if (!FlowAttributeValues.valid((int) Math.min(attribute, Integer.MAX_VALUE))
        || flowIndex < 1 || flowIndex > MAX_ROW_NUMBER) {
      return Null.noSuchInstance;
    }
    FlowSnapshot f = flows.exact(request, (int) flowIndex - 1);
    if (f == null || f.lastActiveTicks() < time
        || !FlowAttributeValues.present(f, (int) attribute)) {
      return Null.noSuchInstance;
    }
    return value((int) column, (int) attribute, time, f, request);
  }
}
