package org.rtfm4j.hardening;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a datagram is, decided by a strict reader written for the tests from X.690 and the SNMP
 * message syntaxes (RFC 3416 §3, RFC 1157 §4, RFC 3412 §6, RFC 3414 §2.4), independent of
 * SNMP4J: the truth the agent's counters are checked against.
 *
 * <p>{@link Verdict#MALFORMED} is kept for errors every conforming decoder must reject (contents
 * overrunning their TLV, wrong tags where the syntax fixes one, INTEGERs or OIDs with no octets or
 * out of range, NULL with content, truncated sub-identifiers). What BER allows but a decoder may
 * refuse (non-minimal lengths, redundant INTEGER octets, trailing octets after the message), and
 * defects whose counter depends on the order of checks (inside an SNMPv3 scoped PDU, which is
 * parsed only after security processing, RFC 3412 §7.2 step 2 and RFC 3414 §3.2), are
 * {@link Verdict#DEBATABLE}.
 *
 * @param verdict what it is
 * @param why the first certain or debatable defect, or "" when well-formed
 * @param version msgVersion (0 SNMPv1, 1 SNMPv2c, 3 SNMPv3), or -1 when unread
 * @param community the community of a v1/v2c message, or null
 * @param pduType the PDU tag of a v1/v2c or plaintext v3 message, or -1
 * @param messageId the request-id of a v1/v2c message or the msgID of a v3 one, when read
 * @param errorStatus the error-status of a response, or -1
 * @param valueTags the tag of each varbind value, in order (v1/v2c and plaintext v3 only)
 */
record SnmpReading(Verdict verdict, String why, int version, String community, int pduType,
    Long messageId, int errorStatus, List<Integer> valueTags) {

  /** What a datagram is. */
  enum Verdict {
    /** A valid serialization of an SNMP message. */
    WELL_FORMED,
    /** Not a serialization of any SNMP message: every decoder must reject it. */
    MALFORMED,
    /** A message whose msgVersion no SNMP engine here knows (RFC 3418 snmpInBadVersions). */
    BAD_VERSION,
    /** A decoder may accept or reject it, or count it in another counter first. */
    DEBATABLE
  }

  static final int V1 = 0;
  static final int V2C = 1;
  static final int V3 = 3;
  /** RFC 3414 §5: the USM is security model 3. */
  private static final int USM = 3;
  /** msgFlags authFlag (RFC 3412 §6.4). */
  private static final int AUTH_FLAG = 1;
  /** RFC 2578 §7.1.3: at most 128 sub-identifiers, each 0..2^32-1. */
  private static final int MAX_SUB_IDENTIFIERS = 128;
  private static final long MAX_SUB_IDENTIFIER = 0xFFFF_FFFFL;
  private static final BigInteger MAX_UNSIGNED32 = BigInteger.valueOf(0xFFFF_FFFFL);
  private static final BigInteger MAX_UNSIGNED64 = BigInteger.ONE.shiftLeft(64).subtract(
      BigInteger.ONE);
  private static final int CONSTRUCTED = 0x20;
  private static final int HIGH_TAG = 0x1F;
  private static final int IP_ADDRESS_OCTETS = 4;
  /** RFC 3416 exception values: noSuchObject, noSuchInstance, endOfMibView. */
  private static final int NO_SUCH_OBJECT = 0x80;
  private static final int END_OF_MIB_VIEW = 0x82;
  /** Obsolete SMIv1/draft types some decoders still know: NsapAddress, UInteger32. */
  private static final int NSAP_ADDRESS = 0x45;
  private static final int UINTEGER32 = 0x47;

  /** True when the message carries a SET whose values are all of a settable kind. */
  boolean setWithoutNull() {
    if (pduType != BerNode.SET) {
      return false;
    }
    for (int t : valueTags) {
      if (t == BerNode.NULL || (t >= NO_SUCH_OBJECT && t <= END_OF_MIB_VIEW)) {
        return false;
      }
    }
    return true;
  }

  /** Reads {@code d}. */
  static SnmpReading of(byte[] d) {
    return new Reader(d).read();
  }

  /** An error every decoder must reject. */
  private static final class Malformed extends Exception {
    Malformed(String why) {
      super(why, null, false, false);
    }
  }

  /** A defect after which the verdict is debatable whatever follows. */
  private static final class Undecided extends Exception {
    Undecided(String why) {
      super(why, null, false, false);
    }
  }

  /** One TLV header: its tag and where its contents lie. */
  private record Header(int tag, int start, int end) {}

  private static final class Reader {
    private final byte[] b;
    private int pos;
    private String debatable;
    private int version = -1;
    private String community;
    private int pduType = -1;
    private int errorStatus = -1;
    private Long messageId;
    private final List<Integer> valueTags = new ArrayList<>();

    Reader(byte[] b) {
      this.b = b;
    }

    SnmpReading read() {
      try {
        return message();
      } catch (Malformed e) {
        return result(Verdict.MALFORMED, e.getMessage());
      } catch (Undecided e) {
        return result(Verdict.DEBATABLE, e.getMessage());
      }
    }

    private SnmpReading result(Verdict v, String why) {
      return new SnmpReading(v, why, version, community, pduType, messageId, errorStatus,
          List.copyOf(valueTags));
    }

    private SnmpReading message() throws Malformed, Undecided {
      // The version first, as every engine dispatches on it (RFC 3412 §4.2.1): a message with
      // an unknown version is counted as such even if its length is wrong.
      Header msg = header(b.length, true);
      if (msg.tag != BerNode.SEQUENCE) {
        throw new Malformed("message is not a SEQUENCE: tag " + hex(msg.tag));
      }
      long v = integer(b.length, Integer.MIN_VALUE, Integer.MAX_VALUE);
      version = (int) v;
      if (v != V1 && v != V2C && v != V3) {
        if (msg.end > b.length || debatable != null) {
          throw new Undecided("unknown version " + v + (debatable != null ? " and " + debatable
              : " and a message length beyond the datagram"));
        }
        return result(Verdict.BAD_VERSION, "version " + v);
      }
      if (msg.end > b.length) {
        throw new Malformed("message length " + (msg.end - msg.start) + " beyond the datagram");
      }
      if (msg.end < b.length) {
        debatable("octets after the message");
      }
      if (v == V3) {
        v3(msg.end);
      } else {
        community(msg.end);
      }
      end(msg.end, "message");
      return debatable == null ? result(Verdict.WELL_FORMED, "")
          : result(Verdict.DEBATABLE, debatable);
    }

    /** RFC 1157 §4 / RFC 3416 §3 with RFC 1901: version, community, PDU. */
    private void community(int limit) throws Malformed, Undecided {
      community = new String(octets(limit), StandardCharsets.ISO_8859_1);
      pdu(limit, version == V1);
    }

    private void pdu(int limit, boolean v1) throws Malformed, Undecided {
      Header p = header(limit, false);
      pduType = p.tag;
      if (p.tag < BerNode.GET || p.tag > BerNode.REPORT) {
        throw new Malformed("no PDU: tag " + hex(p.tag));
      }
      if (p.tag == BerNode.TRAP_V1) {
        if (!v1) {
          debatable("an SNMPv1 Trap-PDU in a later version");
        }
        oid(p.end);
        ipAddress(p.end);
        integer(p.end, Integer.MIN_VALUE, Integer.MAX_VALUE);
        integer(p.end, Integer.MIN_VALUE, Integer.MAX_VALUE);
        unsigned(BerNode.TIME_TICKS, p.end, MAX_UNSIGNED32);
      } else {
        if (v1 && p.tag >= BerNode.GET_BULK) {
          debatable("PDU " + hex(p.tag) + " in SNMPv1");
        }
        long id = integer(p.end, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (version != V3) {
          messageId = id; // a v3 message is matched by its msgID
        }
        long status = integer(p.end, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (p.tag == BerNode.RESPONSE) {
          errorStatus = (int) status; // else non-repeaters or an unused 0
        }
        integer(p.end, Integer.MIN_VALUE, Integer.MAX_VALUE); // error-index / max-repetitions
      }
      Header list = expect(BerNode.SEQUENCE, p.end, "variable-bindings");
      while (pos < list.end) {
        Header vb = expect(BerNode.SEQUENCE, list.end, "VarBind");
        oid(vb.end);
        value(vb.end, v1);
        end(vb.end, "VarBind");
      }
      end(list.end, "variable-bindings");
      end(p.end, "PDU");
    }

    /** RFC 3416 §3 ObjectSyntax, unSpecified (NULL) and the exception values. */
    private void value(int limit, boolean v1) throws Malformed, Undecided {
      int at = pos;
      Header h = header(limit, false);
      valueTags.add(h.tag);
      pos = at;
      switch (h.tag) {
        case BerNode.INTEGER -> integer(limit, Integer.MIN_VALUE, Integer.MAX_VALUE);
        case BerNode.OCTET_STRING, BerNode.OPAQUE -> skip(limit);
        case BerNode.NULL -> nul(limit);
        case BerNode.OID -> oid(limit);
        case BerNode.IP_ADDRESS -> ipAddress(limit);
        case BerNode.COUNTER32, BerNode.GAUGE32, BerNode.TIME_TICKS ->
            unsigned(h.tag, limit, MAX_UNSIGNED32);
        case BerNode.COUNTER64 -> {
          if (v1) {
            debatable("Counter64 in SNMPv1");
          }
          unsigned(h.tag, limit, MAX_UNSIGNED64);
        }
        case NO_SUCH_OBJECT, NO_SUCH_OBJECT + 1, END_OF_MIB_VIEW -> {
          if (v1) {
            debatable("an exception value in SNMPv1");
          }
          nul(limit);
        }
        case NSAP_ADDRESS, UINTEGER32, BerNode.OCTET_STRING | CONSTRUCTED -> {
          debatable("value tag " + hex(h.tag));
          skip(limit);
        }
        default -> throw new Malformed("no ObjectSyntax: tag " + hex(h.tag));
      }
    }

    /** RFC 3412 §6 SNMPv3Message after msgVersion, with RFC 3414 §2.4 USM parameters. */
    private void v3(int limit) throws Malformed, Undecided {
      Header global = expect(BerNode.SEQUENCE, limit, "msgGlobalData");
      long msgId = integer(global.end, Integer.MIN_VALUE, Integer.MAX_VALUE);
      messageId = msgId;
      long maxSize = integer(global.end, Integer.MIN_VALUE, Integer.MAX_VALUE);
      byte[] flags = octets(global.end);
      long model = integer(global.end, Integer.MIN_VALUE, Integer.MAX_VALUE);
      end(global.end, "msgGlobalData");
      // Values outside the ranges of RFC 3412 §6: engines count these in different places.
      if (msgId < 0 || maxSize < 484 || flags.length != 1 || model < 1) {
        debatable("msgGlobalData value out of range");
      }
      int paramsAt = pos;
      Header params = expect(BerNode.OCTET_STRING, limit, "msgSecurityParameters");
      if (model == USM) {
        usm(params.end);
      } else {
        debatable("security model " + model);
        pos = params.end;
      }
      boolean authenticated = flags.length > 0 && (flags[0] & AUTH_FLAG) != 0;
      int dataAt = pos;
      Header data = header(limit, false);
      pos = dataAt;
      if (data.tag == BerNode.OCTET_STRING) {
        skip(limit); // encryptedPDU: only the USM can read it
      } else if (data.tag == BerNode.SEQUENCE) {
        // The scoped PDU is parsed after security processing (RFC 3412 §7.2 steps 6-7): an
        // error inside it may be counted as a USM failure first, so it decides nothing here.
        try {
          scopedPdu(limit);
        } catch (Malformed e) {
          throw new Undecided("in the scoped PDU" + (authenticated ? " of an authenticated"
              + " message" : "") + ": " + e.getMessage());
        }
      } else {
        throw new Malformed("msgData is neither ScopedPDU nor OCTET STRING: tag "
            + hex(data.tag) + " (msgSecurityParameters at " + paramsAt + ")");
      }
    }

    private void usm(int limit) throws Malformed, Undecided {
      // RFC 3414 §3.2 step 1: not a UsmSecurityParameters serialization -> snmpInASNParseErrs.
      Header s = expect(BerNode.SEQUENCE, limit, "UsmSecurityParameters");
      byte[] engine = octets(s.end);
      long boots = integer(s.end, Integer.MIN_VALUE, Integer.MAX_VALUE);
      long time = integer(s.end, Integer.MIN_VALUE, Integer.MAX_VALUE);
      byte[] user = octets(s.end);
      octets(s.end); // msgAuthenticationParameters
      octets(s.end); // msgPrivacyParameters
      end(s.end, "UsmSecurityParameters");
      end(limit, "msgSecurityParameters");
      if (engine.length > 32 || user.length > 32 || boots < 0 || time < 0) {
        debatable("USM value out of range");
      }
    }

    private void scopedPdu(int limit) throws Malformed, Undecided {
      Header s = expect(BerNode.SEQUENCE, limit, "ScopedPDU");
      octets(s.end);
      octets(s.end);
      pdu(s.end, false);
      end(s.end, "ScopedPDU");
    }

    // ------------------------------------------------------------ X.690 primitives

    private Header expect(int tag, int limit, String what) throws Malformed, Undecided {
      Header h = header(limit, false);
      if (h.tag != tag) {
        if (h.tag == (tag | CONSTRUCTED) && tag == BerNode.OCTET_STRING) {
          // X.690 §8.7.1 allows a constructed OCTET STRING; SNMP stacks rarely do.
          throw new Undecided(what + " is a constructed OCTET STRING");
        }
        throw new Malformed(what + ": tag " + hex(h.tag) + " where " + hex(tag) + " belongs");
      }
      return h;
    }

    /**
     * An identifier and length at {@code pos}; the contents must lie within {@code limit}
     * unless {@code lenient} (the outer message, whose length is checked after its version).
     */
    private Header header(int limit, boolean lenient) throws Malformed, Undecided {
      if (pos >= limit) {
        throw new Malformed("no identifier octet at " + pos);
      }
      int tag = b[pos++] & 0xFF;
      if ((tag & HIGH_TAG) == HIGH_TAG) {
        throw new Malformed("high-tag-number form at " + (pos - 1) + ": SNMP has no such type");
      }
      if (pos >= limit) {
        throw new Malformed("no length octet at " + pos);
      }
      int first = b[pos++] & 0xFF;
      long len;
      if (first < 0x80) {
        len = first;
      } else if (first == 0x80) {
        if ((tag & CONSTRUCTED) == 0) {
          throw new Malformed("indefinite length of a primitive at " + (pos - 1));
        }
        throw new Undecided("indefinite length at " + (pos - 1)
            + " (RFC 3417 §8 forbids it to senders)");
      } else if (first == 0xFF) {
        throw new Malformed("reserved length octet 0xFF at " + (pos - 1)); // X.690 §8.1.3.5 c
      } else {
        int n = first & 0x7F;
        if (pos + n > limit) {
          throw new Malformed("length octets beyond the enclosing TLV at " + pos);
        }
        len = 0;
        for (int i = 0; i < n; i++) {
          if (len > Integer.MAX_VALUE) {
            throw new Malformed("length beyond any datagram at " + pos);
          }
          len = (len << Byte.SIZE) | (b[pos++] & 0xFF);
        }
        if (n > 0 && ((b[pos - n] & 0xFF) == 0 || len < 0x80)) {
          debatable("length not in the fewest octets at " + (pos - n - 1));
        }
      }
      long end = pos + len;
      if (end > (lenient ? Long.MAX_VALUE : limit)) {
        throw new Malformed("contents of " + hex(tag) + " at " + pos + " (" + len
            + " octets) overrun the enclosing TLV");
      }
      return new Header(tag, pos, (int) Math.min(end, Integer.MAX_VALUE));
    }

    private long integer(int limit, long min, long max) throws Malformed, Undecided {
      Header h = expect(BerNode.INTEGER, limit, "INTEGER");
      int n = h.end - h.start;
      if (n == 0) {
        throw new Malformed("INTEGER with no contents octets at " + h.start); // X.690 §8.3.1
      }
      redundant(h);
      BigInteger v = new BigInteger(Arrays.copyOfRange(b, h.start, h.end));
      pos = h.end;
      if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
        throw new Malformed("INTEGER " + v + " out of range at " + h.start); // RFC 2578 §7.1.1
      }
      return v.longValue();
    }

    private void unsigned(int tag, int limit, BigInteger max) throws Malformed, Undecided {
      Header h = expect(tag, limit, "unsigned " + hex(tag));
      if (h.end == h.start) {
        throw new Malformed("unsigned value with no contents octets at " + h.start);
      }
      redundant(h);
      BigInteger v = new BigInteger(Arrays.copyOfRange(b, h.start, h.end));
      pos = h.end;
      if (v.signum() < 0 || v.compareTo(max) > 0) {
        // RFC 2578 §7.1.6-10: an encoding of a value outside the type is no value of it.
        throw new Malformed(hex(tag) + " value " + v + " out of range at " + h.start);
      }
    }

    /** X.690 §8.3.2: the first nine bits of an INTEGER are not all ones or all zeros. */
    private void redundant(Header h) {
      if (h.end - h.start > 1) {
        int first = b[h.start] & 0xFF;
        int second = b[h.start + 1] & 0x80;
        if ((first == 0 && second == 0) || (first == 0xFF && second != 0)) {
          debatable("INTEGER with redundant leading octets at " + h.start);
        }
      }
    }

    private void oid(int limit) throws Malformed, Undecided {
      Header h = expect(BerNode.OID, limit, "OBJECT IDENTIFIER");
      if (h.end == h.start) {
        throw new Malformed("OBJECT IDENTIFIER with no contents at " + h.start); // §8.19.2
      }
      // The first sub-identifier holds two arcs, 40 * X + Y with X <= 2 (X.690 §8.19.4).
      int arcs = 1;
      long v = 0;
      boolean atStart = true;
      boolean first = true;
      for (int i = h.start; i < h.end; i++) {
        int o = b[i] & 0xFF;
        if (atStart && o == 0x80) {
          throw new Malformed("sub-identifier with a leading 0x80 at " + i); // X.690 §8.19.2
        }
        v = (v << 7) | (o & 0x7F);
        if (v > (first ? MAX_SUB_IDENTIFIER + 2 * 40 : MAX_SUB_IDENTIFIER)) {
          throw new Malformed("sub-identifier beyond 2^32-1 at " + i); // RFC 2578 §7.1.3
        }
        atStart = (o & 0x80) == 0;
        if (atStart) {
          arcs++;
          first = false;
          v = 0;
        }
      }
      if (!atStart) {
        throw new Malformed("last sub-identifier truncated at " + (h.end - 1));
      }
      if (arcs > MAX_SUB_IDENTIFIERS) {
        debatable("OBJECT IDENTIFIER of " + arcs + " sub-identifiers");
      }
      pos = h.end;
    }

    private void ipAddress(int limit) throws Malformed, Undecided {
      Header h = expect(BerNode.IP_ADDRESS, limit, "IpAddress");
      if (h.end - h.start != IP_ADDRESS_OCTETS) {
        debatable("IpAddress of " + (h.end - h.start) + " octets");
      }
      pos = h.end;
    }

    private void nul(int limit) throws Malformed, Undecided {
      Header h = header(limit, false);
      if (h.end != h.start) {
        throw new Malformed("NULL with contents at " + h.start); // X.690 §8.8.2
      }
      pos = h.end;
    }

    private byte[] octets(int limit) throws Malformed, Undecided {
      Header h = expect(BerNode.OCTET_STRING, limit, "OCTET STRING");
      pos = h.end;
      return Arrays.copyOfRange(b, h.start, h.end);
    }

    private void skip(int limit) throws Malformed, Undecided {
      pos = header(limit, false).end;
    }

    /** The contents of a constructed TLV end exactly where its last element ends. */
    private void end(int end, String what) throws Malformed {
      if (pos != end) {
        throw new Malformed(what + " has " + (end - pos) + " octets after its last element");
      }
    }

    private void debatable(String why) {
      if (debatable == null) {
        debatable = why;
      }
    }

    private static String hex(int tag) {
      return String.format("0x%02X", tag);
    }
  }
}
