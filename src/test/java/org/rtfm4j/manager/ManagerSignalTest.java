package org.rtfm4j.manager;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.cli.Main;
import org.rtfm4j.client.FlowMib;
import org.rtfm4j.rules.RuleFileWriter;
import org.rtfm4j.testutil.UdpRelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rtfm manager load} in its own JVM, stopped half-way through a download as an operator
 * stops it: SIGTERM (Ctrl-C runs the same shutdown hooks) removes the half-written rule set
 * before the JVM ends; SIGKILL cannot, and a restarted manager then recognises the row it left
 * and removes it. The relay between them holds the download at a known point.
 */
class ManagerSignalTest {
  private static final String OWNER = "ops@signal-test";
  private static final int RULES = 3000;
  /** The first free rule set number of a fresh meter (1 is built in; the file has no SET). */
  private static final int SET = 2;
  private static final long WAIT_SECONDS = 30;
  /** What a JVM ended by SIGTERM exits with (128 + 15), after its shutdown hooks ran. */
  private static final int SIGTERM_EXIT = 143;

  @Test
  void sigtermRemovesTheHalfWrittenRuleSet(@TempDir Path dir) throws Exception {
    try (TestMeter m = new TestMeter(); UdpRelay relay = new UdpRelay(m.port())) {
      Process p = startLoad(dir, relay);
      try {
        holdHalfWay(m, relay, p, dir);
        p.destroy(); // SIGTERM
        relay.setDropping(false); // the hook's destroy must reach the meter
        assertTrue(p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "manager did not stop");
        String log = Files.readString(dir.resolve("manager.log"));
        assertEquals(SIGTERM_EXIT, p.exitValue(), log);
        assertTrue(log.contains("rtfm manager: meter 127.0.0.1:" + relay.port()
            + ": interrupted; the half-written rule set " + SET + " was removed"), log);
        assertEquals(List.of(1), ManagerFailureTest.numbers(m.manager(OWNER).ruleSets()));
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void afterSigkillARestartedManagerFindsAndRemovesWhatWasLeft(@TempDir Path dir)
      throws Exception {
    try (TestMeter m = new TestMeter(); UdpRelay relay = new UdpRelay(m.port())) {
      Process p = startLoad(dir, relay);
      try {
        holdHalfWay(m, relay, p, dir);
        p.destroyForcibly(); // SIGKILL: no hook runs
        assertTrue(p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "manager did not stop");
      } finally {
        p.destroyForcibly();
      }
      relay.setDropping(false);
      ManagerCommandTest.Run list = ManagerCommandTest.manager("--meter", m.address(), "-c",
          TestMeter.RW, "--owner", OWNER, "list");
      assertEquals(0, list.exit(), list.err());
      assertTrue(list.lines().get(2).matches(" +2 +big +" + OWNER + " \\* +" + RULES
          + " +notReady, half-written +0 +-"), list.out());
      assertTrue(list.out().contains("notReady, half-written"), list.out());
      assertTrue(list.out().contains("rule set 2 was left half-written by an interrupted load"
          + " of this manager; 'cleanup' or 'delete 2' removes it"), list.out());
      ManagerCommandTest.Run cleanup = ManagerCommandTest.manager("--meter", m.address(), "-c",
          TestMeter.RW, "--owner", OWNER, "cleanup");
      assertEquals(List.of("removed the half-written rule set 2"), cleanup.lines());
      assertEquals(List.of(1), ManagerFailureTest.numbers(m.manager(OWNER).ruleSets()));
    }
  }

  /** Starts {@code rtfm manager load} of a big rule set through the relay, one rule per SET. */
  private static Process startLoad(Path dir, UdpRelay relay) throws Exception {
    Path rules = dir.resolve("big.rules");
    Files.writeString(rules, RuleFileWriter.write(RuleSets.big("big", RULES)));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "manager", "--meter", "127.0.0.1:" + relay.port(), "-c",
        TestMeter.RW, "--owner", OWNER, "--timeout", "3", "--retries", "20", "--batch", "1",
        "load", rules.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("manager.log").toFile())
        .start();
  }

  /**
   * Waits until the download has begun, then stops the relay: the manager waits for an answer
   * with rule set 2 created and not complete (notReady).
   */
  private static void holdHalfWay(TestMeter m, UdpRelay relay, Process p, Path dir)
      throws Exception {
    Manager look = m.manager(OWNER);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (look.ruleSets().size() > 1) {
        relay.setDropping(true);
        RuleSetInfo s = ManagerLoadTest.find(look.ruleSets(), SET);
        assertEquals(FlowMib.NOT_READY, s.status(), "the download ended before it was held");
        assertEquals(OWNER, s.owner());
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the manager never created its rule set (alive=" + p.isAlive()
        + "): " + Files.readString(dir.resolve("manager.log")));
  }
}
