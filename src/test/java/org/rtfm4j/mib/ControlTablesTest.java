package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.rtfm4j.mib.ControlAgent.INTERFACE;
import static org.rtfm4j.mib.ControlAgent.MANAGER;
import static org.rtfm4j.mib.ControlAgent.READER;
import static org.rtfm4j.mib.ControlAgent.RULE;
import static org.rtfm4j.mib.ControlAgent.RULE_INFO;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtfm4j.capture.CaptureInterface;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.rules.Action;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.testutil.Command.Result;
import org.rtfm4j.testutil.Frames;

/**
 * What SETs of the control tables do to the meter (RFC 2720 §4 flowControl, flowRules), seen
 * through net-snmp and through the meter itself. The meter starts with rule set 5
 * (five-tuple.rules) run by task 1, as -R loads it; meter time is set by hand.
 */
class ControlTablesTest {
  private static final long SECOND = 1_000_000_000L;
  private static final int ETHERNET = 1;

  private final ManualClock clock = new ManualClock();
  private final AtomicLong readerClock = new AtomicLong(1_000 * SECOND);
  private Meter meter;
  private FakeSource capture;
  private ControlAgent a;

  @BeforeAll
  static void tools() throws Exception {
    assumeTrue(ControlAgent.netSnmpInstalled(), "net-snmp tools not installed (Debian: snmp)");
  }

  @BeforeEach
  void start() throws Exception {
    meter = new Meter(1000, clock, OctetCounting.IP);
    meter.flowTable().setReaderClock(readerClock::get);
    meter.addRuleSet(RuleFileParser.parse(Path.of("rulesets/five-tuple.rules")));
    meter.setTask(1, 5, 0, 0);
    capture = new FakeSource(List.of(new CaptureInterface(1, "eth0", ETHERNET),
        new CaptureInterface(2, "eth1", ETHERNET)));
    meter.addInterfaces(capture);
    a = new ControlAgent(meter);
  }

  @AfterEach
  void stop() {
    if (a != null) {
      a.close();
    }
  }

  /** Rule set {@code n}: Null &amp; 0 = 0: GotoAct, 2; SourcePeerType &amp; 255 = 0: CountPkt. */
  private static List<String> twoRules(int n) {
    List<String> l = new ArrayList<>(rule(n, 1, 0, "00 00", "00 00", 11, 2));
    l.addAll(rule(n, 2, 8, "FF 00", "00 00", 4, 0));
    return l;
  }

  @Test
  void createAndGoDownloadsAndActivatesARuleSetInOnePdu() throws Exception {
    clock.now.set(4242);
    List<String> pdu = new ArrayList<>(List.of(RULE_INFO + ".5.9", "i", "4",
        RULE_INFO + ".2.9", "i", "2", RULE_INFO + ".6.9", "s", "nine"));
    pdu.addAll(twoRules(9));
    ok(a.set(pdu.toArray(new String[0])));
    assertEquals("INTEGER: 1", a.get(RULE_INFO + ".5.9"));
    assertEquals("INTEGER: 1", a.get(RULE_INFO + ".7.9"), "RulesReady follows the status");
    assertEquals("Timeticks: (4242) 0:00:42.42", a.get(RULE_INFO + ".4.9"));
    assertEquals(2, meter.ruleSet(9).size());
    assertEquals(Action.COUNT_PKT, meter.ruleSet(9).rules().get(1).action());
    assertEquals("nine", meter.ruleSet(9).name());
  }

  @Test
  void theStatusSaysWhetherTheRulesAreComplete() throws Exception {
    ok(a.set(RULE_INFO + ".5.9", "i", "5"));
    assertEquals("INTEGER: 3", a.get(RULE_INFO + ".5.9"), "notReady");
    ok(a.set(RULE_INFO + ".2.9", "i", "1"));
    assertEquals("INTEGER: 3", a.get(RULE_INFO + ".5.9"), "a rule without selector and action");
    // Unwritten selector and action read as noSuchInstance; mask, value, parameter have values.
    assertTrue(a.snmp("snmpget", RULE + ".3.9.1").out().contains("No Such Instance"));
    assertEquals("Hex-STRING: 00 00", a.get(RULE + ".4.9.1").strip());
    ok(a.set(rule(9, 1, 0, "00 00", "00 00", 1, 0).toArray(new String[0])));
    assertEquals("INTEGER: 2", a.get(RULE_INFO + ".5.9"), "notInService: complete");
    ok(a.set(RULE_INFO + ".2.9", "i", "2"));
    assertEquals("INTEGER: 3", a.get(RULE_INFO + ".5.9"), "rule 2 is new and empty");
    assertEquals("INTEGER: 1", a.get(RULE + ".6.9.1"), "rule 1 kept when the size grew");
    assertNull(meter.ruleSet(9), "nothing reaches the meter before activation");
  }

  @Test
  void aRuleSetTakenOutOfServiceMayChangeInTheSamePduAndComesBackChanged() throws Exception {
    List<String> pdu = new ArrayList<>(List.of(RULE_INFO + ".5.7", "i", "4",
        RULE_INFO + ".2.7", "i", "2"));
    pdu.addAll(twoRules(7));
    ok(a.set(pdu.toArray(new String[0])));
    // RFC 2579 NOTE WELL: a column locked while active may change in the PDU that deactivates.
    ok(a.set(RULE_INFO + ".5.7", "i", "2", RULE_INFO + ".6.7", "s", "renamed",
        RULE + ".6.7.2", "i", "3"));
    assertEquals("INTEGER: 2", a.get(RULE_INFO + ".5.7"));
    assertEquals(Action.COUNT_PKT, meter.ruleSet(7).rules().get(1).action(),
        "the meter keeps the rule set it ran until it is activated again");
    ok(a.set(RULE_INFO + ".5.7", "i", "1"));
    assertEquals(Action.COUNT, meter.ruleSet(7).rules().get(1).action());
    assertEquals("renamed", meter.ruleSet(7).name());
  }

  @Test
  void destroyRemovesTheRuleSetAndItsFlows() throws Exception {
    List<String> pdu = new ArrayList<>(List.of(RULE_INFO + ".5.7", "i", "4",
        RULE_INFO + ".2.7", "i", "2"));
    pdu.addAll(twoRules(7));
    ok(a.set(pdu.toArray(new String[0])));
    ok(a.set(MANAGER + ".2.3", "i", "7", MANAGER + ".8.3", "i", "4"));
    assertArrayEquals(new int[] {5, 7}, meter.runningRuleSets());
    send(1001);
    assertEquals("INTEGER: 1", a.get(RULE_INFO + ".8.7"), "flowRuleInfoFlowRecords");
    assertEquals("INTEGER: 1", a.get(RULE_INFO + ".8.5"));
    // Stopping the task and destroying its rule set together is allowed: nothing refers to it
    // after the PDU.
    ok(a.set(MANAGER + ".8.3", "i", "6", RULE_INFO + ".5.7", "i", "6"));
    assertNull(meter.ruleSet(7));
    assertNull(meter.task(3));
    assertEquals(0, meter.flowTable().flowRecords(7), "no packet thread: removed at once");
    assertEquals(1, meter.flowTable().flowRecords(5), "other rule sets keep their flows");
    assertTrue(a.walk(ControlAgent.FLOW_CONTROL).stream().noneMatch(
        l -> l.startsWith(RULE_INFO + ".5.7 ")));
    assertTrue(a.walk(RULE).stream().noneMatch(l -> l.startsWith(RULE + ".3.7.")));
  }

  @Test
  void tasksRunWhatTheirRowsSay() throws Exception {
    ok(a.set(RULE_INFO + ".5.7", "i", "5", RULE_INFO + ".2.7", "i", "2"));
    ok(a.set(twoRules(7).toArray(new String[0])));
    ok(a.set(RULE_INFO + ".5.7", "i", "1"));
    clock.now.set(777);
    ok(a.set(MANAGER + ".2.2", "i", "7", MANAGER + ".3.2", "i", "5", MANAGER + ".4.2", "i", "50",
        MANAGER + ".6.2", "s", "ops", MANAGER + ".8.2", "i", "4"));
    assertEquals(7, meter.task(2).currentRuleSet());
    assertEquals(5, meter.task(2).standbyRuleSet());
    assertEquals(50, meter.task(2).highWaterMark());
    assertEquals("Timeticks: (777) 0:00:07.77", a.get(MANAGER + ".7.2"));
    assertArrayEquals(new int[] {5, 7}, meter.runningRuleSets());
    // The meter switches to standby itself (high-water mark): the row shows it ...
    meter.setRunningStandby(2, true);
    assertEquals("INTEGER: 1", a.get(MANAGER + ".9.2"));
    assertArrayEquals(new int[] {5}, meter.runningRuleSets());
    // ... and the manager switches it back (RFC 2720: "set this variable to false(2)").
    ok(a.set(MANAGER + ".9.2", "i", "2"));
    assertFalse(meter.task(2).runningStandby());
    assertArrayEquals(new int[] {5, 7}, meter.runningRuleSets());
    // "Specifying RuleSet 0 (the empty set) stops flow measurement for this task."
    ok(a.set(MANAGER + ".2.2", "i", "0"));
    assertArrayEquals(new int[] {5}, meter.runningRuleSets());
    ok(a.set(MANAGER + ".2.2", "i", "7"));
    ok(a.set(MANAGER + ".8.2", "i", "2"));
    assertNull(meter.task(2), "a task not in service does not run");
    assertEquals("INTEGER: 7", a.get(MANAGER + ".2.2"));
    ok(a.set(MANAGER + ".8.2", "i", "1"));
    assertEquals(7, meter.task(2).currentRuleSet());
    ok(a.set(MANAGER + ".8.2", "i", "6"));
    assertNull(meter.task(2));
    assertArrayEquals(new int[] {5}, meter.runningRuleSets());
  }

  @Test
  void anActiveReaderHoldsFlowsUntilItHasCollectedThem() throws Exception {
    meter.flowTable().setInactivityTimeout(0);
    clock.now.set(100);
    ok(a.set(READER + ".7.4", "i", "5", READER + ".3.4", "s", "reader", READER + ".6.4", "i", "4"));
    assertEquals("Timeticks: (100) 0:00:01.00", a.get(READER + ".4.4"));
    assertEquals("Timeticks: (0) 0:00:00.00", a.get(READER + ".5.4"));
    clock.now.set(200);
    send(1001);
    assertEquals(0, meter.flowTable().recoverAllIdle(300), "not collected yet");
    clock.now.set(300);
    // RFC 2720: whatever is written, LastTime := Uptime and PreviousTime := the old LastTime.
    ok(a.set(READER + ".4.4", "t", "999999"));
    assertEquals("Timeticks: (300) 0:00:03.00", a.get(READER + ".4.4"));
    assertEquals("Timeticks: (100) 0:00:01.00", a.get(READER + ".5.4"));
    assertEquals(0, meter.flowTable().recoverAllIdle(300), "that collection may still run");
    clock.now.set(400);
    ok(a.set(READER + ".4.4", "t", "0"));
    assertEquals("Timeticks: (300) 0:00:03.00", a.get(READER + ".5.4"));
    assertEquals(1, meter.flowTable().recoverAllIdle(400), "collected: recovered");
  }

  @Test
  void aReaderThatStopsCollectingIsTimedOutAndRemoved() throws Exception {
    meter.flowTable().setInactivityTimeout(0);
    ok(a.set(READER + ".7.4", "i", "5", READER + ".2.4", "i", "10", READER + ".6.4", "i", "4"));
    send(1001);
    readerClock.addAndGet(9 * SECOND);
    assertEquals("INTEGER: 1", a.get(READER + ".6.4"));
    assertEquals(0, meter.flowTable().recoverAllIdle(clock.now()));
    readerClock.addAndGet(SECOND);
    assertTrue(a.walk(READER).isEmpty(), "10 s without a collection: the row is gone");
    assertEquals(1, meter.flowTable().recoverAllIdle(clock.now()), "and holds nothing back");
    // A row not yet active times out as well.
    ok(a.set(READER + ".2.6", "i", "5", READER + ".6.6", "i", "5"));
    readerClock.addAndGet(5 * SECOND);
    assertTrue(a.walk(READER).isEmpty());
  }

  @Test
  void aReaderOutOfServiceHoldsNothingAndMayChange() throws Exception {
    meter.flowTable().setInactivityTimeout(0);
    ok(a.set(READER + ".7.4", "i", "5", READER + ".6.4", "i", "4"));
    send(1001);
    assertEquals(0, meter.flowTable().recoverAllIdle(clock.now()));
    ok(a.set(READER + ".6.4", "i", "2"));
    ok(a.set(READER + ".3.4", "s", "now writable", READER + ".7.4", "i", "6"));
    assertEquals(1, meter.flowTable().recoverAllIdle(clock.now()));
    ok(a.set(READER + ".6.4", "i", "6"));
    assertTrue(a.walk(READER).isEmpty());
  }

  @Test
  void interfacesShowTheirSampleRateAndLostPackets() throws Exception {
    capture.lost[1] = (1L << 32) + 5; // Counter32 wraps (RFC 2578 §7.1.6)
    capture.lost[2] = 17;
    assertEquals(List.of(INTERFACE + ".1.1 = INTEGER: 1", INTERFACE + ".1.2 = INTEGER: 1",
        INTERFACE + ".2.1 = Counter32: 5", INTERFACE + ".2.2 = Counter32: 17"),
        a.walk(INTERFACE));
    ok(a.set(INTERFACE + ".1.2", "i", "0"));
    assertEquals(0, meter.sampling().rate(2), "0: the interface is ignored");
    ok(a.set(INTERFACE + ".1.1", "i", "10"));
    assertEquals(10, meter.sampling().rate(1));
    assertEquals("INTEGER: 10", a.get(INTERFACE + ".1.1"));
  }

  @Test
  void theBuiltInRuleSetIsAReadOnlyRow() throws Exception {
    assertEquals("STRING: \"" + FlowControlTables.BUILTIN_OWNER + "\"",
        a.get(RULE_INFO + ".3.1"));
    assertEquals("STRING: \"default\"", a.get(RULE_INFO + ".6.1"));
    assertEquals("INTEGER: 1", a.get(RULE_INFO + ".5.1"));
    assertEquals("INTEGER: 3", a.get(RULE_INFO + ".2.1"));
  }

  private void send(int sport) {
    byte[] f = Frames.ipv4("10.0.0.1", sport, "10.0.0.2", 80, 6, 100);
    meter.sink().packet(1, ETHERNET, SECOND, f, 0, f.length, f.length);
  }

  private static void ok(Result r) {
    assertEquals(0, r.exitCode(), r.out());
  }

  static List<String> rule(int set, int i, int selector, String mask, String value, int action,
      int parameter) {
    String idx = "." + set + "." + i;
    return List.of(RULE + ".3" + idx, "i", Integer.toString(selector),
        RULE + ".4" + idx, "x", mask, RULE + ".5" + idx, "x", value,
        RULE + ".6" + idx, "i", Integer.toString(action),
        RULE + ".7" + idx, "i", Integer.toString(parameter));
  }
}
