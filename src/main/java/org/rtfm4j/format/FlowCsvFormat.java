package org.rtfm4j.format;

import java.util.List;
import org.rtfm4j.rules.Attribute;

/**
 * The flow CSV both the meter ({@code --flows-out}) and the meter reader write: which attributes
 * are its columns, its header of RFC 2722 names, and how each attribute's value is written as
 * text. One definition, so the reader's files compare line by line with the meter's.
 */
public final class FlowCsvFormat {
  /** The columns, in order. */
  public static final List<Attribute> COLUMNS = List.of(
      Attribute.RULE_SET, Attribute.FLOW_INDEX, Attribute.FIRST_TIME, Attribute.LAST_ACTIVE_TIME,
      Attribute.SOURCE_INTERFACE, Attribute.SOURCE_ADJACENT_TYPE,
      Attribute.SOURCE_ADJACENT_ADDRESS, Attribute.SOURCE_PEER_TYPE,
      Attribute.SOURCE_PEER_ADDRESS, Attribute.SOURCE_TRANS_TYPE, Attribute.SOURCE_TRANS_ADDRESS,
      Attribute.DEST_INTERFACE, Attribute.DEST_ADJACENT_TYPE, Attribute.DEST_ADJACENT_ADDRESS,
      Attribute.DEST_PEER_TYPE, Attribute.DEST_PEER_ADDRESS, Attribute.DEST_TRANS_TYPE,
      Attribute.DEST_TRANS_ADDRESS, Attribute.TO_OCTETS, Attribute.TO_PDUS,
      Attribute.FROM_OCTETS, Attribute.FROM_PDUS, Attribute.SOURCE_CLASS, Attribute.DEST_CLASS,
      Attribute.FLOW_CLASS, Attribute.SOURCE_KIND, Attribute.DEST_KIND, Attribute.FLOW_KIND);

  /** The header line, without its newline: the columns' RFC 2722 names. */
  public static final String HEADER = header(COLUMNS);

  /** How an attribute's value is written. */
  public enum Text {
    /** Decimal: numbers, counters, times, ports (a TransportAddress is a 16-bit number). */
    DECIMAL,
    /** {@code aa:bb:cc:dd:ee:ff}: adjacent (MAC) addresses and their masks. */
    MAC,
    /** IPv4 dotted quad or IPv6 RFC 5952 text, by the value's length: peer addresses, masks. */
    IP,
    /** Lower-case hex octets: subscriber and session IDs, which have no other text form. */
    HEX
  }

  private FlowCsvFormat() {}

  /** The header line for {@code columns}: their RFC 2722 names separated by commas. */
  public static String header(List<Attribute> columns) {
    StringBuilder sb = new StringBuilder();
    for (Attribute a : columns) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(a.rfcName());
    }
    return sb.toString();
  }

  /** How the value of attribute {@code number} is written. */
  public static Text text(int number) {
    Attribute a = Attribute.byNumber(number);
    if (a == null) {
      return Text.DECIMAL;
    }
    switch (a) {
      case SOURCE_ADJACENT_ADDRESS, SOURCE_ADJACENT_MASK, DEST_ADJACENT_ADDRESS,
          DEST_ADJACENT_MASK:
        return Text.MAC;
      case SOURCE_PEER_ADDRESS, SOURCE_PEER_MASK, DEST_PEER_ADDRESS, DEST_PEER_MASK:
        return Text.IP;
      case SOURCE_SUBSCRIBER_ID, DEST_SUBSCRIBER_ID, SESSION_ID:
        return Text.HEX;
      default:
        return Text.DECIMAL;
    }
  }
}
