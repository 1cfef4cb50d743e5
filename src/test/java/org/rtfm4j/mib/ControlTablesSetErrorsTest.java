package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.rtfm4j.mib.ControlAgent.INTERFACE;
import static org.rtfm4j.mib.ControlAgent.MANAGER;
import static org.rtfm4j.mib.ControlAgent.READER;
import static org.rtfm4j.mib.ControlAgent.RULE;
import static org.rtfm4j.mib.ControlAgent.RULE_INFO;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtfm4j.capture.CaptureInterface;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.testutil.Command.Result;

/**
 * Every way a SET of the control tables can be refused, as net-snmp's snmpset reports it (RFC
 * 3416 §4.2.5 error statuses, RFC 2579 RowStatus, RFC 2720 locks), and that a refused SET changes
 * nothing: a walk of flowControl and flowRuleTable after it equals the walk before it.
 *
 * <p>The meter: rule set 5 (five-tuple.rules) active and run by task 1, as -R loads it; rule set
 * 7 downloaded (2 rules) and not in service; reader row 3 active for rule set 5; task row 2 not
 * in service naming rule set 5; interface 1 from a capture.
 */
class ControlTablesSetErrorsTest {
  private ControlAgent a;

  @BeforeAll
  static void tools() throws Exception {
    assumeTrue(ControlAgent.netSnmpInstalled(), "net-snmp tools not installed (Debian: snmp)");
  }

  @BeforeEach
  void fixture() throws Exception {
    Meter meter = new Meter(1000, new ManualClock(), OctetCounting.IP);
    RuleSet five = RuleFileParser.parse(Path.of("rulesets/five-tuple.rules"));
    meter.addRuleSet(five);
    meter.setTask(1, 5, 0, 0);
    meter.addInterfaces(new FakeSource(List.of(new CaptureInterface(1, "eth0", 1))));
    a = new ControlAgent(meter);
    ok(a.set(RULE_INFO + ".5.7", "i", "5", RULE_INFO + ".2.7", "i", "2",
        RULE_INFO + ".6.7", "s", "seven", RULE_INFO + ".3.7", "s", "tester"));
    List<String> rules = new ArrayList<>();
    // Null & 0 = 0: GotoAct, 2;  SourcePeerType & 255 = 0: CountPkt, 0;  (rule set 1's idea)
    rules.addAll(rule(7, 1, 0, "00 00", "00 00", 11, 2));
    rules.addAll(rule(7, 2, 8, "FF 00", "00 00", 4, 0));
    ok(a.set(rules.toArray(new String[0])));
    ok(a.set(READER + ".7.3", "i", "5", READER + ".6.3", "i", "4"));
    ok(a.set(MANAGER + ".2.2", "i", "5", MANAGER + ".8.2", "i", "5"));
    assertEquals("INTEGER: 2", a.get(RULE_INFO + ".5.7"), "rule set 7 notInService");
    assertEquals("INTEGER: 1", a.get(READER + ".6.3"), "reader 3 active");
    assertEquals("INTEGER: 2", a.get(MANAGER + ".8.2"), "task 2 notInService");
  }

  @AfterEach
  void stop() {
    if (a != null) {
      a.close();
    }
  }

  // ---------------------------------------------------------------- flowRuleSetInfoTable

  @Test
  void ruleSetInfoTypesLengthsAndValues() throws Exception {
    refused("wrongType", RULE_INFO + ".2.7", RULE_INFO + ".2.7", "s", "3");
    refused("wrongType", RULE_INFO + ".5.7", RULE_INFO + ".5.7", "u", "1");
    refused("wrongValue", RULE_INFO + ".2.7", RULE_INFO + ".2.7", "i", "-1");
    refused("wrongValue", RULE_INFO + ".2.7", RULE_INFO + ".2.7", "i", "65536");
    // RFC 2579: notReady(3) is never written; nothing outside 1..6 is a RowStatus.
    refused("wrongValue", RULE_INFO + ".5.7", RULE_INFO + ".5.7", "i", "3");
    refused("wrongValue", RULE_INFO + ".5.7", RULE_INFO + ".5.7", "i", "7");
    refused("wrongValue", RULE_INFO + ".7.7", RULE_INFO + ".7.7", "i", "3");
    refused("wrongLength", RULE_INFO + ".6.7", RULE_INFO + ".6.7", "s", "n".repeat(128));
    refused("wrongLength", RULE_INFO + ".3.7", RULE_INFO + ".3.7", "s", "o".repeat(128));
    // UTF8OwnerString: bytes that are not UTF-8 are no owner.
    refused("wrongValue", RULE_INFO + ".3.7", RULE_INFO + ".3.7", "x", "FF FE");
  }

  @Test
  void ruleSetInfoRowsBeyondWhatTheMeterCanHoldCannotBeCreated() throws Exception {
    // flowDataRuleSet is 1..255: no other rule set number can ever carry flows.
    refused("noCreation", RULE_INFO + ".5.256", RULE_INFO + ".5.256", "i", "5");
    refused("noCreation", RULE_INFO + ".5.0", RULE_INFO + ".5.0", "i", "5");
    refused("noCreation", RULE_INFO + ".5.7.1", RULE_INFO + ".5.7.1", "i", "5");
  }

  @Test
  void ruleSetInfoReadOnlyColumnsBuiltInAndActiveRowsAreNotWritable() throws Exception {
    refused("notWritable", RULE_INFO + ".4.7", RULE_INFO + ".4.7", "t", "5");    // TimeStamp
    refused("notWritable", RULE_INFO + ".8.5", RULE_INFO + ".8.5", "i", "0");    // FlowRecords
    refused("notWritable", RULE_INFO + ".1.7", RULE_INFO + ".1.7", "i", "7");    // the index
    refused("notWritable", RULE_INFO + ".5.1", RULE_INFO + ".5.1", "i", "6");    // built in
    refused("notWritable", RULE_INFO + ".6.1", RULE_INFO + ".6.1", "s", "mine");
    // Active rule set 5: "a manager may not change any of the other variables in the row".
    refused("notWritable", RULE_INFO + ".2.5", RULE_INFO + ".2.5", "i", "3");
    refused("notWritable", RULE_INFO + ".6.5", RULE_INFO + ".6.5", "s", "renamed");
    refused("notWritable", RULE_INFO + ".3.5", RULE_INFO + ".3.5", "s", "thief");
  }

  @Test
  void ruleSetInfoRowStatusTransitions() throws Exception {
    // RFC 2579 state table: creating what exists, activating what does not.
    refused("inconsistentValue", RULE_INFO + ".5.7", RULE_INFO + ".5.7", "i", "5");
    refused("inconsistentValue", RULE_INFO + ".5.5", RULE_INFO + ".5.5", "i", "4");
    refused("inconsistentValue", RULE_INFO + ".5.9", RULE_INFO + ".5.9", "i", "1");
    refused("inconsistentValue", RULE_INFO + ".5.9", RULE_INFO + ".5.9", "i", "2");
    // Another column of a row that does not exist (RFC 2579 note 4).
    refused("inconsistentName", RULE_INFO + ".2.9", RULE_INFO + ".2.9", "i", "3");
    // createAndGo of an empty rule set: it cannot become active at once.
    refused("inconsistentValue", RULE_INFO + ".5.9", RULE_INFO + ".5.9", "i", "4");
    refused("inconsistentValue", RULE_INFO + ".5.9", RULE_INFO + ".5.9", "i", "4",
        RULE_INFO + ".2.9", "i", "0");
    // Rule set 5 is used by task 1 (and named by task 2): it may not leave the active state.
    refused("inconsistentValue", RULE_INFO + ".5.5", RULE_INFO + ".5.5", "i", "6");
    refused("inconsistentValue", RULE_INFO + ".5.5", RULE_INFO + ".5.5", "i", "2");
    // RulesReady (deprecated) follows the status: true only for an active row.
    refused("inconsistentValue", RULE_INFO + ".7.7", RULE_INFO + ".7.7", "i", "1");
    // destroy of a row that does not exist: noError, nothing changes (RFC 2579 state A).
    Map<String, String> before = snapshot();
    ok(a.set(RULE_INFO + ".5.9", "i", "6"));
    assertEquals(before, snapshot());
  }

  @Test
  void oneBadBindingAmongGoodOnesChangesNothing() throws Exception {
    // RFC 3416 §4.2.5: validation first, then every assignment or none.
    refused("wrongValue", RULE_INFO + ".2.7", RULE_INFO + ".6.7", "s", "renamed",
        RULE_INFO + ".2.7", "i", "-1");
    refused("notWritable", RULE_INFO + ".6.5", RULE_INFO + ".6.7", "s", "renamed",
        MANAGER + ".4.2", "i", "50", RULE_INFO + ".6.5", "s", "renamed");
    refused("inconsistentValue", MANAGER + ".3.2", RULE + ".7.7.2", "i", "0",
        MANAGER + ".3.2", "i", "7");
    // The error names the first failing binding, whatever table comes first in the PDU.
    refused("wrongValue", READER + ".2.3", READER + ".2.3", "i", "-1",
        RULE_INFO + ".2.7", "i", "-1");
  }

  // ---------------------------------------------------------------- flowRuleTable

  @Test
  void ruleTableTypesLengthsAndValues() throws Exception {
    refused("wrongType", RULE + ".3.7.1", RULE + ".3.7.1", "x", "00");
    refused("wrongType", RULE + ".4.7.1", RULE + ".4.7.1", "i", "255");
    // RuleAttributeNumber: 7 (SourceAdjacentMask) and 56 are no selectors.
    refused("wrongValue", RULE + ".3.7.1", RULE + ".3.7.1", "i", "7");
    refused("wrongValue", RULE + ".3.7.1", RULE + ".3.7.1", "i", "56");
    refused("wrongValue", RULE + ".3.7.1", RULE + ".3.7.1", "i", "-1");
    // RuleAddress is 2..20 octets.
    refused("wrongLength", RULE + ".4.7.1", RULE + ".4.7.1", "x", "FF");
    refused("wrongLength", RULE + ".5.7.1", RULE + ".5.7.1", "x", "00 ".repeat(21).strip());
    // ActionNumber 1..17.
    refused("wrongValue", RULE + ".6.7.1", RULE + ".6.7.1", "i", "0");
    refused("wrongValue", RULE + ".6.7.1", RULE + ".6.7.1", "i", "18");
    refused("wrongValue", RULE + ".7.7.1", RULE + ".7.7.1", "i", "65536");
    refused("wrongValue", RULE + ".7.7.1", RULE + ".7.7.1", "i", "-1");
  }

  @Test
  void ruleRowsExistOnlyUpToTheRuleSetsSize() throws Exception {
    refused("noCreation", RULE + ".3.7.3", RULE + ".3.7.3", "i", "0");     // Size is 2
    refused("noCreation", RULE + ".3.9.1", RULE + ".3.9.1", "i", "0");     // no rule set 9
    refused("noCreation", RULE + ".3.300.1", RULE + ".3.300.1", "i", "0");
    refused("noCreation", RULE + ".3.7.0", RULE + ".3.7.0", "i", "0");
    refused("notWritable", RULE + ".1.7.1", RULE + ".1.7.1", "i", "7");    // index columns
    refused("notWritable", RULE + ".2.7.1", RULE + ".2.7.1", "i", "1");
  }

  @Test
  void rulesOfARunningOrBuiltInRuleSetAreNotWritable() throws Exception {
    refused("notWritable", RULE + ".6.5.3", RULE + ".6.5.3", "i", "3");
    refused("notWritable", RULE + ".4.5.1", RULE + ".4.5.1", "x", "00 00");
    refused("notWritable", RULE + ".6.1.3", RULE + ".6.1.3", "i", "3");
  }

  @Test
  void activatingAnInvalidRuleSetIsRefusedWithItsReason() throws Exception {
    // Rule 1 now jumps to rule 9 of a 2-rule set.
    ok(a.set(RULE + ".7.7.1", "i", "9"));
    refused("inconsistentValue", RULE_INFO + ".5.7", RULE_INFO + ".5.7", "i", "1");
    String why = a.tables.lastRefusal(7);
    assertTrue(why != null && why.contains("rule 1") && why.contains("rule 9 does not exist"),
        String.valueOf(why));
    assertTrue(a.logLines().stream().anyMatch(l -> l.contains("rule set 7")
        && l.contains("rule 9 does not exist")), a.logLines().toString());
    // A rule whose action was never written: the rule set is not ready, so it cannot activate.
    ok(a.set(RULE_INFO + ".2.7", "i", "3", RULE + ".7.7.1", "i", "2"));
    assertEquals("INTEGER: 3", a.get(RULE_INFO + ".5.7"), "notReady");
    refused("inconsistentValue", RULE_INFO + ".5.7", RULE_INFO + ".5.7", "i", "1");
    assertTrue(a.tables.lastRefusal(7).contains("rule 3: flowRuleSelector was never written"),
        a.tables.lastRefusal(7));
    refused("inconsistentValue", RULE_INFO + ".5.7", RULE_INFO + ".5.7", "i", "2");
  }

  // ---------------------------------------------------------------- flowManagerInfoTable

  @Test
  void managerValuesAndReferences() throws Exception {
    refused("wrongType", MANAGER + ".2.2", MANAGER + ".2.2", "u", "5");
    refused("wrongValue", MANAGER + ".2.2", MANAGER + ".2.2", "i", "256");
    refused("wrongValue", MANAGER + ".3.2", MANAGER + ".3.2", "i", "-1");
    refused("wrongValue", MANAGER + ".4.2", MANAGER + ".4.2", "i", "101");
    // CounterWrap (deprecated): this meter never scales counters.
    refused("wrongValue", MANAGER + ".5.2", MANAGER + ".5.2", "i", "2");
    refused("wrongValue", MANAGER + ".9.2", MANAGER + ".9.2", "i", "3");
    // Standby and current rule sets must be active rule sets (7 is not in service, 9 absent).
    refused("inconsistentValue", MANAGER + ".3.2", MANAGER + ".3.2", "i", "7");
    refused("inconsistentValue", MANAGER + ".3.2", MANAGER + ".3.2", "i", "9");
    refused("inconsistentValue", MANAGER + ".2.1", MANAGER + ".2.1", "i", "7");
    // Standby is the meter's decision; a manager may only leave it.
    refused("inconsistentValue", MANAGER + ".9.1", MANAGER + ".9.1", "i", "1");
    refused("notWritable", MANAGER + ".7.1", MANAGER + ".7.1", "t", "0");    // TimeStamp
    refused("noCreation", MANAGER + ".8.0", MANAGER + ".8.0", "i", "5");
    // A task must say what it runs: createAndGo without CurrentRuleSet cannot become active.
    refused("inconsistentValue", MANAGER + ".8.4", MANAGER + ".8.4", "i", "4");
    refused("inconsistentName", MANAGER + ".4.4", MANAGER + ".4.4", "i", "50");
    refused("inconsistentValue", MANAGER + ".8.2", MANAGER + ".8.2", "i", "5");
  }

  // ---------------------------------------------------------------- flowReaderInfoTable

  @Test
  void readerValuesAndTheActiveRowsLocks() throws Exception {
    refused("wrongValue", READER + ".7.4", READER + ".7.4", "i", "0", READER + ".6.4", "i", "4");
    refused("wrongValue", READER + ".7.4", READER + ".7.4", "i", "256");
    refused("wrongValue", READER + ".2.3", READER + ".2.3", "i", "-1");
    refused("wrongType", READER + ".4.3", READER + ".4.3", "i", "5");       // LastTime: TimeTicks
    refused("notWritable", READER + ".5.3", READER + ".5.3", "t", "5");     // PreviousTime
    // Active: "a manager may only change this row's flowReaderLastTime and flowReaderTimeout".
    refused("notWritable", READER + ".3.3", READER + ".3.3", "s", "someone else");
    refused("notWritable", READER + ".7.3", READER + ".7.3", "i", "7");
    refused("inconsistentValue", READER + ".6.4", READER + ".6.4", "i", "4"); // no RuleSet
    refused("noCreation", READER + ".6.0", READER + ".6.0", "i", "5");
  }

  // ---------------------------------------------------------------- flowInterfaceTable

  @Test
  void interfaceSampleRate() throws Exception {
    refused("wrongValue", INTERFACE + ".1.1", INTERFACE + ".1.1", "i", "-1");
    refused("wrongType", INTERFACE + ".1.1", INTERFACE + ".1.1", "s", "1");
    refused("noCreation", INTERFACE + ".1.9", INTERFACE + ".1.9", "i", "1");
    refused("notWritable", INTERFACE + ".2.1", INTERFACE + ".2.1", "i", "0");
  }

  @Test
  void publicCannotWriteAnything() throws Exception {
    Map<String, String> before = snapshot();
    Result r = a.snmpAs("public", "snmpset", RULE_INFO + ".5.9", "i", "5");
    assertTrue(r.out().contains("noAccess"), r.out());
    assertEquals(before, snapshot());
  }

  // ---------------------------------------------------------------- helpers

  private Map<String, String> snapshot() throws Exception {
    Map<String, String> m = new LinkedHashMap<>(a.walkHex(ControlAgent.FLOW_CONTROL));
    m.putAll(a.walkHex(RULE));
    return m;
  }

  /** Asserts snmpset fails with {@code reason} on {@code failedOid} and changes nothing. */
  private void refused(String reason, String failedOid, String... varbinds) throws Exception {
    Map<String, String> before = snapshot();
    Result r = a.set(varbinds);
    assertNotEquals(0, r.exitCode(), r.out());
    assertTrue(r.out().contains("Reason: " + reason + " ("), reason + " expected:\n" + r.out());
    assertTrue(r.out().contains("Failed object: " + failedOid + "\n")
        || r.out().strip().endsWith("Failed object: " + failedOid), r.out());
    assertEquals(before, snapshot(), "a refused SET changed something");
  }

  private static void ok(Result r) {
    assertEquals(0, r.exitCode(), r.out());
  }

  private static List<String> rule(int set, int i, int selector, String mask, String value,
      int action, int parameter) {
    String idx = "." + set + "." + i;
    return List.of(RULE + ".3" + idx, "i", Integer.toString(selector),
        RULE + ".4" + idx, "x", mask, RULE + ".5" + idx, "x", value,
        RULE + ".6" + idx, "i", Integer.toString(action),
        RULE + ".7" + idx, "i", Integer.toString(parameter));
  }
}
