package org.rtfm4j.mib;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.rtfm4j.flow.FlowTable;
import org.snmp4j.asn1.BER;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.Variable;

/**
 * flowDataPackageTable (RFC 2720 flowData 3): INDEX { flowPackageSelector, flowPackageRuleSet,
 * flowPackageTime, flowPackageIndex }; only flowPackageData (column 5) is accessible.
 *
 * <p>The selector is an OCTET STRING index, so in the OID it is its length and then one
 * sub-identifier per octet, each a FlowAttributeNumber: {@code flowPackageData.3.11.18.29.7.0.3447}
 * is attributes 11, 18 and 29 of flow 3447 of rule set 7 at TimeFilter 0. A selector is valid
 * when it holds at least one octet and every octet is an attribute number 1..41; an invalid one
 * has no instances. Instance {@code S.RS.T.I} exists for every valid S when flow I of rule set RS
 * was last active at or after T.
 *
 * <p>flowPackageData is a BER SEQUENCE of the selected attributes' values in selector order, each
 * encoded as its flowDataTable varbind value would be (INTEGER, OCTET STRING, Counter64,
 * TimeTicks); an attribute the flow lacks is encoded as the varbind exception noSuchInstance
 * ([CONTEXT 1] IMPLICIT NULL, RFC 3416), so positions never shift.
 *
 * <p>GETNEXT from an OID that names no complete, valid selector finds nothing here and moves on
 * past the table: there are 41^n selectors of length n, and a walk must not list them. With a
 * selector, GETNEXT goes through the flows of the rule set in FlowIndex order, then to the next
 * rule set at T = 0 (RFC 4502, see {@link TimeFilterIndex}), and after the last rule set past the
 * table, never to another selector.
 */
final class DataPackageTable extends ComputedTable {
  /** flowDataPackageTable. */
  static final OID OID_TABLE = new OID("1.3.6.1.2.1.40.2.3");
  /** flowPackageData. */
  static final OID OID_DATA = new OID("1.3.6.1.2.1.40.2.3.1.5");

  /** A SEQUENCE header: tag, and a length of at most five octets. */
  private static final int BER_HEADER_MAX = 6;

  private final TimeFilteredFlows flows;

  DataPackageTable(TimeFilteredFlows flows) {
    super(OID_TABLE);
    this.flows = flows;
  }

  @Override
  boolean next(OID lower, boolean inclusive, Object request, Instance out) {
    int n = OID_DATA.size();
    if (!lower.startsWith(OID_DATA)) {
      return false;
    }
    int[] selector = selector(lower);
    if (selector == null) {
      return false;
    }
    int indexAt = n + 1 + selector.length;
    TimeFilterIndex start =
        TimeFilterIndex.parse(lower, indexAt, inclusive, FlowTable.MAX_RULE_SET);
    if (start == null) {
      return false;
    }
    boolean first = start.major() == TimeFilterIndex.FROM_FIRST;
    int rs = first ? flows.nextRuleSet(0) : start.major();
    long time = first ? 0 : start.time();
    int from = first ? 0 : start.fromSlot();
    while (rs != TimeFilteredFlows.NONE) {
      if (from != TimeFilterIndex.EXHAUSTED && flows.holdsFlows(rs)) {
        FlowSnapshot f = flows.first(request, rs, time, from, Integer.MAX_VALUE, true);
        if (f != null) {
          out.set(instance(lower, indexAt, rs, time, f.row().flowIndex()),
              out.valueWanted ? data(f, selector) : null);
          return true;
        }
      }
      // RFC 4502 TimeFilter: on to the next rule set, not to T + 1.
      rs = flows.nextRuleSet(rs);
      time = 0;
      from = 0;
    }
    return false;
  }

  @Override
  Variable get(OID oid, Object request) {
    if (!oid.startsWith(OID_DATA)) {
      return Null.noSuchObject;
    }
    int[] selector = selector(oid);
    int at = OID_DATA.size() + 1 + (selector == null ? 0 : selector.length);
    if (selector == null || oid.size() != at + 3) {
      return Null.noSuchInstance;
    }
    long rs = unsigned(oid, at);
    long time = unsigned(oid, at + 1);
    long flowIndex = unsigned(oid, at + 2);
    if (rs < TimeFilteredFlows.MIN_RULE_SET || rs > FlowTable.MAX_RULE_SET || flowIndex < 1
        || flowIndex > Integer.MAX_VALUE) {
      return Null.noSuchInstance;
    }
    FlowSnapshot f = flows.exact(request, (int) flowIndex - 1);
    if (f == null || f.row().ruleSet() != rs || f.lastActiveTicks() < time) {
      return Null.noSuchInstance;
    }
    return data(f, selector);
  }

  /**
   * The attribute numbers of the selector in {@code oid} (after flowPackageData), or null when
   * it is missing, incomplete, empty or names something that is no FlowAttributeNumber.
   */
  static int[] selector(OID oid) {
    int n = OID_DATA.size();
    if (oid.size() <= n) {
      return null;
    }
    long length = unsigned(oid, n);
    if (length == 0 || length > oid.size() - n - 1) {
      return null;
    }
    int[] attributes = new int[(int) length];
    for (int i = 0; i < attributes.length; i++) {
      long a = unsigned(oid, n + 1 + i);
      if (a < FlowAttributeValues.FIRST || a > FlowAttributeValues.LAST) {
        return null;
      }
      attributes[i] = (int) a;
    }
    return attributes;
  }

  /** flowPackageData.selector.RS.T.I: the selector part is copied from {@code lower}. */
  private static OID instance(OID lower, int indexAt, int rs, long time, int flowIndex) {
    int[] value = new int[indexAt + 3];
    System.arraycopy(lower.getValue(), 0, value, 0, indexAt);
    value[indexAt] = rs;
    value[indexAt + 1] = (int) time;
    value[indexAt + 2] = flowIndex;
    return new InstanceOid(value);
  }

  /** The BER SEQUENCE of the selected values (see the class comment). */
  static OctetString data(FlowSnapshot f, int[] selector) {
    Variable[] values = new Variable[selector.length];
    int content = 0;
    for (int i = 0; i < selector.length; i++) {
      Variable v = FlowAttributeValues.variable(f, selector[i]);
      values[i] = v == null ? Null.noSuchInstance : v;
      content += values[i].getBERLength();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(content + BER_HEADER_MAX);
    try {
      BER.encodeHeader(out, BER.SEQUENCE, content);
      for (Variable v : values) {
        v.encodeBER(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("encoding to memory failed", e);
    }
    return new OctetString(out.toByteArray());
  }
}
