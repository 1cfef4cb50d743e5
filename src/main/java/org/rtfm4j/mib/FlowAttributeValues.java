package org.rtfm4j.mib;

import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.flow.FlowRow;
import org.rtfm4j.rules.Attribute;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;

/**
 * The one place that says what a flow attribute (RFC 2720 FlowAttributeNumber 1..41) of a flow is
 * in SNMP: its syntax in flowDataTable, whether the flow has it, its value, and its fixed width in
 * flowColumnActivityData. flowDataTable, flowColumnActivityTable and flowDataPackageTable all ask
 * here, so the three views of a flow agree.
 *
 * <p>A flow has an attribute of its key only when its rule set saved it (RFC 2722 §4.4: the key
 * is zeroed, then the pattern queue is copied in). An attribute the rule set did not save is
 * absent, not zero: a zero would break the MIB's own ranges (TransportType 1..255, the classes
 * and kinds 1..255) and SIZE constraints (addresses 3..20 octets, SubscriberID 4..20). So its
 * flowDataTable instance does not exist (noSuchInstance on GET, skipped by GETNEXT), the flow has
 * no pair in its flowColumnActivityData, and a data package carries the varbind exception
 * noSuchInstance in its place. A mask column exists when its address was saved. Counters, times,
 * the status and the scales every flow has.
 */
final class FlowAttributeValues {
  /** First and last FlowAttributeNumber (RFC 2720 TEXTUAL-CONVENTION). */
  static final int FIRST = 1;
  static final int LAST = 41;

  /** flowDataStatus current(2): every flow in the table is current (RFC 2722 §4.5). */
  static final int STATUS_CURRENT = 2;

  /** Syntax of an attribute's flowDataTable column. */
  enum Syntax { INTEGER, OCTET_STRING, COUNTER64, TIME_TICKS }

  /** flowColumnActivityData width of a string: a length octet, then the octets. */
  static final int STRING = -1;

  /** RFC 2720 PeerType ipv4(1), ipv6(2). */
  private static final int PEER_IPV4 = 1;
  private static final int PEER_IPV6 = 2;
  private static final int IPV4_OCTETS = 4;
  private static final int IPV6_OCTETS = 16;
  /** MAC addresses (RFC 2720 AdjacentAddress for ethernet(7)). */
  private static final int MAC_OCTETS = 6;
  /** TransportAddress: OCTET STRING (SIZE (2)). */
  private static final int PORT_OCTETS = 2;
  /** flowDataSessionID is OCTET STRING (SIZE (4..10)); the subscriber IDs allow 20. */
  private static final int SESSION_ID_OCTETS = 10;
  private static final long UNSIGNED_32 = 0xFFFF_FFFFL;

  /** Fixed flowColumnActivityData widths by SYNTAX; see {@link #packedWidth}. */
  private static final int BYTE = 1;
  private static final int LONG = 4;
  private static final int COUNTER64 = 8;

  private static final Syntax[] SYNTAX = new Syntax[LAST + 1];
  private static final int[] PACKED_WIDTH = new int[LAST + 1];
  /** For a mask attribute, the address attribute it masks; 0 otherwise. */
  private static final int[] MASKED = new int[LAST + 1];

  static {
    for (int a = FIRST; a <= LAST; a++) {
      SYNTAX[a] = Syntax.INTEGER;
      PACKED_WIDTH[a] = BYTE;
    }
    for (Attribute a : new Attribute[] {Attribute.SOURCE_ADJACENT_ADDRESS,
        Attribute.SOURCE_ADJACENT_MASK, Attribute.SOURCE_PEER_ADDRESS, Attribute.SOURCE_PEER_MASK,
        Attribute.SOURCE_TRANS_ADDRESS, Attribute.SOURCE_TRANS_MASK,
        Attribute.DEST_ADJACENT_ADDRESS, Attribute.DEST_ADJACENT_MASK, Attribute.DEST_PEER_ADDRESS,
        Attribute.DEST_PEER_MASK, Attribute.DEST_TRANS_ADDRESS, Attribute.DEST_TRANS_MASK,
        Attribute.SOURCE_SUBSCRIBER_ID, Attribute.DEST_SUBSCRIBER_ID, Attribute.SESSION_ID}) {
      SYNTAX[a.number()] = Syntax.OCTET_STRING;
      PACKED_WIDTH[a.number()] = STRING;
    }
    for (Attribute a : new Attribute[] {Attribute.TO_OCTETS, Attribute.TO_PDUS,
        Attribute.FROM_OCTETS, Attribute.FROM_PDUS}) {
      SYNTAX[a.number()] = Syntax.COUNTER64;
      PACKED_WIDTH[a.number()] = COUNTER64;
    }
    for (Attribute a : new Attribute[] {Attribute.FLOW_TIME_MARK, Attribute.FIRST_TIME,
        Attribute.LAST_ACTIVE_TIME}) {
      SYNTAX[a.number()] = Syntax.TIME_TICKS;
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

  private FlowAttributeValues() {}

  /** True for a FlowAttributeNumber (1..41). */
  static boolean valid(int attribute) {
    return attribute >= FIRST && attribute <= LAST;
  }

  /**
   * Octets of the attribute's number in flowColumnActivityData ("Numbers are fixed size, as
   * specified by their SYNTAX in the flow table"), or {@link #STRING}.
   */
  static int packedWidth(int attribute) {
    return PACKED_WIDTH[attribute];
  }

  /** True when the flow has the attribute (see the class comment). */
  static boolean present(FlowSnapshot flow, int attribute) {
    if (!isKeyAttribute(attribute)) {
      return true;
    }
    return flow.key().has(keyAttribute(attribute));
  }

  /** The value as a flowDataTable varbind carries it, or null when the flow lacks it. */
  static Variable variable(FlowSnapshot flow, int attribute) {
    if (!present(flow, attribute)) {
      return null;
    }
    switch (SYNTAX[attribute]) {
      case OCTET_STRING: {
        byte[] b = new byte[octetLength(flow.key(), attribute)];
        octets(flow.key(), attribute, b, 0);
        return new OctetString(b);
      }
      case COUNTER64:
        return new Counter64(number(flow, attribute));
      case TIME_TICKS:
        // number() masks to 32 bits: a TimeTicks above 2^32-1 would throw and fail a GETBULK.
        return new TimeTicks(number(flow, attribute));
      default:
        return new Integer32((int) number(flow, attribute));
    }
  }

  /**
   * The attribute as a number: counters as unsigned 64 bits, times as 32-bit ticks, the rest as
   * their small unsigned value. Only for attributes that are not octet strings.
   */
  static long number(FlowSnapshot flow, int attribute) {
    FlowRow row = flow.row();
    Attribute a = Attribute.byNumber(attribute);
    switch (a) {
      case FLOW_INDEX:
        return row.flowIndex();
      case FLOW_STATUS:
        return STATUS_CURRENT;
      case FLOW_TIME_MARK, LAST_ACTIVE_TIME:
        // RFC 2720: flowColumnActivityTime and flowPackageTime are "a copy of
        // flowDataLastActiveTime"; FlowTimeMark as a value is the same.
        return row.lastActiveTime() & FlowSnapshot.TIME_TICKS_MASK;
      case FIRST_TIME:
        return row.firstTime() & FlowSnapshot.TIME_TICKS_MASK;
      case PDU_SCALE, OCTET_SCALE:
        // 64-bit counters need no scaling (RFC 2720 flowDataPDUScale: bits to shift left).
        return 0;
      case RULE_SET:
        return row.ruleSet();
      case TO_OCTETS:
        return row.toOctets();
      case TO_PDUS:
        return row.toPdus();
      case FROM_OCTETS:
        return row.fromOctets();
      case FROM_PDUS:
        return row.fromPdus();
      default:
        return flow.key().number(attribute) & UNSIGNED_32;
    }
  }

  /** Length of an octet-string attribute's value. */
  static int octetLength(FlowKey key, int attribute) {
    int v = keyAttribute(attribute);
    switch (Attribute.byNumber(v)) {
      case SOURCE_ADJACENT_ADDRESS, DEST_ADJACENT_ADDRESS:
        return MAC_OCTETS;
      case SOURCE_PEER_ADDRESS, DEST_PEER_ADDRESS:
        return peerOctets(key, v);
      case SOURCE_TRANS_ADDRESS, DEST_TRANS_ADDRESS:
        return PORT_OCTETS;
      case SESSION_ID:
        return SESSION_ID_OCTETS;
      default:
        return Attribute.byNumber(v).width();
    }
  }

  /** Writes an octet-string attribute's value (left-aligned, big-endian) at {@code out[at]}. */
  static void octets(FlowKey key, int attribute, byte[] out, int at) {
    int v = keyAttribute(attribute);
    boolean mask = v != attribute;
    long hi = mask ? key.maskHi(v) : key.valueHi(v);
    long lo = mask ? key.maskLo(v) : key.valueLo(v);
    int n = octetLength(key, attribute);
    for (int i = 0; i < n; i++) {
      long word = i < Long.BYTES ? hi : lo;
      out[at + i] = (byte) (word >>> (Long.SIZE - Byte.SIZE * (1 + i % Long.BYTES)));
    }
  }

  /**
   * A peer address is 16 octets when the flow's PeerType says ipv6(2), 4 when it says ipv4(1),
   * and otherwise as long as the value that was saved: the same rule as the flow CSV's text.
   */
  private static int peerOctets(FlowKey key, int attribute) {
    int source = Attribute.SOURCE_PEER_TYPE.number();
    int dest = Attribute.DEST_PEER_TYPE.number();
    boolean isSource = attribute == Attribute.SOURCE_PEER_ADDRESS.number();
    int own = isSource ? source : dest;
    int other = isSource ? dest : source;
    int type = key.has(own) ? key.number(own) : key.has(other) ? key.number(other) : 0;
    if (type == PEER_IPV4) {
      return IPV4_OCTETS;
    }
    if (type == PEER_IPV6) {
      return IPV6_OCTETS;
    }
    return key.length(attribute) == IPV6_OCTETS ? IPV6_OCTETS : IPV4_OCTETS;
  }

  /** Attributes that come from the flow key (addresses, types, IDs, classes and kinds). */
  private static boolean isKeyAttribute(int attribute) {
    Attribute a = Attribute.byNumber(attribute);
    return a.testable() || MASKED[attribute] != 0;
  }

  /** The key attribute holding the value: the address for a mask, else the attribute itself. */
  private static int keyAttribute(int attribute) {
    return MASKED[attribute] != 0 ? MASKED[attribute] : attribute;
  }
}
