package org.rtfm4j.manager;

import org.rtfm4j.client.ErrorStatus;
import org.rtfm4j.client.FlowMib;
import org.rtfm4j.client.MeterException;
import org.rtfm4j.client.MeterTarget;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;

/**
 * Turns a meter's refusal (RFC 3416 error-status and the object it names) into words an operator
 * can act on, using what RFC 2720 says each control object's refusals mean. The raw status and
 * object follow in brackets, for whoever compares with net-snmp's output.
 */
final class Explanations {
  private Explanations() {}

  /** Why the meter refused or failed: plain words, then the raw error in brackets. */
  static String of(MeterException e) {
    if (e.kind() != MeterException.Kind.ERROR_STATUS) {
      // Timeouts, USM reports and transport errors: the client's message is already plain.
      return e.getMessage();
    }
    return words(e) + raw(e);
  }

  /** {@code [notWritable for flowRuleInfoStatus.5]}. */
  static String raw(MeterException e) {
    return " [" + ErrorStatus.name(e.errorStatus())
        + (e.failedObject() == null ? "" : " for " + FlowMib.name(e.failedObject())) + "]";
  }

  private static String words(MeterException e) {
    OID o = e.failedObject();
    String who = e.target() == null ? "this manager" : "the " + e.target().identity();
    int ruleSet = ruleSetOf(o);
    int task = FlowMib.rowOf(o, FlowMib.MANAGER_INFO_ENTRY);
    switch (e.errorStatus()) {
      case SnmpConstants.SNMP_ERROR_NO_ACCESS:
      case SnmpConstants.SNMP_ERROR_AUTHORIZATION_ERROR:
      case SnmpConstants.SNMP_ERROR_READ_ONLY:
        return "the meter does not let " + who + " write " + FlowMib.name(o)
            + "; use a community or SNMPv3 user with write access to the control tables"
            + " (rtfm meter --rw-community, or a manager user as in examples/snmp.conf)";
      case SnmpConstants.SNMP_ERROR_NO_SUCH_NAME:
        return "the meter has no " + FlowMib.name(o) + ", or does not let " + who
            + " write it (SNMPv1 gives no more detail)";
      case SnmpConstants.SNMP_ERROR_NOT_WRITEABLE:
        if (ruleSet == FlowMib.BUILTIN_RULE_SET) {
          return "rule set 1 is the meter's built-in rule set; nobody may change or delete it"
              + " (RFC 2722 §4.4)";
        }
        if (ruleSet > 0) {
          return "rule set " + ruleSet + " is active, and the rules of an active rule set"
              + " cannot change (RFC 2720 flowRuleInfoStatus)";
        }
        return FlowMib.name(o) + " cannot be written now";
      case SnmpConstants.SNMP_ERROR_INCONSISTENT_NAME:
        if (ruleSet > 0) {
          return "there is no rule set " + ruleSet + " on the meter (deleted meanwhile?)";
        }
        if (task > 0) {
          return "there is no task " + task + " on the meter (stopped meanwhile?)";
        }
        return "the meter has no row for " + FlowMib.name(o);
      case SnmpConstants.SNMP_ERROR_INCONSISTENT_VALUE:
        int column = FlowMib.columnOf(o, FlowMib.MANAGER_INFO_ENTRY);
        if (column == FlowMib.MANAGER_CURRENT_RULE_SET
            || column == FlowMib.MANAGER_STANDBY_RULE_SET) {
          return "a task can only run a rule set that is active on the meter";
        }
        return "the meter refused " + FlowMib.name(o) + " in its present state";
      case SnmpConstants.SNMP_ERROR_RESOURCE_UNAVAILABLE:
        return "the meter has no room for " + FlowMib.name(o)
            + " (too many rules, tasks or readers)";
      case SnmpConstants.SNMP_ERROR_NO_CREATION:
        return "the meter has no " + FlowMib.name(o) + " and none can be created there";
      case SnmpConstants.SNMP_ERROR_COMMIT_FAILED:
        return "the meter could not apply the change and changed nothing (another manager"
            + " changed the control tables at the same moment?); try again";
      default:
        return "the meter refused " + FlowMib.name(o) + ": " + ErrorStatus.explain(e.errorStatus());
    }
  }

  /** The rule set a flowRuleSetInfoTable or flowRuleTable cell belongs to, or -1. */
  static int ruleSetOf(OID o) {
    int n = FlowMib.rowOf(o, FlowMib.RULE_SET_INFO_ENTRY);
    return n > 0 ? n : FlowMib.rowOf(o, FlowMib.RULE_ENTRY);
  }

  /**
   * True for inconsistentValue, or for badValue from an SNMPv1 meter (RFC 3584 §4.4 maps
   * inconsistentValue to badValue for SNMPv1).
   */
  static boolean inconsistent(MeterException e) {
    return is(e, SnmpConstants.SNMP_ERROR_INCONSISTENT_VALUE)
        || (is(e, SnmpConstants.SNMP_ERROR_BAD_VALUE) && e.target() != null
            && e.target().version() == MeterTarget.Version.V1);
  }

  /** True for the error status {@code status} on the binding the exception names. */
  static boolean is(MeterException e, int status) {
    return e.kind() == MeterException.Kind.ERROR_STATUS && e.errorStatus() == status;
  }
}
