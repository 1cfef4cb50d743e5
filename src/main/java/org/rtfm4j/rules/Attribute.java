package org.rtfm4j.rules;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * RTFM flow attributes, numbered as in RFC 2722 Appendix C and FLOW-METER-MIB's
 * FlowAttributeNumber / RuleAttributeNumber.
 *
 * <p>Every attribute value is handled as a big-endian byte string, left-aligned and right-padded
 * with zeroes (RFC 2723 Appendix B: "the given numbers specify the leading bytes of masks and
 * values"). {@link #width()} is the attribute's size in bytes from RFC 2723 Appendix C; address
 * attributes whose size varies with the protocol (peer and adjacent addresses) use the largest
 * size we meter: 16 (IPv6) and 6 (MAC). Nothing here is wider than 16 bytes, so the PME holds
 * every value in two {@code long}s.
 */
public enum Attribute {
  NULL(0, "Null", 1, true),
  FLOW_INDEX(1, "FlowIndex", 4, false),
  FLOW_STATUS(2, "FlowStatus", 1, false),
  FLOW_TIME_MARK(3, "FlowTimeMark", 4, false),
  SOURCE_INTERFACE(4, "SourceInterface", 1, true),
  SOURCE_ADJACENT_TYPE(5, "SourceAdjacentType", 1, true),
  SOURCE_ADJACENT_ADDRESS(6, "SourceAdjacentAddress", 6, true),
  SOURCE_ADJACENT_MASK(7, "SourceAdjacentMask", 6, false),
  SOURCE_PEER_TYPE(8, "SourcePeerType", 1, true),
  SOURCE_PEER_ADDRESS(9, "SourcePeerAddress", 16, true),
  SOURCE_PEER_MASK(10, "SourcePeerMask", 16, false),
  SOURCE_TRANS_TYPE(11, "SourceTransType", 1, true),
  SOURCE_TRANS_ADDRESS(12, "SourceTransAddress", 2, true),
  SOURCE_TRANS_MASK(13, "SourceTransMask", 2, false),
  DEST_INTERFACE(14, "DestInterface", 1, true),
  DEST_ADJACENT_TYPE(15, "DestAdjacentType", 1, true),
  DEST_ADJACENT_ADDRESS(16, "DestAdjacentAddress", 6, true),
  DEST_ADJACENT_MASK(17, "DestAdjacentMask", 6, false),
  DEST_PEER_TYPE(18, "DestPeerType", 1, true),
  DEST_PEER_ADDRESS(19, "DestPeerAddress", 16, true),
  DEST_PEER_MASK(20, "DestPeerMask", 16, false),
  DEST_TRANS_TYPE(21, "DestTransType", 1, true),
  DEST_TRANS_ADDRESS(22, "DestTransAddress", 2, true),
  DEST_TRANS_MASK(23, "DestTransMask", 2, false),
  PDU_SCALE(24, "PDUScale", 1, false),
  OCTET_SCALE(25, "OctetScale", 1, false),
  RULE_SET(26, "RuleSet", 1, false),
  TO_OCTETS(27, "ToOctets", 8, false),
  TO_PDUS(28, "ToPDUs", 8, false),
  FROM_OCTETS(29, "FromOctets", 8, false),
  FROM_PDUS(30, "FromPDUs", 8, false),
  FIRST_TIME(31, "FirstTime", 4, false),
  LAST_ACTIVE_TIME(32, "LastActiveTime", 4, false),
  // RFC 2720 allows 20-octet strings here; this meter never derives them from packets (their value
  // is always empty), so 16 bytes is enough to test and store them.
  SOURCE_SUBSCRIBER_ID(33, "SourceSubscriberID", 16, true),
  DEST_SUBSCRIBER_ID(34, "DestSubscriberID", 16, true),
  SESSION_ID(35, "SessionID", 16, true),
  SOURCE_CLASS(36, "SourceClass", 1, true),
  DEST_CLASS(37, "DestClass", 1, true),
  FLOW_CLASS(38, "FlowClass", 1, true),
  SOURCE_KIND(39, "SourceKind", 1, true),
  DEST_KIND(40, "DestKind", 1, true),
  FLOW_KIND(41, "FlowKind", 1, true),
  MATCHING_STOD(50, "MatchingStoD", 1, true),
  V1(51, "v1", 1, true),
  V2(52, "v2", 1, true),
  V3(53, "v3", 1, true),
  V4(54, "v4", 1, true),
  V5(55, "v5", 1, true);

  /** Largest attribute number + 1; arrays indexed by attribute number use this size. */
  public static final int LIMIT = 56;

  private static final Attribute[] BY_NUMBER = new Attribute[LIMIT];
  private static final Map<String, Attribute> BY_NAME = new HashMap<>();

  static {
    for (Attribute a : values()) {
      BY_NUMBER[a.number] = a;
      BY_NAME.put(a.name.toLowerCase(Locale.ROOT), a);
    }
    // NeTraMet and RFC 2723 spell the rule set attribute FlowRuleSet.
    BY_NAME.put("flowruleset", RULE_SET);
  }

  private final int number;
  private final String name;
  private final int width;
  private final boolean testable;

  Attribute(int number, String name, int width, boolean testable) {
    this.number = number;
    this.name = name;
    this.width = width;
    this.testable = testable;
  }

  /** The attribute number (RFC 2722 Appendix C). */
  public int number() {
    return number;
  }

  /** The RFC 2722 name, e.g. {@code SourcePeerAddress}. */
  public String rfcName() {
    return name;
  }

  /** Size in bytes of a value or mask of this attribute. */
  public int width() {
    return width;
  }

  /** True when a rule may test this attribute (RFC 2720 RuleAttributeNumber). */
  public boolean testable() {
    return testable;
  }

  /** True for v1..v5, the meter variables of RFC 2722 §4.4. */
  public boolean isMeterVariable() {
    return number >= 51 && number <= 55;
  }

  /** True for the six computed attributes set by PushRuleTo (RFC 2722 §3.2). */
  public boolean isComputed() {
    return number >= 36 && number <= 41;
  }

  /**
   * The attribute that describes the other end of the flow: Source* and Dest* swap, as do
   * SourceClass/DestClass and SourceKind/DestKind; everything else is its own partner.
   */
  public Attribute reversed() {
    return BY_NUMBER[reversedNumber(number)];
  }

  /** {@link #reversed()} on attribute numbers, for hot paths that index arrays by number. */
  public static int reversedNumber(int n) {
    if (n >= 4 && n <= 13) {
      return n + 10;
    }
    if (n >= 14 && n <= 23) {
      return n - 10;
    }
    if (n == 33) {
      return 34;
    }
    if (n == 34) {
      return 33;
    }
    if (n == 36 || n == 39) {
      return n + 1;
    }
    if (n == 37 || n == 40) {
      return n - 1;
    }
    return n;
  }

  /** The attribute with this number, or null. */
  public static Attribute byNumber(int number) {
    return number >= 0 && number < LIMIT ? BY_NUMBER[number] : null;
  }

  /** The attribute with this name (case-insensitive), or null. */
  public static Attribute byName(String name) {
    return BY_NAME.get(name.toLowerCase(Locale.ROOT));
  }
}
