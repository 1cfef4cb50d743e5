package org.rtfm4j.reader;

import org.snmp4j.smi.OID;

/** The Meter MIB (RFC 2720, mib-2 40) objects a meter reader uses. */
final class FlowMibOids {
  /** flowReaderInfoEntry (flowControl 3): a reader's registration. */
  static final OID READER_ENTRY = new OID("1.3.6.1.2.1.40.1.3.1");
  static final int READER_TIMEOUT = 2;
  static final int READER_OWNER = 3;
  static final int READER_LAST_TIME = 4;
  static final int READER_PREVIOUS_TIME = 5;
  static final int READER_STATUS = 6;
  static final int READER_RULE_SET = 7;

  /** flowRuleInfoTimeStamp (flowRuleSetInfoEntry 4): when a rule set last changed. */
  static final OID RULE_INFO_TIME_STAMP = new OID("1.3.6.1.2.1.40.1.1.1.4");

  /** flowDataEntry: INDEX { flowDataRuleSet, flowDataTimeMark, flowDataIndex }. */
  static final OID DATA_ENTRY = new OID("1.3.6.1.2.1.40.2.1.1");
  /** flowColumnActivityData: INDEX { attribute, TimeFilter, flowColumnActivityIndex }. */
  static final OID COLUMN_ACTIVITY_DATA = new OID("1.3.6.1.2.1.40.2.2.1.4");
  /** flowPackageData: INDEX { selector, rule set, TimeFilter, flowPackageIndex }. */
  static final OID PACKAGE_DATA = new OID("1.3.6.1.2.1.40.2.3.1.5");

  /** RowStatus values (RFC 2579). */
  static final int ACTIVE = 1;
  static final int NOT_IN_SERVICE = 2;
  static final int CREATE_AND_GO = 4;

  private FlowMibOids() {}

  /** {@code base.column.index...}. */
  static OID instance(OID base, int... subIdentifiers) {
    OID o = new OID(base);
    for (int s : subIdentifiers) {
      o.append(s);
    }
    return o;
  }

  /**
   * The flowDataTable column that shows attribute {@code attribute}, or 0 when it has none. Columns
   * are numbered as the attributes except that flowDataStatus is column 3 for flowStatus(2), and
   * flowDataIndex(1), flowDataTimeMark(2) and flowDataRuleSet(26) are indexes, not columns.
   */
  static int dataColumn(int attribute) {
    switch (attribute) {
      case 1, 3, 26:
        return 0;
      case 2:
        return 3;
      default:
        return attribute;
    }
  }
}
