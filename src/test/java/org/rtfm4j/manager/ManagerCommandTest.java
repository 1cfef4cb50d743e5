package org.rtfm4j.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.capture.PacketSink;
import org.rtfm4j.cli.Main;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.testutil.Frames;

/** {@code rtfm manager} as an operator runs it, against meters on loopback. */
class ManagerCommandTest {
  private static final String FIVE_TUPLE = "rulesets/five-tuple.rules";
  private static final String HOST_PAIRS = "rulesets/host-pairs.rules";
  private static final int LINKTYPE_ETHERNET = 1;
  private static final int UDP = 17;

  /** What one run printed and returned. */
  record Run(int exit, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  static Run manager(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "manager";
    System.arraycopy(args, 0, all, 1, args.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** Runs against {@code m} with the read-write community and a fixed owner. */
  static Run on(TestMeter m, String... args) {
    List<String> a = new ArrayList<>(List.of("--meter", m.address(), "-c", TestMeter.RW,
        "--owner", "ops@test"));
    a.addAll(List.of(args));
    return manager(a.toArray(new String[0]));
  }

  @Test
  void loadListShowTasksStopDeleteOnOneMeter() throws Exception {
    try (TestMeter m = new TestMeter()) {
      Run load = on(m, "load", FIVE_TUPLE, "--task", "1");
      assertEquals(0, load.exit(), load.err());
      assertEquals(List.of("loaded " + FIVE_TUPLE + " as rule set 5 'five-tuple' (11 rules), run"
          + " by task 1"), load.lines());
      assertEquals("", load.err());

      Run list = on(m, "list");
      assertEquals(List.of(
          "SET  NAME        OWNER       RULES  STATUS  FLOWS  TASKS",
          "  1  default     rtfm4j          3  active      0  -",
          "  5  five-tuple  ops@test *     11  active      0  1",
          "* this manager (ops@test)"), list.lines());

      Run show = on(m, "show", "5");
      assertEquals(0, show.exit(), show.err());
      RuleSet file = RuleFileParser.parse(Path.of(FIVE_TUPLE));
      assertEquals(file.rules(), RuleFileParser.parse("shown", show.out()).rules());

      Run tasks = on(m, "tasks");
      assertEquals(List.of(
          "TASK  CURRENT       STANDBY  HWM  RUNNING    STATUS  OWNER",
          "   1  5 five-tuple  -          -  current 5  active  ops@test *",
          "* this manager (ops@test)"), tasks.lines());

      Run used = on(m, "delete", "5");
      assertEquals(7, used.exit());
      assertEquals("rtfm manager: rule set 5 is used by task 1; stop the task first"
          + " [inconsistentValue for flowRuleInfoStatus.5]\n", used.err());
      assertEquals(List.of("task 1 stopped"), on(m, "stop", "1").lines());
      assertEquals(List.of("rule set 5 deleted"), on(m, "delete", "5").lines());
      assertEquals(List.of(1), m.meter.ruleSetNumbers());
      assertTrue(m.meter.tasks().isEmpty());
    }
  }

  @Test
  void everyActionActsOnEveryMeterAndReportsPerMeter(@TempDir Path dir) throws Exception {
    try (TestMeter a = new TestMeter(); TestMeter b = new TestMeter()) {
      Run load = manager("--meter", a.address(), "--meter", b.address(), "-c", TestMeter.RW,
          "load", HOST_PAIRS, "--task", "3");
      assertEquals(0, load.exit(), load.err());
      String line = " loaded " + HOST_PAIRS + " as rule set 6 'host-pairs' (9 rules), run by"
          + " task 3";
      assertEquals(List.of(a.address() + ":" + line, b.address() + ":" + line), load.lines());
      for (TestMeter m : List.of(a, b)) {
        assertEquals(6, m.meter.task(3).currentRuleSet());
      }

      // A meter list file (NeMaC-style), under its two spellings.
      Path list = dir.resolve("meters");
      Files.writeString(list, "# both meters\nmeter " + a.address() + " -c " + TestMeter.RW
          + "\nmeter " + b.address() + " -c " + TestMeter.RW + "\n");
      Run timeout = manager("--meters", list.toString(), "set", "inactivity-timeout", "30");
      assertEquals(List.of(a.address() + ": inactivity timeout set to 30 s",
          b.address() + ": inactivity timeout set to 30 s"), timeout.lines());
      Run mark = manager("--config", list.toString(), "set", "flood-mark", "80");
      assertEquals(0, mark.exit(), mark.err());
      for (TestMeter m : List.of(a, b)) {
        assertEquals(30, m.meter.flowTable().inactivityTimeout());
        assertEquals(80, m.meter.floodMark());
      }

      // One meter stops: the other is still done, and the exit code says something failed.
      b.close();
      Run stop = manager("--meter", a.address(), "--meter", b.address(), "-c", TestMeter.RW,
          "--timeout", "0.3", "--retries", "0", "stop", "3");
      assertEquals(7, stop.exit());
      assertEquals(List.of(a.address() + ": task 3 stopped"), stop.lines());
      assertEquals("rtfm manager: " + b.address() + ": cannot read the tasks: meter "
          + b.address() + " did not answer a walk within 0.3 s (is it running there, and is the"
          + " SNMPv2c community one it accepts?)\n", stop.err());
      assertTrue(a.meter.tasks().isEmpty());
    }
  }

  @Test
  void snmpV3ManagerUserLoadsAndTheReaderUserIsRefusedInWords() throws Exception {
    // examples/snmp.conf: user "manager" writes the control tables, user "reader" may not.
    try (TestMeter m = new TestMeter(TestMeter.DEFAULT_MAX_FLOWS,
        Path.of("examples/snmp.conf"))) {
      Run load = manager("--meter", m.address(), "-v", "3", "-u", "manager", "-l", "authPriv",
          "-a", "SHA-512", "-A", "manager auth passphrase", "-x", "AES-256", "-X",
          "manager privacy passphrase", "--owner", "ops@test", "load", FIVE_TUPLE, "--task",
          "1");
      assertEquals(0, load.exit(), load.err());
      assertEquals(5, m.meter.task(1).currentRuleSet());
      Run reader = manager("--meter", m.address(), "-v", "3", "-u", "reader", "-l", "authPriv",
          "-a", "SHA-256", "-A", "reader auth passphrase", "-x", "AES", "-X",
          "reader privacy passphrase", "--owner", "ops@test", "stop", "1");
      assertEquals(7, reader.exit());
      assertEquals("rtfm manager: task 1 not stopped: the meter does not let the user reader"
          + " (authPriv) write flowManagerStatus.1; use a community or SNMPv3 user with write"
          + " access to the control tables (rtfm meter --rw-community, or a manager user as in"
          + " examples/snmp.conf) [noAccess for flowManagerStatus.1]\n", reader.err());
      assertEquals(5, m.meter.task(1).currentRuleSet());
    }
  }

  @Test
  void errorsInPlainWordsWithTheirExitCodes(@TempDir Path dir) throws Exception {
    try (TestMeter m = new TestMeter()) {
      Run wrong = manager("--meter", m.address(), "-c", "not-it", "--timeout", "0.2",
          "--retries", "0", "list");
      assertEquals(7, wrong.exit());
      assertEquals("rtfm manager: cannot read the rule sets: meter " + m.address() + " did not"
          + " answer a walk within 0.2 s (is it running there, and is the SNMPv2c community one"
          + " it accepts?)\n", wrong.err());

      Run readOnly = manager("--meter", m.address(), "load", FIVE_TUPLE);
      assertEquals(7, readOnly.exit());
      assertEquals("rtfm manager: rule set 'five-tuple' not loaded: creating it as rule set 5"
          + " failed: the meter does not let the SNMPv2c community write flowRuleInfoStatus.5;"
          + " use a community or SNMPv3 user with write access to the control tables (rtfm"
          + " meter --rw-community, or a manager user as in examples/snmp.conf) [noAccess for"
          + " flowRuleInfoStatus.5]; nothing was changed\n", readOnly.err());

      Run unknown = on(m, "show", "9");
      assertEquals(7, unknown.exit());
      assertEquals("rtfm manager: there is no rule set 9 on the meter\n", unknown.err());

      Run usage = on(m, "delete", "300");
      assertEquals(2, usage.exit());
      assertTrue(usage.err().startsWith("rtfm manager: delete N takes a whole number 1..255,"
          + " not '300'\n"), usage.err());
      assertEquals(2, on(m, "frobnicate").exit());
      assertEquals(2, on(m, "load", FIVE_TUPLE, "--hwm", "50").exit(), "--hwm without --task");
      assertEquals(2, on(m, "run", "5").exit(), "run without --task");
      assertEquals(2, manager("list").exit(), "no meter");

      Path bad = dir.resolve("bad.rules");
      Files.writeString(bad, "RULES\n  SourcePeerType & 255 = 1: Frobnicate, 0;\n");
      Run badFile = on(m, "load", bad.toString());
      assertEquals(3, badFile.exit());
      assertTrue(badFile.err().startsWith(bad + ":2:"), badFile.err());
      Path badSrl = dir.resolve("bad.srl");
      Files.writeString(badSrl, "if SourcePeerType == IP save;\n  count\n");
      Run srl = on(m, "load", badSrl.toString());
      assertEquals(3, srl.exit());
      assertTrue(srl.err().startsWith(badSrl + ":"), srl.err());
      assertEquals(List.of(1), m.meter.ruleSetNumbers(), "nothing reached the meter");
    }
  }

  @Test
  void anSrlProgramIsCompiledAndLoadedAsItsCompilerMakesIt() throws Exception {
    Path source = Path.of("rulesets/five-tuple.srl");
    org.rtfm4j.rules.RuleSet compiled = org.rtfm4j.srl.SrlCompiler.compile(source).ruleSet();
    try (TestMeter m = new TestMeter()) {
      Run load = on(m, "load", source.toString(), "--task", "1");
      assertEquals(0, load.exit(), load.err());
      int n = compiled.number();
      assertEquals(compiled.rules(), m.meter.ruleSet(n).rules());
      assertEquals(n, m.meter.task(1).currentRuleSet());
    }
  }

  @Test
  void aFloodOfNewFlowsSwitchesTheTaskToStandbyAndResumeSwitchesBack() throws Exception {
    // A flow table of 100 flows; the task switches to its standby rule set at 50% (RFC 2720
    // flowManagerHighWaterMark).
    try (TestMeter m = new TestMeter(100, null)) {
      assertEquals(0, on(m, "load", HOST_PAIRS).exit());
      Run load = on(m, "load", FIVE_TUPLE, "--task", "1", "--standby", "6", "--hwm", "50");
      assertEquals(0, load.exit(), load.err());
      assertTrue(on(m, "tasks").lines().contains(
          "   1  5 five-tuple  6 host-pairs  50%  current 5  active  ops@test *"));

      // 80 UDP conversations between the same two hosts: 80 five-tuple flows, 1 host pair.
      Meter.CaptureSession session = m.meter.captureSession();
      try {
        PacketSink sink = m.meter.sink();
        for (int i = 0; i < 80; i++) {
          byte[] f = Frames.ipv4("10.0.0.1", 1000 + i, "10.0.0.2", 53, UDP, 10);
          sink.packet(1, LINKTYPE_ETHERNET, 1_000_000_000L * (i + 1), f, 0, f.length,
              f.length);
        }
      } finally {
        session.close();
      }
      assertTrue(m.meter.task(1).runningStandby());
      Run status = on(m, "status");
      assertEquals(0, status.exit(), status.err());
      assertTrue(status.lines().contains(
          "     1  5 five-tuple  6 host-pairs  50%  standby 6  active  ops@test *"),
          status.out());
      // 50 five-tuple flows made the table half full; the other 30 packets went to one
      // host-pairs flow.
      assertTrue(status.lines().contains("flows               51 active of 100 (51%)"),
          status.out());

      Run resume = on(m, "resume", "1");
      assertEquals(List.of("task 1 runs its current rule set again"), resume.lines());
      assertFalse(m.meter.task(1).runningStandby());
      assertTrue(on(m, "status").lines().contains(
          "     1  5 five-tuple  6 host-pairs  50%  current 5  active  ops@test *"));
      assertEquals(List.of("task 1 was already running its current rule set"),
          on(m, "resume", "1").lines());
    }
  }
}
