package org.rtfm4j.mib;

import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.flow.FlowRow;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.AttributeSyntax;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;

/**
 * The one place that says what a flow attribute (RFC 2720 FlowAttributeNumber 1..41) of a flow is
 * in SNMP: whether the flow has it and its value, encoded by the attribute's syntax and
 * flowColumnActivityData width ({@link AttributeSyntax}, which the meter reader decodes by).
 * flowDataTable, flowColumnActivityTable and flowDataPackageTable all ask here, so the three
 * views of a flow agree.
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
  static final int FIRST = AttributeSyntax.FIRST;
  static final int LAST = AttributeSyntax.LAST;

  /** flowDataStatus current(2): every flow in the table is current (RFC 2722 §4.5). */
  static final int STATUS_CURRENT = 2;

  /** flowColumnActivityData width of a string: a length octet, then the octets. */
  static final int STRING = AttributeSyntax.STRING;

  /** MAC addresses (RFC 2720 AdjacentAddress for ethernet(7)). */
  private static final int MAC_OCTETS = 6;
  /** TransportAddress: OCTET STRING (SIZE (2)). */
  private static final int PORT_OCTETS = 2;
  /** flowDataSessionID is OCTET STRING (SIZE (4..10)); the subscriber IDs allow 20. */
  private static final int SESSION_ID_OCTETS = 10;
  private static final long UNSIGNED_32 = 0xFFFF_FFFFL;

  private FlowAttributeValues() {}

  /** True for a FlowAttributeNumber (1..41). */
  static boolean valid(int attribute) {
    return AttributeSyntax.valid(attribute);
  }

  /**
   * Octets of the attribute's number in flowColumnActivityData ("Numbers are fixed size, as
   * specified by their SYNTAX in the flow table"), or {@link #STRING}.
   */
  static int packedWidth(int attribute) {
    return AttributeSyntax.packedWidth(attribute);
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
    switch (AttributeSyntax.of(attribute)) {
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
        return key.peerAddressLength(v);
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

  /** Attributes that come from the flow key (addresses, types, IDs, classes and kinds). */
  private static boolean isKeyAttribute(int attribute) {
    Attribute a = Attribute.byNumber(attribute);
    return a.testable() || AttributeSyntax.maskedAddress(attribute) != 0;
  }

  /** The key attribute holding the value: the address for a mask, else the attribute itself. */
  private static int keyAttribute(int attribute) {
    return AttributeSyntax.maskedAddress(attribute) != 0
        ? AttributeSyntax.maskedAddress(attribute) : attribute;
  }
}
