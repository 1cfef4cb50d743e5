package org.rtfm4j.reader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.rtfm4j.client.FlowMib;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.rtfm4j.rules.Attribute;
import org.snmp4j.asn1.BER;
import org.snmp4j.asn1.BERInputStream;
import org.snmp4j.smi.AbstractVariable;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * Reads flows through flowDataPackageTable (RFC 2720 flowData 3): one varbind per flow, a BER
 * SEQUENCE of the selected attributes' values. A GETBULK walk of {@code flowPackageData.S.RS.T}
 * gives every flow of rule set RS last active at or after T, once, in FlowIndex order; the walk
 * ends where the table goes on to the next rule set (RFC 4502 TimeFilter).
 */
final class PackageCollector implements Collector {
  private final int[] selector;
  private final int maxRepetitions;

  /**
   * @param attributes the attributes to read (FlowIndex and RuleSet come from the index and are
   *     left out of the selector)
   */
  PackageCollector(int[] attributes, int maxRepetitions) {
    int n = 0;
    int[] s = new int[attributes.length];
    for (int a : attributes) {
      if (a != Attribute.FLOW_INDEX.number() && a != Attribute.RULE_SET.number()) {
        s[n++] = a;
      }
    }
    this.selector = Arrays.copyOf(s, n);
    this.maxRepetitions = maxRepetitions;
  }

  @Override
  public void collect(MeterClient client, int ruleSet, long timeFilter, FlowSink sink)
      throws MeterException, IOException {
    // flowPackageSelector is an OCTET STRING index: its length, then one sub-identifier per octet.
    OID base = new OID(FlowMib.PACKAGE_DATA);
    base.append(selector.length);
    for (int a : selector) {
      base.append(a);
    }
    base.append(ruleSet);
    base.append((int) timeFilter);
    OID next = base;
    while (true) {
      List<VariableBinding> r = client.getBulk(List.of(next), maxRepetitions);
      if (r.isEmpty()) {
        return;
      }
      for (VariableBinding vb : r) {
        OID o = vb.getOid();
        if (vb.getVariable().isException() || o.size() != base.size() + 1
            || !o.startsWith(base) || o.compareTo(next) <= 0) {
          return;
        }
        CollectedFlow f = new CollectedFlow(o.last(), ruleSet);
        decode(vb.getVariable(), f);
        sink.accept(f);
        next = o;
      }
    }
  }

  /** Fills {@code f} from flowPackageData: the selected values in selector order. */
  void decode(Variable data, CollectedFlow f) throws IOException {
    if (!(data instanceof OctetString s)) {
      throw new IOException("flowPackageData of flow " + f.flowIndex() + " is no OCTET STRING: "
          + data.getSyntaxString());
    }
    BERInputStream in = new BERInputStream(ByteBuffer.wrap(s.getValue()));
    BER.MutableByte type = new BER.MutableByte();
    int length = BER.decodeHeader(in, type);
    if (type.getValue() != BER.SEQUENCE || length != in.available()) {
      throw new IOException("flowPackageData of flow " + f.flowIndex()
          + " is no BER SEQUENCE of its values");
    }
    for (int a : selector) {
      // Each value as its varbind would carry it; an attribute the flow lacks is the exception
      // noSuchInstance, which set() leaves absent.
      f.set(a, AbstractVariable.createFromBER(in));
    }
    if (in.available() != 0) {
      throw new IOException("flowPackageData of flow " + f.flowIndex() + " holds more than "
          + selector.length + " values");
    }
  }
}
