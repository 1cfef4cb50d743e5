package org.rtfm4j.reader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rtfm4j.client.FlowMib;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.AttributeSyntax;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * Reads flows through flowColumnActivityTable (RFC 2720 flowData 2, deprecated): per attribute
 * A, {@code flowColumnActivityData.A.T.I} packs { two-octet row number, value } pairs of the flows
 * from FlowIndex I on that were last active at or after T, as many as fit in 1000 octets; row
 * number 0 ends the column, otherwise a GETNEXT from the last row number read goes on. Several
 * columns travel in one GETNEXT request.
 *
 * <p>Three things the table does not do, and what is done here:
 * <ul>
 *   <li>It has no rule set index: flows of every rule set come back, and the RuleSet column
 *       (attribute 26) picks out the wanted one.</li>
 *   <li>Columns are read one after another, so a flow recovered meanwhile and its row reused by a
 *       new flow would mix two flows. FirstTime is read before every other column and again after
 *       them; a flow whose two FirstTimes differ (or that is missing from either) is left out.
 *       That loses nothing: the old flow could only be recovered once an earlier pass had read it
 *       at its final counters, and the new one was active after this pass began, so the next pass
 *       reads it.</li>
 *   <li>Row numbers are two octets: flows with a FlowIndex above 65535 are read through
 *       flowDataTable ({@link TableCollector}) afterwards.</li>
 * </ul>
 * Strings come with trailing zero octets cut off; addresses and ports get them back (MAC 6
 * octets, peer addresses 4 or 16 by the flow's PeerType, ports 2). Subscriber and session IDs
 * stay as sent.
 */
final class ColumnCollector implements Collector {
  /** flowRowNumber: Integer32 (1..65535). */
  static final int MAX_ROW = 65_535;
  private static final int ROW_OCTETS = 2;
  /** Columns asked per GETNEXT: each answer carries up to 1000 octets of data. */
  private static final int COLUMNS_PER_REQUEST = 24;
  private static final int PEER_IPV4 = 1;
  private static final int PEER_IPV6 = 2;
  private static final int IPV4_OCTETS = 4;
  private static final int IPV6_OCTETS = 16;
  private static final int MAC_OCTETS = 6;
  private static final int PORT_OCTETS = 2;

  private static final int FIRST_TIME = Attribute.FIRST_TIME.number();
  private static final int RULE_SET = Attribute.RULE_SET.number();

  /** Columns read between the two FirstTime readings. */
  private final int[] columns;
  private final TableCollector beyond;

  ColumnCollector(int[] attributes, int varbindsPerRequest) {
    List<Integer> cols = new ArrayList<>();
    boolean peer = false;
    for (int a : attributes) {
      if (a != Attribute.FLOW_INDEX.number() && a != FIRST_TIME && a != RULE_SET) {
        cols.add(a);
      }
      int address = AttributeSyntax.maskedAddress(a) != 0 ? AttributeSyntax.maskedAddress(a) : a;
      peer |= address == Attribute.SOURCE_PEER_ADDRESS.number()
          || address == Attribute.DEST_PEER_ADDRESS.number();
    }
    cols.add(RULE_SET);
    if (peer) {
      for (Attribute t : new Attribute[] {Attribute.SOURCE_PEER_TYPE, Attribute.DEST_PEER_TYPE}) {
        if (!cols.contains(t.number())) {
          cols.add(t.number());
        }
      }
    }
    this.columns = cols.stream().mapToInt(Integer::intValue).toArray();
    this.beyond = new TableCollector(attributes, varbindsPerRequest, MAX_ROW);
  }

  @Override
  public void collect(MeterClient client, int ruleSet, long timeFilter, FlowSink sink)
      throws MeterException, IOException {
    Variable[] before = read(client, new int[] {FIRST_TIME}, timeFilter)[0];
    Variable[][] values = read(client, columns, timeFilter);
    Variable[] after = read(client, new int[] {FIRST_TIME}, timeFilter)[0];
    Variable[] ruleSets = values[indexOf(RULE_SET)];
    for (int row = 1; row <= MAX_ROW; row++) {
      Variable first = after[row];
      if (first == null || !first.equals(before[row]) || ruleSets[row] == null
          || ruleSets[row].toInt() != ruleSet) {
        continue;
      }
      CollectedFlow f = new CollectedFlow(row, ruleSet);
      f.set(FIRST_TIME, first);
      for (int c = 0; c < columns.length; c++) {
        if (columns[c] != RULE_SET) {
          f.set(columns[c], values[c][row]);
        }
      }
      restoreLengths(f);
      sink.accept(f);
    }
    beyond.collect(client, ruleSet, timeFilter, sink);
  }

  private int indexOf(int attribute) {
    for (int c = 0; c < columns.length; c++) {
      if (columns[c] == attribute) {
        return c;
      }
    }
    throw new IllegalStateException("attribute " + attribute + " not read");
  }

  /** The values of each attribute's column, by row number (1..65535). */
  private Variable[][] read(MeterClient client, int[] attributes, long timeFilter)
      throws MeterException, IOException {
    int n = attributes.length;
    Variable[][] out = new Variable[n][MAX_ROW + 1];
    OID[] prefix = new OID[n];
    OID[] next = new OID[n];
    boolean[] done = new boolean[n];
    for (int c = 0; c < n; c++) {
      prefix[c] = FlowMib.instance(FlowMib.COLUMN_ACTIVITY_DATA, attributes[c],
          (int) timeFilter);
      next[c] = prefix[c];
    }
    List<Integer> asked = new ArrayList<>();
    List<OID> request = new ArrayList<>();
    while (true) {
      asked.clear();
      request.clear();
      for (int c = 0; c < n && asked.size() < COLUMNS_PER_REQUEST; c++) {
        if (!done[c]) {
          asked.add(c);
          request.add(next[c]);
        }
      }
      if (asked.isEmpty()) {
        return out;
      }
      List<VariableBinding> r = client.getNext(request);
      for (int i = 0; i < asked.size(); i++) {
        int c = asked.get(i);
        VariableBinding vb = i < r.size() ? r.get(i) : null;
        if (vb == null || vb.getVariable().isException()
            || vb.getOid().size() != prefix[c].size() + 1 || !vb.getOid().startsWith(prefix[c])
            || !(vb.getVariable() instanceof OctetString data)) {
          done[c] = true;
          continue;
        }
        int last = unpack(attributes[c], data.getValue(), out[c]);
        boolean moved = next[c].size() == prefix[c].size() || last > next[c].last();
        if (last <= 0 || !moved) {
          // Row number 0 ended the column (or it did not move on: asking again would loop).
          done[c] = true;
        } else {
          next[c] = FlowMib.instance(prefix[c], last);
        }
      }
    }
  }

  /**
   * Unpacks the pairs of one flowColumnActivityData value into {@code out}; returns the last row
   * number read, or 0 when the value ended the column.
   */
  static int unpack(int attribute, byte[] data, Variable[] out) throws IOException {
    int width = AttributeSyntax.packedWidth(attribute);
    int p = 0;
    int last = -1;
    while (p + ROW_OCTETS <= data.length) {
      int row = ((data[p] & 0xFF) << Byte.SIZE) | (data[p + 1] & 0xFF);
      p += ROW_OCTETS;
      if (row == 0) {
        return 0;
      }
      if (width == AttributeSyntax.STRING) {
        if (p >= data.length || p + 1 + (data[p] & 0xFF) > data.length) {
          throw malformed(attribute, row);
        }
        int len = data[p] & 0xFF;
        out[row] = new OctetString(Arrays.copyOfRange(data, p + 1, p + 1 + len));
        p += 1 + len;
      } else {
        if (p + width > data.length) {
          throw malformed(attribute, row);
        }
        long v = 0;
        for (int i = 0; i < width; i++) {
          v = (v << Byte.SIZE) | (data[p + i] & 0xFF);
        }
        p += width;
        out[row] = number(attribute, v);
      }
      last = row;
    }
    if (p != data.length) {
      throw malformed(attribute, last);
    }
    return last;
  }

  private static Variable number(int attribute, long v) {
    switch (AttributeSyntax.of(attribute)) {
      case COUNTER64:
        return new Counter64(v);
      case TIME_TICKS:
        return new TimeTicks(v);
      default:
        return new Integer32((int) v);
    }
  }

  private static IOException malformed(int attribute, int row) {
    return new IOException("flowColumnActivityData of attribute " + attribute
        + " is cut short after row " + row);
  }

  /** Puts back the trailing zero octets the packing cut off addresses and ports. */
  private static void restoreLengths(CollectedFlow f) {
    for (int a = AttributeSyntax.FIRST; a <= AttributeSyntax.LAST; a++) {
      if (f.get(a) instanceof OctetString s) {
        int want = fullLength(f, a, s.length());
        if (want > s.length()) {
          f.set(a, new OctetString(Arrays.copyOf(s.getValue(), want)));
        }
      }
    }
  }

  private static int fullLength(CollectedFlow f, int attribute, int sent) {
    int address = AttributeSyntax.maskedAddress(attribute) != 0
        ? AttributeSyntax.maskedAddress(attribute) : attribute;
    switch (Attribute.byNumber(address)) {
      case SOURCE_ADJACENT_ADDRESS, DEST_ADJACENT_ADDRESS:
        return MAC_OCTETS;
      case SOURCE_TRANS_ADDRESS, DEST_TRANS_ADDRESS:
        return PORT_OCTETS;
      case SOURCE_PEER_ADDRESS, DEST_PEER_ADDRESS: {
        // The flow's own PeerType, else the other end's (a rule set may save one of them).
        boolean source = address == Attribute.SOURCE_PEER_ADDRESS.number();
        long own = f.number(source ? 8 : 18);
        long type = own > 0 ? own : f.number(source ? 18 : 8);
        if (type == PEER_IPV4) {
          return IPV4_OCTETS;
        }
        if (type == PEER_IPV6) {
          return IPV6_OCTETS;
        }
        return sent <= IPV4_OCTETS ? IPV4_OCTETS : IPV6_OCTETS;
      }
      default:
        return sent;
    }
  }
}
