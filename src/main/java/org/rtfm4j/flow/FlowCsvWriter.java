package org.rtfm4j.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;

/**
 * Writes flow records as CSV under a header of RFC 2722 attribute names. An attribute that is not
 * part of a flow's key is an empty field; addresses are text (IPv4 dotted, IPv6 RFC 5952, MAC
 * with colons), everything else decimal.
 */
public final class FlowCsvWriter {
  /** The header line, without its newline. */
  public static final String HEADER = "RuleSet,FlowIndex,FirstTime,LastActiveTime,"
      + "SourceInterface,SourceAdjacentType,SourceAdjacentAddress,SourcePeerType,"
      + "SourcePeerAddress,SourceTransType,SourceTransAddress,"
      + "DestInterface,DestAdjacentType,DestAdjacentAddress,DestPeerType,DestPeerAddress,"
      + "DestTransType,DestTransAddress,ToOctets,ToPDUs,FromOctets,FromPDUs,"
      + "SourceClass,DestClass,FlowClass,SourceKind,DestKind,FlowKind";

  private static final int[] ADDRESS_ATTRIBUTES = {4, 5, 6, 8, 9, 11, 12, 14, 15, 16, 18, 19, 21, 22};
  private static final int[] COMPUTED_ATTRIBUTES = {36, 37, 38, 39, 40, 41};

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
    line.append(r.ruleSet()).append(',').append(r.flowIndex()).append(',')
        .append(r.firstTime()).append(',').append(r.lastActiveTime());
    for (int a : ADDRESS_ATTRIBUTES) {
      line.append(',');
      appendValue(a);
    }
    line.append(',').append(r.toOctets()).append(',').append(r.toPdus())
        .append(',').append(r.fromOctets()).append(',').append(r.fromPdus());
    for (int a : COMPUTED_ATTRIBUTES) {
      line.append(',');
      appendValue(a);
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

  private void appendValue(int a) {
    if (!key.has(a)) {
      return;
    }
    switch (a) {
      case 6, 16 -> line.appendMac(key.valueHi(a) >>> 16);
      case 9, 19 -> {
        if (isIpv6(a)) {
          line.appendIpv6(key.valueHi(a), key.valueLo(a));
        } else {
          line.appendIpv4(key.valueHi(a));
        }
      }
      default -> line.append(key.number(a));
    }
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
