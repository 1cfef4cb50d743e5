package org.rtfm4j.rules;

/**
 * The SYNTAX of each flow attribute (FlowAttributeNumber 1..41) in the Meter MIB's flowDataTable
 * (RFC 2720 FlowDataEntry), and the fixed width its number takes in flowColumnActivityData. The
 * meter's MIB encodes values by it and the meter reader decodes them by it.
 */
public enum AttributeSyntax {
  /** Integer32 and the enumerations. */
  INTEGER,
  /** Addresses, masks, subscriber and session IDs. */
  OCTET_STRING,
  /** ToOctets, ToPDUs, FromOctets, FromPDUs. */
  COUNTER64,
  /** FlowTimeMark (a TimeFilter), FirstTime and LastActiveTime (TimeStamps). */
  TIME_TICKS;

  /** First and last FlowAttributeNumber (RFC 2720 TEXTUAL-CONVENTION). */
  public static final int FIRST = 1;
  public static final int LAST = 41;

  /** flowColumnActivityData width of a string: a length octet, then the octets. */
  public static final int STRING = -1;

  /** Fixed flowColumnActivityData widths by SYNTAX; see {@link #packedWidth}. */
  private static final int BYTE = 1;
  private static final int LONG = 4;
  private static final int COUNTER64_OCTETS = 8;

  private static final AttributeSyntax[] SYNTAX = new AttributeSyntax[LAST + 1];
  private static final int[] PACKED_WIDTH = new int[LAST + 1];
  /** For a mask attribute, the address attribute it masks; 0 otherwise. */
  private static final int[] MASKED = new int[LAST + 1];

  static {
    for (int a = FIRST; a <= LAST; a++) {
      SYNTAX[a] = INTEGER;
      PACKED_WIDTH[a] = BYTE;
    }
    for (Attribute a : new Attribute[] {Attribute.SOURCE_ADJACENT_ADDRESS,
        Attribute.SOURCE_ADJACENT_MASK, Attribute.SOURCE_PEER_ADDRESS, Attribute.SOURCE_PEER_MASK,
        Attribute.SOURCE_TRANS_ADDRESS, Attribute.SOURCE_TRANS_MASK,
        Attribute.DEST_ADJACENT_ADDRESS, Attribute.DEST_ADJACENT_MASK, Attribute.DEST_PEER_ADDRESS,
        Attribute.DEST_PEER_MASK, Attribute.DEST_TRANS_ADDRESS, Attribute.DEST_TRANS_MASK,
        Attribute.SOURCE_SUBSCRIBER_ID, Attribute.DEST_SUBSCRIBER_ID, Attribute.SESSION_ID}) {
      SYNTAX[a.number()] = OCTET_STRING;
      PACKED_WIDTH[a.number()] = STRING;
    }
    for (Attribute a : new Attribute[] {Attribute.TO_OCTETS, Attribute.TO_PDUS,
        Attribute.FROM_OCTETS, Attribute.FROM_PDUS}) {
      SYNTAX[a.number()] = COUNTER64;
      PACKED_WIDTH[a.number()] = COUNTER64_OCTETS;
    }
    for (Attribute a : new Attribute[] {Attribute.FLOW_TIME_MARK, Attribute.FIRST_TIME,
        Attribute.LAST_ACTIVE_TIME}) {
      SYNTAX[a.number()] = TIME_TICKS;
      PACKED_WIDTH[a.number()] = LONG;
    }
    // Integer32 without a range (FlowIndex, the interfaces) takes four octets; the enumerations
    // and the 1..255 / 0..255 ranges take one.
    for (Attribute a : new Attribute[] {Attribute.FLOW_INDEX, Attribute.SOURCE_INTERFACE,
        Attribute.DEST_INTERFACE}) {
      PACKED_WIDTH[a.number()] = LONG;
    }
    for (Attribute[] pair : new Attribute[][] {
        {Attribute.SOURCE_ADJACENT_MASK, Attribute.SOURCE_ADJACENT_ADDRESS},
        {Attribute.SOURCE_PEER_MASK, Attribute.SOURCE_PEER_ADDRESS},
        {Attribute.SOURCE_TRANS_MASK, Attribute.SOURCE_TRANS_ADDRESS},
        {Attribute.DEST_ADJACENT_MASK, Attribute.DEST_ADJACENT_ADDRESS},
        {Attribute.DEST_PEER_MASK, Attribute.DEST_PEER_ADDRESS},
        {Attribute.DEST_TRANS_MASK, Attribute.DEST_TRANS_ADDRESS}}) {
      MASKED[pair[0].number()] = pair[1].number();
    }
  }

  /** True for a FlowAttributeNumber (1..41). */
  public static boolean valid(int attribute) {
    return attribute >= FIRST && attribute <= LAST;
  }

  /** The SYNTAX of attribute {@code attribute} (1..41) in flowDataTable. */
  public static AttributeSyntax of(int attribute) {
    return SYNTAX[attribute];
  }

  /**
   * Octets of the attribute's number in flowColumnActivityData ("Numbers are fixed size, as
   * specified by their SYNTAX in the flow table", RFC 2720), or {@link #STRING}: one octet for the
   * enumerations and 1..255 ranges, four for Integer32, TimeStamp and TimeTicks, eight for
   * Counter64 (RFC 2720's "four octets for Counter" dates from Counter32).
   */
  public static int packedWidth(int attribute) {
    return PACKED_WIDTH[attribute];
  }

  /** For a mask attribute, the address attribute it masks; otherwise 0. */
  public static int maskedAddress(int attribute) {
    return MASKED[attribute];
  }
}
