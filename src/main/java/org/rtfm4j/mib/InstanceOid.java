package org.rtfm4j.mib;

import org.snmp4j.smi.OID;

/**
 * An instance OID that remembers its BER length. SNMP4J-Agent sums the BER length of the whole
 * response before it adds each GETBULK varbind, so one response of n varbinds asks each OID for
 * its length about n / 2 times; a flowData instance OID has 14 or more sub-identifiers to walk
 * each time. The length is computed once per value array: OIDs here are never changed in place.
 */
final class InstanceOid extends OID {
  private static final long serialVersionUID = 1L;

  private transient int[] measured;
  private transient int berLength;

  InstanceOid(int[] value) {
    super(value);
  }

  @Override
  public int getBERLength() {
    int[] v = getValue();
    if (v != measured) {
      berLength = super.getBERLength();
      measured = v;
    }
    return berLength;
  }

  /** VariableBinding.setOid stores a clone: it must remember its length too. */
  @Override
  public Object clone() {
    return new InstanceOid(getValue());
  }
}
