package org.rtfm4j.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

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

  private final Writer out;
  private final FlowKey key = new FlowKey();
  private final StringBuilder line = new StringBuilder(256);
  private long records;

  /** Writes the header at once. */
  public FlowCsvWriter(Writer out) {
    this.out = out;
    write(HEADER);
  }

  /** Writes the flow in {@code slot} of {@code table}. */
  public void write(FlowTable table, int slot) {
    key.decode(table.key(slot));
    line.setLength(0);
    line.append(table.ruleSet(slot)).append(',').append(FlowTable.flowIndex(slot)).append(',')
        .append(table.firstTime(slot)).append(',').append(table.lastActiveTime(slot));
    for (int a : ADDRESS_ATTRIBUTES) {
      line.append(',');
      appendValue(a);
    }
    line.append(',').append(table.toOctets(slot)).append(',').append(table.toPdus(slot))
        .append(',').append(table.fromOctets(slot)).append(',').append(table.fromPdus(slot));
    for (int a : COMPUTED_ATTRIBUTES) {
      line.append(',');
      appendValue(a);
    }
    write(line);
    records++;
  }

  /** Writes every flow in the table. */
  public void writeAll(FlowTable table) {
    for (int slot = 0; slot < table.slotLimit(); slot++) {
      if (table.inUse(slot)) {
        write(table, slot);
      }
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
      case 6, 16 -> line.append(AddressFormat.mac(key.valueHi(a) >>> 16));
      case 9, 19 -> line.append(isIpv6(a)
          ? AddressFormat.ipv6(key.valueHi(a), key.valueLo(a))
          : AddressFormat.ipv4(key.valueHi(a)));
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

  private void write(CharSequence s) {
    try {
      out.append(s).append('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
