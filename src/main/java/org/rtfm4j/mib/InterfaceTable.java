package org.rtfm4j.mib;

import org.rtfm4j.meter.Meter;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Counter32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;

/**
 * flowInterfaceTable (RFC 2720 flowControl 2), indexed by ifIndex: the meter's interface numbers
 * (the SourceInterface attribute), one row per interface its packet sources have reported. Rows
 * come from the capture; a SET never creates one (noCreation).
 */
final class InterfaceTable extends ControlTable {
  /** flowInterfaceEntry. */
  static final OID ENTRY = new OID("1.3.6.1.2.1.40.1.2.1");
  static final int SAMPLE_RATE = 1;
  static final int LOST_PACKETS = 2;

  private final Meter meter;

  InterfaceTable(Meter meter, ControlTransactions transactions) {
    super(ENTRY, new int[] {SAMPLE_RATE, LOST_PACKETS}, transactions);
    this.meter = meter;
  }

  @Override
  int[] ceilingRow(int[] bound, boolean inclusive) {
    for (Meter.MeterInterface ifc : meter.interfaces()) {
      int[] idx = {ifc.number()};
      int c = compare(idx, bound);
      if (c > 0 || (c == 0 && inclusive)) {
        return idx;
      }
    }
    return null;
  }

  @Override
  Variable value(int column, int[] index) {
    Meter.MeterInterface ifc = find(meter, index);
    if (ifc == null) {
      return null;
    }
    switch (column) {
      case SAMPLE_RATE:
        return integer(meter.sampling().rate(ifc.number()));
      case LOST_PACKETS:
        return new Counter32(ifc.lostPackets() & UNSIGNED_32_MASK);
      default:
        return null;
    }
  }

  static Meter.MeterInterface find(Meter meter, int[] index) {
    if (index.length != 1) {
      return null;
    }
    for (Meter.MeterInterface ifc : meter.interfaces()) {
      if (ifc.number() == index[0]) {
        return ifc;
      }
    }
    return null;
  }

  @Override
  int check(int column, int[] index, Variable v) {
    if (column != SAMPLE_RATE) {
      return SnmpConstants.SNMP_ERROR_NOT_WRITEABLE;
    }
    // RFC 2720: N counts 1 in N packets, 0 ignores the interface; nothing below 0 means anything.
    int e = checkInteger(v, 0, Integer.MAX_VALUE);
    return e != ok() ? e : checkSimpleIndex(index, Integer.MAX_VALUE);
  }
}
