package org.rtfm4j.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rtfm4j.meter.Task;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.testutil.Command;

/**
 * The raw net-snmp commands the README gives for each manager action, run as written (the
 * {@code sh} blocks, in order) against a meter: they must work, and the load they spell out must
 * leave the meter holding what {@code rtfm manager load} of the documented rule file leaves.
 */
class ManagerDocTest {
  private static final Path DOC = Path.of("README.md");
  private static final long SCRIPT_SECONDS = 60;

  @Test
  void theDocumentedNetSnmpCommandsDoWhatTheManagerDoes() throws Exception {
    for (String tool : List.of("snmpset", "snmpget", "snmpwalk", "snmptable")) {
      assumeTrue(Command.onPath(tool), tool + " not installed (Debian package snmp)");
    }
    List<String> sh = blocks("sh");
    List<String> rules = blocks("rules");
    assertTrue(sh.size() >= 6, "sh blocks in " + DOC + ": " + sh.size());
    assertEquals(1, rules.size());
    String setup = sh.get(0);
    try (TestMeter m = new TestMeter()) {
      run(m, setup + sh.get(1));
      Manager mgr = m.manager("ops@host");
      assertEquals(RuleFileParser.parse("protocols", rules.get(0)).rules(),
          mgr.ruleSet(10).rules());
      RuleSetInfo info = ManagerLoadTest.find(mgr.ruleSets(), 10);
      assertTrue(mgr.ours(info.owner()) && info.active() && info.name().equals("protocols"),
          info.toString());
      Task t = m.meter.task(4);
      assertEquals(10, t.currentRuleSet());
      assertEquals(0, t.standbyRuleSet());

      StringBuilder rest = new StringBuilder(setup);
      for (String b : sh.subList(2, sh.size())) {
        rest.append(b);
      }
      run(m, rest.toString());
      assertEquals(List.of(1), m.meter.ruleSetNumbers());
      assertTrue(m.meter.tasks().isEmpty());
      assertEquals(30, m.meter.flowTable().inactivityTimeout());
      assertEquals(80, m.meter.floodMark());
    }
  }

  /** The fenced blocks of {@code language} in the document, in order. */
  private static List<String> blocks(String language) throws Exception {
    List<String> out = new ArrayList<>();
    StringBuilder cur = null;
    for (String line : Files.readAllLines(DOC)) {
      if (cur == null && line.equals("```" + language)) {
        cur = new StringBuilder();
      } else if (cur != null && line.equals("```")) {
        out.add(cur.toString());
        cur = null;
      } else if (cur != null) {
        cur.append(line).append('\n');
      }
    }
    return out;
  }

  private static void run(TestMeter m, String script) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script)
        .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("M", m.address());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(SCRIPT_SECONDS, TimeUnit.SECONDS), "script did not end");
    assertEquals(0, p.exitValue(), script + "\n---\n" + output);
  }
}
