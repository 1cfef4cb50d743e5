package org.rtfm4j.client;

import org.snmp4j.smi.OID;

/**
 * The FLOW-METER-MIB (RFC 2720 §4) objects the manager and the meter reader read and write, by
 * their numbers in the RFC, and their names for messages. Both are clients of the meter: they
 * know the MIB as the RFC publishes it, not the agent's classes.
 */
public final class FlowMib {
  /** flowMIB: mib-2 40. */
  public static final OID FLOW_MIB = new OID("1.3.6.1.2.1.40");
  /** flowRuleSetInfoEntry: flowControl 1 1. */
  public static final OID RULE_SET_INFO_ENTRY = new OID("1.3.6.1.2.1.40.1.1.1");
  /** flowInterfaceEntry: flowControl 2 1. */
  public static final OID INTERFACE_ENTRY = new OID("1.3.6.1.2.1.40.1.2.1");
  /** flowReaderInfoEntry: flowControl 3 1. */
  public static final OID READER_INFO_ENTRY = new OID("1.3.6.1.2.1.40.1.3.1");
  /** flowManagerInfoEntry: flowControl 4 1. */
  public static final OID MANAGER_INFO_ENTRY = new OID("1.3.6.1.2.1.40.1.4.1");
  /** flowRuleEntry: flowRules 1 1. */
  public static final OID RULE_ENTRY = new OID("1.3.6.1.2.1.40.3.1.1");

  /** flowDataEntry: INDEX { flowDataRuleSet, flowDataTimeMark, flowDataIndex }. */
  public static final OID DATA_ENTRY = new OID("1.3.6.1.2.1.40.2.1.1");
  /** flowColumnActivityData: INDEX { attribute, TimeFilter, flowColumnActivityIndex }. */
  public static final OID COLUMN_ACTIVITY_DATA = new OID("1.3.6.1.2.1.40.2.2.1.4");
  /** flowPackageData: INDEX { selector, rule set, TimeFilter, flowPackageIndex }. */
  public static final OID PACKAGE_DATA = new OID("1.3.6.1.2.1.40.2.3.1.5");

  /** flowFloodMark.0. */
  public static final OID FLOOD_MARK = new OID("1.3.6.1.2.1.40.1.5.0");
  /** flowInactivityTimeout.0. */
  public static final OID INACTIVITY_TIMEOUT = new OID("1.3.6.1.2.1.40.1.6.0");
  /** flowActiveFlows.0. */
  public static final OID ACTIVE_FLOWS = new OID("1.3.6.1.2.1.40.1.7.0");
  /** flowMaxFlows.0. */
  public static final OID MAX_FLOWS = new OID("1.3.6.1.2.1.40.1.8.0");
  /** flowFloodMode.0. */
  public static final OID FLOOD_MODE = new OID("1.3.6.1.2.1.40.1.9.0");

  // flowRuleSetInfoEntry columns.
  public static final int RULE_INFO_SIZE = 2;
  public static final int RULE_INFO_OWNER = 3;
  public static final int RULE_INFO_TIME_STAMP = 4;
  public static final int RULE_INFO_STATUS = 5;
  public static final int RULE_INFO_NAME = 6;
  public static final int RULE_INFO_FLOW_RECORDS = 8;

  // flowInterfaceEntry columns.
  public static final int INTERFACE_SAMPLE_RATE = 1;
  public static final int INTERFACE_LOST_PACKETS = 2;

  // flowReaderInfoEntry columns.
  public static final int READER_TIMEOUT = 2;
  public static final int READER_OWNER = 3;
  public static final int READER_LAST_TIME = 4;
  public static final int READER_PREVIOUS_TIME = 5;
  public static final int READER_STATUS = 6;
  public static final int READER_RULE_SET = 7;

  // flowManagerInfoEntry columns.
  public static final int MANAGER_CURRENT_RULE_SET = 2;
  public static final int MANAGER_STANDBY_RULE_SET = 3;
  public static final int MANAGER_HIGH_WATER_MARK = 4;
  public static final int MANAGER_OWNER = 6;
  public static final int MANAGER_TIME_STAMP = 7;
  public static final int MANAGER_STATUS = 8;
  public static final int MANAGER_RUNNING_STANDBY = 9;

  // flowRuleEntry columns.
  public static final int RULE_SELECTOR = 3;
  public static final int RULE_MASK = 4;
  public static final int RULE_MATCHED_VALUE = 5;
  public static final int RULE_ACTION = 6;
  public static final int RULE_PARAMETER = 7;
  /** The writable flowRuleEntry columns, in order. */
  public static final int[] RULE_COLUMNS = {RULE_SELECTOR, RULE_MASK, RULE_MATCHED_VALUE, RULE_ACTION,
      RULE_PARAMETER};

  /** RowStatus (RFC 2579). */
  public static final int ACTIVE = 1;
  public static final int NOT_IN_SERVICE = 2;
  public static final int NOT_READY = 3;
  public static final int CREATE_AND_GO = 4;
  public static final int CREATE_AND_WAIT = 5;
  public static final int DESTROY = 6;

  /** TruthValue (RFC 2579). */
  public static final int TRUE = 1;
  public static final int FALSE = 2;

  /** The built-in rule set (RFC 2722 §4.4), which no manager may change. */
  public static final int BUILTIN_RULE_SET = 1;
  /** The largest rule set number a flow can carry (RFC 2720 flowDataRuleSet). */
  public static final int MAX_RULE_SET = 255;

  private static final String[] RULE_INFO_NAMES = {null, "flowRuleInfoIndex",
      "flowRuleInfoSize", "flowRuleInfoOwner", "flowRuleInfoTimeStamp", "flowRuleInfoStatus",
      "flowRuleInfoName", "flowRuleInfoRulesReady", "flowRuleInfoFlowRecords"};
  private static final String[] INTERFACE_NAMES = {null, "flowInterfaceSampleRate",
      "flowInterfaceLostPackets"};
  private static final String[] READER_NAMES = {null, "flowReaderIndex", "flowReaderTimeout",
      "flowReaderOwner", "flowReaderLastTime", "flowReaderPreviousTime", "flowReaderStatus",
      "flowReaderRuleSet"};
  private static final String[] MANAGER_NAMES = {null, "flowManagerIndex",
      "flowManagerCurrentRuleSet", "flowManagerStandbyRuleSet", "flowManagerHighWaterMark",
      "flowManagerCounterWrap", "flowManagerOwner", "flowManagerTimeStamp", "flowManagerStatus",
      "flowManagerRunningStandby"};
  private static final String[] RULE_NAMES = {null, "flowRuleSet", "flowRuleIndex",
      "flowRuleSelector", "flowRuleMask", "flowRuleMatchedValue", "flowRuleAction",
      "flowRuleParameter"};
  private static final String[] SCALAR_NAMES = {"flowFloodMark", "flowInactivityTimeout",
      "flowActiveFlows", "flowMaxFlows", "flowFloodMode"};
  private static final int FIRST_SCALAR = 5;
  private static final OID FLOW_CONTROL = new OID("1.3.6.1.2.1.40.1");

  private FlowMib() {}

  /** {@code base} followed by {@code subIdentifiers}. */
  public static OID instance(OID base, int... subIdentifiers) {
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
  public static int dataColumn(int attribute) {
    switch (attribute) {
      case 1, 3, 26:
        return 0;
      case 2:
        return 3;
      default:
        return attribute;
    }
  }

  /** Cell {@code entry.column.index...}. */
  public static OID cell(OID entry, int column, int... index) {
    OID o = new OID(entry).append(column);
    for (int i : index) {
      o.append(i);
    }
    return o;
  }

  /** The MIB's name for {@code oid}, e.g. {@code flowRuleInfoStatus.5}; else dotted numbers. */
  public static String name(OID oid) {
    if (oid == null) {
      return "?";
    }
    String s = column(oid, RULE_SET_INFO_ENTRY, RULE_INFO_NAMES);
    s = s != null ? s : column(oid, INTERFACE_ENTRY, INTERFACE_NAMES);
    s = s != null ? s : column(oid, READER_INFO_ENTRY, READER_NAMES);
    s = s != null ? s : column(oid, MANAGER_INFO_ENTRY, MANAGER_NAMES);
    s = s != null ? s : column(oid, RULE_ENTRY, RULE_NAMES);
    if (s == null && oid.size() == FLOW_CONTROL.size() + 2 && oid.startsWith(FLOW_CONTROL)) {
      int n = oid.get(FLOW_CONTROL.size()) - FIRST_SCALAR;
      if (n >= 0 && n < SCALAR_NAMES.length) {
        s = SCALAR_NAMES[n] + "." + oid.last();
      }
    }
    return s != null ? s : oid.toDottedString();
  }

  /** The column {@code oid} lies in (entry.column...), or -1. */
  public static int columnOf(OID oid, OID entry) {
    return oid != null && oid.size() > entry.size() && oid.startsWith(entry)
        ? oid.get(entry.size()) : -1;
  }

  /** The first index sub-identifier of a cell of {@code entry}, or -1. */
  public static int rowOf(OID oid, OID entry) {
    return oid != null && oid.size() > entry.size() + 1 && oid.startsWith(entry)
        ? oid.get(entry.size() + 1) : -1;
  }

  private static String column(OID oid, OID entry, String[] names) {
    int c = columnOf(oid, entry);
    if (c < 1 || c >= names.length) {
      return null;
    }
    StringBuilder sb = new StringBuilder(names[c]);
    for (int i = entry.size() + 1; i < oid.size(); i++) {
      sb.append('.').append(oid.get(i) & 0xFFFF_FFFFL);
    }
    return sb.toString();
  }
}
