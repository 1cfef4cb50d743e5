package org.rtfm4j.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import org.rtfm4j.format.AsciiBuffer;
import org.rtfm4j.format.FlowCsvFormat;
import org.rtfm4j.rules.Attribute;

/**
 * Writes flow records as CSV under a header of RFC 2722 attribute names ({@link FlowCsvFormat}, the
 * format the meter reader writes too). An attribute that is not part of a flow's key is an empty
 * field; addresses are text (IPv4 dotted, IPv6 RFC 5952, MAC with colons), everything else
 * decimal.
 */
public final class FlowCsvWriter {
  /** The header line, without its newline. */
  public static final String HEADER = FlowCsvFormat.HEADER;

  /** Bytes gathered before they are handed to the stream. */
  private static final int FLUSH_AT = 1 << 16;

  // How a column is written, decided once per column (not per record) so that writing a record
  // is one small loop over plain ints: the output thread's JIT compile then costs little and
  // does not hold the packet path's compiles back (one C2 thread on two cores).
  /** A field of the record itself (counters, times, RuleSet, FlowIndex): its attribute number. */
  private static final int RECORD = 0;
  /** A key attribute written as a decimal number. */
  private static final int NUMBER = 1;
  /** A key attribute written as a MAC address. */
  private static final int MAC = 2;
  /** A peer address: IPv4 or IPv6 text by {@link FlowKey#peerAddressLength}. */
  private static final int PEER = 3;

  private static final int RULE_SET = Attribute.RULE_SET.number();
  private static final int FLOW_INDEX = Attribute.FLOW_INDEX.number();
  private static final int FIRST_TIME = Attribute.FIRST_TIME.number();
  private static final int LAST_ACTIVE_TIME = Attribute.LAST_ACTIVE_TIME.number();
  private static final int TO_OCTETS = Attribute.TO_OCTETS.number();
  private static final int TO_PDUS = Attribute.TO_PDUS.number();
  private static final int FROM_OCTETS = Attribute.FROM_OCTETS.number();
  private static final int FROM_PDUS = Attribute.FROM_PDUS.number();
  /** The attributes {@link #readRecord} fills in, not the key. */
  private static final long RECORD_ATTRIBUTES = 1L << RULE_SET | 1L << FLOW_INDEX
      | 1L << FIRST_TIME | 1L << LAST_ACTIVE_TIME | 1L << TO_OCTETS | 1L << TO_PDUS
      | 1L << FROM_OCTETS | 1L << FROM_PDUS;

  /** The columns' attribute numbers, in order. */
  private static final int[] COLUMNS = numbers();
  /** How each column is written: RECORD, NUMBER, MAC or PEER. */
  private static final int[] FORMS = forms(COLUMNS);
  /** MAC addresses are held left-aligned in the top six bytes of a value. */
  private static final int MAC_SHIFT = Long.SIZE - 6 * Byte.SIZE;
  private static final int IPV6_LENGTH = 16;

  private final OutputStream out;
  private final FlowKey key = new FlowKey();
  private final AsciiBuffer line = new AsciiBuffer();
  private final long[] recordValues = new long[Attribute.LIMIT];
  private long records;

  /** Writes the header at once; the caller flushes and closes {@code out}. */
  public FlowCsvWriter(OutputStream out) {
    this.out = out;
    line.append(HEADER).append('\n');
  }

  /** Writes the flow in {@code slot} of {@code table}. */
  public void write(FlowTable table, int slot) {
    write(table.record(slot));
  }

  /** Writes one flow record. */
  public void write(FlowRecord r) {
    key.decode(r.key());
    readRecord(r);
    int last = COLUMNS.length - 1;
    for (int i = 0; i <= last; i++) {
      int a = COLUMNS[i];
      int form = FORMS[i];
      if (form == RECORD) {
        line.append(recordValues[a]);
      } else if (key.has(a)) {
        if (form == NUMBER) {
          line.append(key.number(a));
        } else if (form == MAC) {
          line.appendMac(key.valueHi(a) >>> MAC_SHIFT);
        } else if (key.peerAddressLength(a) == IPV6_LENGTH) {
          line.appendIpv6(key.valueHi(a), key.valueLo(a));
        } else {
          line.appendIpv4(key.valueHi(a));
        }
      }
      line.append(i == last ? '\n' : ',');
    }
    records++;
    if (line.length() >= FLUSH_AT) {
      flush();
    }
  }

  /** Writes every flow in the table. */
  public void writeAll(FlowTable table) {
    for (int slot = 0; slot < table.slotLimit(); slot++) {
      if (table.inUse(slot)) {
        write(table, slot);
      }
    }
  }

  /** Hands everything written so far to the stream and flushes it. */
  public void flush() {
    try {
      line.writeTo(out);
      line.clear();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flow records written. */
  public long records() {
    return records;
  }

  /** The record's own fields, by attribute number, for the RECORD columns. */
  private void readRecord(FlowRecord r) {
    recordValues[RULE_SET] = r.ruleSet();
    recordValues[FLOW_INDEX] = r.flowIndex();
    recordValues[FIRST_TIME] = r.firstTime();
    recordValues[LAST_ACTIVE_TIME] = r.lastActiveTime();
    recordValues[TO_OCTETS] = r.toOctets();
    recordValues[TO_PDUS] = r.toPdus();
    recordValues[FROM_OCTETS] = r.fromOctets();
    recordValues[FROM_PDUS] = r.fromPdus();
  }

  private static int[] numbers() {
    int[] n = new int[FlowCsvFormat.COLUMNS.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = FlowCsvFormat.COLUMNS.get(i).number();
    }
    return n;
  }

  private static int[] forms(int[] columns) {
    int[] forms = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      int a = columns[i];
      if ((RECORD_ATTRIBUTES & (1L << a)) != 0) {
        forms[i] = RECORD;
        continue;
      }
      // Text forms other than MAC and IP (HEX) have no column; like DECIMAL they are numbers.
      switch (FlowCsvFormat.text(a)) {
        case MAC -> forms[i] = MAC;
        case IP -> forms[i] = PEER;
        default -> forms[i] = NUMBER;
      }
    }
    return forms;
  }
}
