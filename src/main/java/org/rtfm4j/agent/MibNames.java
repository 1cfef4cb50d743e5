package org.rtfm4j.agent;

import java.util.LinkedHashMap;
import java.util.Map;
import org.snmp4j.smi.OID;

/**
 * The object names a configuration file may use instead of numbers: the Meter MIB's (RFC 2720 §4)
 * tables and scalars and a few SNMPv2-MIB roots, each optionally as MODULE::name and followed by
 * numeric sub-identifiers ({@code flowReaderInfoTable.1.2}).
 */
final class MibNames {
  /** RFC 2578 §3.5: at most 128 sub-identifiers. */
  static final int MAX_SUB_IDENTIFIERS = 128;
  /** RFC 2578 §7.1.3: each sub-identifier is at most 2^32-1. */
  static final long MAX_SUB_IDENTIFIER = 0xFFFF_FFFFL;

  private static final String FLOW_METER_MIB = "FLOW-METER-MIB";
  private static final String SNMPV2_SMI = "SNMPv2-SMI";
  private static final String SNMPV2_MIB = "SNMPv2-MIB";
  private static final String FLOW_MIB = "1.3.6.1.2.1.40";

  /** name -> {module, OID}; from the MIB texts, in tree order. */
  private static final Map<String, String[]> NAMES = new LinkedHashMap<>();

  static {
    name(SNMPV2_SMI, "iso", "1");
    name(SNMPV2_SMI, "internet", "1.3.6.1");
    name(SNMPV2_SMI, "mib-2", "1.3.6.1.2.1");
    name(SNMPV2_MIB, "system", "1.3.6.1.2.1.1");
    name(SNMPV2_MIB, "snmp", "1.3.6.1.2.1.11");
    name(FLOW_METER_MIB, "flowMIB", FLOW_MIB);
    name(FLOW_METER_MIB, "flowControl", FLOW_MIB + ".1");
    name(FLOW_METER_MIB, "flowRuleSetInfoTable", FLOW_MIB + ".1.1");
    name(FLOW_METER_MIB, "flowInterfaceTable", FLOW_MIB + ".1.2");
    name(FLOW_METER_MIB, "flowReaderInfoTable", FLOW_MIB + ".1.3");
    name(FLOW_METER_MIB, "flowManagerInfoTable", FLOW_MIB + ".1.4");
    name(FLOW_METER_MIB, "flowFloodMark", FLOW_MIB + ".1.5");
    name(FLOW_METER_MIB, "flowInactivityTimeout", FLOW_MIB + ".1.6");
    name(FLOW_METER_MIB, "flowActiveFlows", FLOW_MIB + ".1.7");
    name(FLOW_METER_MIB, "flowMaxFlows", FLOW_MIB + ".1.8");
    name(FLOW_METER_MIB, "flowFloodMode", FLOW_MIB + ".1.9");
    name(FLOW_METER_MIB, "flowData", FLOW_MIB + ".2");
    name(FLOW_METER_MIB, "flowDataTable", FLOW_MIB + ".2.1");
    name(FLOW_METER_MIB, "flowColumnActivityTable", FLOW_MIB + ".2.2");
    name(FLOW_METER_MIB, "flowDataPackageTable", FLOW_MIB + ".2.3");
    name(FLOW_METER_MIB, "flowRules", FLOW_MIB + ".3");
    name(FLOW_METER_MIB, "flowRuleTable", FLOW_MIB + ".3.1");
  }

  private MibNames() {}

  private static void name(String module, String name, String oid) {
    NAMES.put(name, new String[] {module, oid});
  }

  /** Every name this class knows, for error messages. */
  static String known() {
    return String.join(", ", NAMES.keySet());
  }

  /**
   * The OID {@code text} names: dotted numbers (a leading dot is allowed, as net-snmp writes
   * them) or a known name, optionally MODULE::name, optionally followed by .n.n.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static OID parse(String text) {
    String t = text;
    int colons = t.indexOf("::");
    String module = null;
    if (colons >= 0) {
      module = t.substring(0, colons);
      t = t.substring(colons + 2);
    }
    if (t.startsWith(".")) {
      t = t.substring(1);
    }
    if (t.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' names no object");
    }
    String[] parts = t.split("\\.", -1);
    StringBuilder numeric = new StringBuilder();
    int first = 0;
    if (!isNumber(parts[0])) {
      String[] known = NAMES.get(parts[0]);
      if (known == null) {
        throw new IllegalArgumentException("unknown object name '" + parts[0]
            + "': use a dotted OID or one of " + known());
      }
      if (module != null && !module.equals(known[0])) {
        throw new IllegalArgumentException(parts[0] + " is in " + known[0] + ", not " + module);
      }
      numeric.append(known[1]);
      first = 1;
    } else if (module != null) {
      throw new IllegalArgumentException("'" + text + "': MODULE:: must be followed by a name");
    }
    for (int i = first; i < parts.length; i++) {
      if (!isNumber(parts[i])) {
        throw new IllegalArgumentException("'" + text + "': '" + parts[i]
            + "' is not a sub-identifier (0.." + MAX_SUB_IDENTIFIER + ")");
      }
      if (numeric.length() > 0) {
        numeric.append('.');
      }
      numeric.append(parts[i]);
    }
    String[] subs = numeric.toString().split("\\.");
    if (subs.length > MAX_SUB_IDENTIFIERS) {
      throw new IllegalArgumentException("'" + text + "' has more than " + MAX_SUB_IDENTIFIERS
          + " sub-identifiers (RFC 2578 §3.5)");
    }
    return new OID(numeric.toString());
  }

  /** A decimal sub-identifier that fits in 32 bits unsigned. */
  private static boolean isNumber(String s) {
    if (s.isEmpty() || s.length() > 10) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return Long.parseLong(s) <= MAX_SUB_IDENTIFIER;
  }
}
