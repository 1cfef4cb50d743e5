package org.rtfm4j.manager;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.client.FlowMib;
import org.rtfm4j.client.MeterTarget;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.testutil.UdpRelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downloads that fail half-way: the meter refuses a SET, stops answering, the manager is
 * interrupted, or the state changes under it. Nothing half-written may stay behind unless the
 * meter cannot be reached, and then a restarted manager recognises and removes it; what was
 * running keeps running; the message says what happened.
 */
class ManagerFailureTest {
  private static final String OWNER = "manager under test";
  private static final Path FIVE_TUPLE = Path.of("rulesets/five-tuple.rules");
  private static final Path HOST_PAIRS = Path.of("rulesets/host-pairs.rules");
  private static final Path SUBNETS = Path.of("rulesets/subnets.rules");

  @Test
  void aCommunityThatMayCreateButNotWriteRulesLeavesNothingBehind(@TempDir Path dir)
      throws Exception {
    Path conf = dir.resolve("snmp.conf");
    Files.writeString(conf, String.join("\n",
        "view all          included .1",
        "view ruleSetsOnly included flowRuleSetInfoTable",
        "rocommunity public 127.0.0.1 -V all",
        "rwcommunity half   127.0.0.1 -V ruleSetsOnly",
        ""));
    try (TestMeter m = new TestMeter(TestMeter.DEFAULT_MAX_FLOWS, conf)) {
      Manager half = new Manager(m.client(m.target("half"), 2000, 0), OWNER,
          new PendingRuleSets());
      List<Integer> created = new ArrayList<>();
      half.setProgress((n, w, t) -> created.add(n));
      ManagerException e = assertThrows(ManagerException.class,
          () -> half.load(RuleFileParser.parse(FIVE_TUPLE), LoadRequest.loadOnly()));
      assertEquals("rule set 'five-tuple' not loaded: writing its rules as rule set 5 failed:"
          + " the meter does not let the SNMPv2c community write flowRuleSelector.5.1; use a"
          + " community or SNMPv3 user with write access to the control tables (rtfm meter"
          + " --rw-community, or a manager user as in examples/snmp.conf) [noAccess for"
          + " flowRuleSelector.5.1]; rule set 5 was removed again and nothing else changed",
          e.getMessage());
      assertEquals(List.of(), created, "not one batch of rules went through");
      Manager reader = new Manager(m.client(m.target("public"), 2000, 0), OWNER,
          new PendingRuleSets());
      assertEquals(List.of(1), numbers(reader.ruleSets()));
    }
  }

  @Test
  void aMeterThatStopsAnsweringHalfWayLeavesARowARestartedManagerRemoves() throws Exception {
    try (TestMeter m = new TestMeter(); UdpRelay relay = new UdpRelay(m.port())) {
      MeterTarget viaRelay = MeterTarget.community(TestMeter.LOOPBACK, relay.port(),
          MeterTarget.Version.V2C, TestMeter.RW);
      Manager mgr = new Manager(m.client(viaRelay, 300, 0), OWNER, new PendingRuleSets());
      mgr.setProgress((n, written, total) -> {
        if (written >= 50) {
          relay.setDropping(true);
        }
      });
      RuleSet big = RuleSets.big("big", 200);
      ManagerException e = assertThrows(ManagerException.class,
          () -> mgr.load(big, LoadRequest.loadOnly()));
      assertTrue(e.getMessage().startsWith("rule set 'big' not loaded: writing its rules as"
          + " rule set 2 failed: meter 127.0.0.1:" + relay.port() + " did not answer a SET"),
          e.getMessage());
      assertTrue(e.getMessage().endsWith("rule set 2 could not be removed (meter 127.0.0.1:"
          + relay.port() + " did not answer a SET within 0.3 s (is it running there, and is the"
          + " SNMPv2c community one it accepts?)) and is left half-written on the meter;"
          + " 'cleanup' removes it when the meter answers again. Nothing else changed"),
          e.getMessage());

      // The meter answers again; a restarted manager (same owner) sees what was left.
      relay.setDropping(false);
      Manager restarted = m.manager(OWNER);
      RuleSetInfo left = ManagerLoadTest.find(restarted.ruleSets(), 2);
      assertEquals(FlowMib.NOT_READY, left.status());
      assertEquals(200, left.size());
      assertTrue(restarted.halfWritten(left));
      assertFalse(m.manager("another manager").halfWritten(left), "only its own");
      LoadResult other = restarted.load(RuleFileParser.parse(HOST_PAIRS),
          LoadRequest.loadOnly());
      assertEquals(List.of("rule set 2 ('big') was left half-written by an interrupted load of"
          + " this manager; 'cleanup' or 'delete 2' removes it"), other.notes());
      assertEquals(List.of(2), restarted.cleanup());
      assertEquals(List.of(1, 6), numbers(restarted.ruleSets()));
      assertEquals(List.of(), restarted.cleanup());
    }
  }

  @Test
  void lostAnswersAndTheirResentRequestsStillLoadOnce() throws Exception {
    try (TestMeter m = new TestMeter(); UdpRelay relay = new UdpRelay(m.port())) {
      MeterTarget viaRelay = MeterTarget.community(TestMeter.LOOPBACK, relay.port(),
          MeterTarget.Version.V2C, TestMeter.RW);
      Manager mgr = new Manager(m.client(viaRelay, 300, 2), OWNER, new PendingRuleSets());
      // A fresh meter: one GETBULK reads the rule sets, one the (no) tasks; the third request
      // is the createAndWait. Its answer is lost; the resent copy finds the row made.
      relay.dropAnswer(3);
      LoadResult r = mgr.load(RuleFileParser.parse(FIVE_TUPLE), LoadRequest.loadOnly());
      assertEquals(1, relay.dropped());
      assertEquals(5, r.ruleSet());
      assertEquals(List.of(1, 5), m.meter.ruleSetNumbers(), "one rule set, not two");

      // The task's createAndGo: its answer is lost, the resent copy is refused (the row
      // exists), and the task runs the new rule set all the same.
      mgr.setProgress((n, written, total) -> {
        if (written == total) {
          // After the last batch: the read-back GETs of the row and of its 9 rules (one
          // request), the activation, then the task.
          relay.dropAnswer(4);
        }
      });
      LoadResult hp = mgr.load(RuleFileParser.parse(HOST_PAIRS), LoadRequest.withTask(2));
      assertEquals(2, relay.dropped());
      assertEquals(hp.ruleSet(), m.meter.task(2).currentRuleSet());
      assertEquals(List.of(1, 5, 6), m.meter.ruleSetNumbers());
    }
  }

  @Test
  void anInterruptedManagerRemovesItsHalfWrittenRuleSet() throws Exception {
    try (TestMeter m = new TestMeter()) {
      PendingRuleSets pending = new PendingRuleSets();
      Manager mgr = new Manager(m.client(m.target(TestMeter.RW), 2000, 0), OWNER, pending);
      List<String> said = new ArrayList<>();
      List<Integer> statusAtInterrupt = new ArrayList<>();
      Manager observer = m.manager(OWNER);
      mgr.setProgress((n, written, total) -> {
        if (written >= 50 && said.isEmpty()) {
          statusAtInterrupt.add(
              ManagerLoadTest.find(observer.ruleSets(), n).status());
          // What the shutdown hook does on Ctrl-C or SIGTERM, from another thread.
          Thread hook = new Thread(() -> pending.abandon(said::add));
          hook.start();
          try {
            hook.join();
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
          }
        }
      });
      ManagerException e = assertThrows(ManagerException.class,
          () -> mgr.load(RuleSets.big("big", 200), LoadRequest.loadOnly()));
      assertEquals(List.of(FlowMib.NOT_READY), statusAtInterrupt, "half-written when stopped");
      assertEquals(List.of("meter " + m.address() + ": interrupted; the half-written rule set 2"
          + " was removed"), said);
      assertEquals("rule set 'big' not loaded: interrupted; rule set 2 was removed again and"
          + " nothing else changed", e.getMessage());
      assertEquals(List.of(1), m.meter.ruleSetNumbers());
      assertEquals(List.of(1), numbers(m.manager(OWNER).ruleSets()));
    }
  }

  @Test
  void aTaskThatCannotBeChangedLeavesWhatRunsRunningAndTheNewRuleSetGone() throws Exception {
    try (TestMeter m = new TestMeter()) {
      Manager mgr = m.manager(OWNER);
      mgr.load(RuleFileParser.parse(FIVE_TUPLE), LoadRequest.withTask(1));
      mgr.load(RuleFileParser.parse(HOST_PAIRS), LoadRequest.loadOnly());
      // Another manager deletes the standby rule set while the download runs.
      Manager other = m.manager(OWNER);
      mgr.setProgress((n, written, total) -> {
        if (written == total) {
          other.delete(6, false);
        }
      });
      ManagerException e = assertThrows(ManagerException.class, () -> mgr.load(
          RuleFileParser.parse(SUBNETS), new LoadRequest(0, null, 1, 6, 50, false, false)));
      assertEquals("rule set 'subnets' not loaded: starting task 1 with it as rule set 7"
          + " failed: a task can only run a rule set that is active on the meter"
          + " [inconsistentValue for flowManagerStandbyRuleSet.1]; rule set 7 was removed again"
          + " and nothing else changed", e.getMessage());
      assertEquals(5, m.meter.task(1).currentRuleSet());
      assertEquals(0, m.meter.task(1).standbyRuleSet());
      assertEquals(List.of(1, 5), m.meter.ruleSetNumbers());
      assertNull(m.meter.ruleSet(7));
    }
  }

  @Test
  void refusalsInPlainWords() throws Exception {
    try (TestMeter m = new TestMeter()) {
      Manager mgr = m.manager(OWNER);
      mgr.load(RuleFileParser.parse(FIVE_TUPLE), LoadRequest.withTask(2));
      ManagerException used = assertThrows(ManagerException.class, () -> mgr.delete(5, false));
      assertEquals("rule set 5 is used by task 2; stop the task first [inconsistentValue for"
          + " flowRuleInfoStatus.5]", used.getMessage());
      Manager v1 = new Manager(m.client(MeterTarget.community(TestMeter.LOOPBACK, m.port(),
          MeterTarget.Version.V1, TestMeter.RW), 2000, 0), OWNER, new PendingRuleSets());
      assertEquals("rule set 5 is used by task 2; stop the task first [badValue for"
          + " flowRuleInfoStatus.5]",
          assertThrows(ManagerException.class, () -> v1.delete(5, false)).getMessage());
      assertEquals("there is no rule set 9 on the meter",
          assertThrows(ManagerException.class, () -> mgr.delete(9, false)).getMessage());
      assertEquals("there is no rule set 9 on the meter",
          assertThrows(ManagerException.class, () -> mgr.ruleSet(9)).getMessage());
      assertEquals("there is no task 4 on the meter",
          assertThrows(ManagerException.class, () -> mgr.stop(4, false)).getMessage());
      assertTrue(assertThrows(ManagerException.class, () -> mgr.delete(1, true)).getMessage()
          .startsWith("rule set 1 is the meter's built-in rule set"));

      Manager readOnly = new Manager(m.client(m.target("public"), 2000, 0), OWNER,
          new PendingRuleSets());
      assertEquals("flood mark not changed: the meter does not let the SNMPv2c community write"
          + " flowFloodMark.0; use a community or SNMPv3 user with write access to the control"
          + " tables (rtfm meter --rw-community, or a manager user as in examples/snmp.conf)"
          + " [noAccess for flowFloodMark.0]",
          assertThrows(ManagerException.class, () -> readOnly.setFloodMark(50)).getMessage());

      Manager wrong = new Manager(m.client(m.target("wrong"), 200, 0), OWNER,
          new PendingRuleSets());
      assertEquals("cannot read the rule sets: meter " + m.address() + " did not answer a walk"
          + " within 0.2 s (is it running there, and is the SNMPv2c community one it accepts?)",
          assertThrows(ManagerException.class, wrong::ruleSets).getMessage());

      // A rule of an active rule set, written directly: the meter's notWritable in words.
      org.rtfm4j.client.MeterException active = assertThrows(
          org.rtfm4j.client.MeterException.class, () -> m.client(m.target(TestMeter.RW), 2000, 0)
              .set(Manager.ruleBindings(5, 1, new org.rtfm4j.rules.RuleRow(0, new byte[2],
                  new byte[2], 1, 0))));
      assertEquals("rule set 5 is active, and the rules of an active rule set cannot change"
          + " (RFC 2720 flowRuleInfoStatus) [notWritable for flowRuleSelector.5.1]",
          Explanations.of(active));

      mgr.stop(2, false);
      mgr.delete(5, false);
      assertEquals(List.of(1), m.meter.ruleSetNumbers());
    }
  }

  static List<Integer> numbers(List<RuleSetInfo> sets) {
    List<Integer> l = new ArrayList<>();
    for (RuleSetInfo s : sets) {
      l.add(s.index());
    }
    return l;
  }
}
