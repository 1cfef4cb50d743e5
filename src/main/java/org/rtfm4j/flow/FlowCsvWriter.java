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

  /** The columns' attribute numbers, in order. */
  private static final int[] COLUMNS = numbers();

  /** Bytes gathered before they are handed to the stream. */
  private static final int FLUSH_AT = 1 << 16;

  private final OutputStream out;
  private final FlowKey key = new FlowKey();
  private final AsciiBuffer line = new AsciiBuffer();
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
    for (int i = 0; i < COLUMNS.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      appendColumn(r, COLUMNS[i]);
    }
    line.append('\n');
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

  private void appendColumn(FlowRecord r, int a) {
    switch (Attribute.byNumber(a)) {
      case RULE_SET -> line.append(r.ruleSet());
      case FLOW_INDEX -> line.append(r.flowIndex());
      case FIRST_TIME -> line.append(r.firstTime());
      case LAST_ACTIVE_TIME -> line.append(r.lastActiveTime());
      case TO_OCTETS -> line.append(r.toOctets());
      case TO_PDUS -> line.append(r.toPdus());
      case FROM_OCTETS -> line.append(r.fromOctets());
      case FROM_PDUS -> line.append(r.fromPdus());
      default -> appendValue(a);
    }
  }

  private void appendValue(int a) {
    if (!key.has(a)) {
      return;
    }
    switch (FlowCsvFormat.text(a)) {
      case MAC -> line.appendMac(key.valueHi(a) >>> 16);
      case IP -> {
        if (isIpv6(a)) {
          line.appendIpv6(key.valueHi(a), key.valueLo(a));
        } else {
          line.appendIpv4(key.valueHi(a));
        }
      }
      default -> line.append(key.number(a));
    }
  }

  private static int[] numbers() {
    int[] n = new int[FlowCsvFormat.COLUMNS.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = FlowCsvFormat.COLUMNS.get(i).number();
    }
    return n;
  }

  /**
   * A peer address is IPv6 text when the flow's PeerType says ipv6(2), IPv4 when it says ipv4(1),
   * and otherwise by the length of the value that was saved.
   */
  private boolean isIpv6(int attribute) {
    int typeAttribute = attribute == 9 ? 8 : 18;
    int other = attribute == 9 ? 18 : 8;
    int type = key.has(typeAttribute) ? key.number(typeAttribute)
        : key.has(other) ? key.number(other) : 0;
    if (type == 1 || type == 2) {
      return type == 2;
    }
    return key.length(attribute) == 16;
  }
}
