package org.rtfm4j.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.cli.Main;
import org.rtfm4j.meter.Task;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleFileWriter;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.testutil.Frames;

/**
 * Downloads through {@link Manager} into a meter serving its control tables on loopback: every
 * shipped rule set loads, reads back as the same rules in rule-file syntax, and meters a capture
 * exactly as {@code rtfm meter -R} with the same file does; replacing, numbering and ownership.
 */
class ManagerLoadTest {
  private static final String OWNER = "manager under test";
  /** Captures with IPv4, IPv6, TCP, UDP and tunnels, small enough to commit (see README there). */
  private static final List<String> CAPTURES = List.of("examples/stun.pcap",
      "src/test/resources/captures/ndpi__iqiyi.pcap",
      "src/test/resources/captures/ndpi__dns.pcap",
      "src/test/resources/captures/suricata-verify__http-ipv6__input.pcap",
      "src/test/resources/captures/ndpi__teredo.pcap");

  static List<Path> shippedRuleSets() throws Exception {
    try (Stream<Path> s = Files.list(Path.of("rulesets"))) {
      List<Path> l = s.filter(p -> p.toString().endsWith(".rules")).sorted().toList();
      assertTrue(l.size() >= 5, "rulesets/: " + l);
      return l;
    }
  }

  @Test
  void everyShippedRuleSetLoadsAndShowsBackAsTheSameRules() throws Exception {
    try (TestMeter m = new TestMeter()) {
      Manager mgr = m.manager(OWNER);
      for (Path f : shippedRuleSets()) {
        RuleSet file = RuleFileParser.parse(f);
        LoadResult r = mgr.load(file, LoadRequest.loadOnly());
        // A fresh meter: the file's SET number is free, so the rule set keeps it.
        assertEquals(file.number(), r.ruleSet(), f.toString());
        assertEquals(file.size(), r.size());
        // Truth independent of the manager: what the meter itself now holds.
        assertEquals(file.rules(), m.meter.ruleSet(r.ruleSet()).rules(), f.toString());
        assertEquals(file.name(), m.meter.ruleSet(r.ruleSet()).name());

        String shown = RuleFileWriter.write(mgr.ruleSet(r.ruleSet()));
        RuleSet back = RuleFileParser.parse(file.name(), shown);
        assertEquals(file.rules(), back.rules(), f + " shown as\n" + shown);
        assertEquals(file.number(), back.number());
        assertEquals(file.name(), back.name());
      }
      assertEquals(List.of(), m.log());
    }
  }

  @Test
  void aLoadedRuleSetMetersExactlyAsTheOfflineMeterWithTheSameFile(@TempDir Path dir)
      throws Exception {
    // The University of Auckland network of RFC 2123 (netramet-example.rules counts only it)
    // is in none of the captures: a few packets to and from it, and some that are not.
    List<Frames.Timed> auckland = new ArrayList<>();
    String[][] pairs = {{"130.216.1.5", "192.0.2.7"}, {"192.0.2.7", "130.216.1.5"},
        {"130.216.9.9", "198.51.100.1"}, {"198.51.100.1", "203.0.113.4"}};
    for (int i = 0; i < 40; i++) {
      String[] pair = pairs[i % pairs.length];
      auckland.add(new Frames.Timed(1_000_000L * i, Frames.ipv4(pair[0], 1000 + i % 3, pair[1],
          53, i % 2 == 0 ? 17 : 6, 20 + i)));
    }
    Path made = dir.resolve("auckland.pcap");
    Frames.writePcap(made, auckland);
    List<String> captures = new ArrayList<>(CAPTURES);
    captures.add(made.toString());
    for (Path f : shippedRuleSets()) {
      long flows = 0;
      for (String capture : captures) {
        Path offline = dir.resolve("offline.csv");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"meter", "-q", "-r", capture, "-R", f.toString(),
            "--flows-out", offline.toString()}, new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        String expected = Files.readString(offline);

        try (TestMeter m = new TestMeter()) {
          m.manager(OWNER).load(RuleFileParser.parse(f), LoadRequest.withTask(1));
          String measured = m.replay(Path.of(capture));
          assertEquals(expected, measured, f + " on " + capture);
        }
        flows += expected.lines().count() - 1;
      }
      assertTrue(flows > 0, f + " made no flow on any capture: nothing was compared");
    }
  }

  @Test
  void loadTakesTheFilesSetNumberWhenFreeElseTheLowestFreeOrTheOneAskedFor() throws Exception {
    try (TestMeter m = new TestMeter()) {
      Manager mgr = m.manager(OWNER);
      RuleSet ft = RuleFileParser.parse(Path.of("rulesets/five-tuple.rules"));
      assertEquals(5, mgr.load(ft, LoadRequest.loadOnly()).ruleSet());
      LoadResult second = mgr.load(ft, new LoadRequest(0, "again", 0, -1, -1, false, false));
      assertEquals(2, second.ruleSet(), "5 is taken: the lowest free number");
      assertEquals("again", m.meter.ruleSet(2).name());
      assertEquals(200, mgr.load(ft, new LoadRequest(200, "there", 0, -1, -1, false, false))
          .ruleSet());
      ManagerException taken = assertThrows(ManagerException.class, () -> mgr.load(ft,
          new LoadRequest(5, "clash", 0, -1, -1, false, false)));
      assertTrue(taken.getMessage().contains("rule set 5 exists already ('five-tuple', owner '"
          + OWNER + "', active)"), taken.getMessage());
      ManagerException builtin = assertThrows(ManagerException.class, () -> mgr.load(ft,
          new LoadRequest(1, "x", 0, -1, -1, false, false)));
      assertTrue(builtin.getMessage().contains("built-in"), builtin.getMessage());
      assertEquals(List.of(1, 2, 5, 200), m.meter.ruleSetNumbers());
    }
  }

  @Test
  void sameNameIsRefusedUnlessReplacedAndReplacingSwitchesEveryTaskOver() throws Exception {
    try (TestMeter m = new TestMeter()) {
      Manager mgr = m.manager(OWNER);
      RuleSet ft = RuleFileParser.parse(Path.of("rulesets/five-tuple.rules"));
      RuleSet hp = RuleFileParser.parse(Path.of("rulesets/host-pairs.rules"));
      mgr.load(hp, LoadRequest.loadOnly());
      mgr.load(ft, new LoadRequest(0, null, 1, 6, 80, false, false));
      // A second task uses five-tuple as its standby rule set.
      mgr.run(6, 2, 5, 90, false);
      ManagerException e = assertThrows(ManagerException.class,
          () -> mgr.load(ft, LoadRequest.loadOnly()));
      assertTrue(e.getMessage().contains("this manager already has it as rule set 5 (used by"
          + " tasks 1 and 2); add --replace"), e.getMessage());
      // Another manager's task 7 runs it too: replacing would change that task.
      m.manager("someone else").run(5, 7, -1, -1, false);
      ManagerException theirs = assertThrows(ManagerException.class,
          () -> mgr.load(ft, new LoadRequest(0, null, 0, -1, -1, true, false)));
      assertEquals("rule set 'five-tuple' not loaded: the rule set it replaces (5) is also used"
          + " by task 7 of 'someone else'; add --force to switch that task too",
          theirs.getMessage());
      m.manager("someone else").stop(7, false);
      assertEquals(List.of(1, 5, 6), m.meter.ruleSetNumbers(), "nothing was created");

      LoadResult r = mgr.load(ft, new LoadRequest(0, null, 0, -1, -1, true, false));
      assertEquals(2, r.ruleSet());
      assertEquals(List.of(5), r.replaced());
      assertNull(m.meter.ruleSet(5), "the old rule set is deleted");
      Task t1 = m.meter.task(1);
      Task t2 = m.meter.task(2);
      assertEquals(List.of(2, 6, 80), List.of(t1.currentRuleSet(), t1.standbyRuleSet(),
          t1.highWaterMark()));
      assertEquals(List.of(6, 2, 90), List.of(t2.currentRuleSet(), t2.standbyRuleSet(),
          t2.highWaterMark()));
    }
  }

  @Test
  void aRestartedManagerFindsItsOwnRuleSetsByOwnerAndLeavesOthersAlone() throws Exception {
    try (TestMeter m = new TestMeter()) {
      RuleSet ft = RuleFileParser.parse(Path.of("rulesets/five-tuple.rules"));
      m.manager(OWNER).load(ft, LoadRequest.withTask(3));

      Manager again = m.manager(OWNER);
      RuleSetInfo five = find(again.ruleSets(), 5);
      assertTrue(again.ours(five.owner()));
      assertFalse(again.halfWritten(five));
      assertEquals(OWNER, again.tasks().get(0).owner());

      Manager other = m.manager("someone else");
      assertFalse(other.ours(five.owner()));
      ManagerException stop = assertThrows(ManagerException.class, () -> other.stop(3, false));
      assertEquals("task 3 belongs to '" + OWNER + "', not to this manager ('someone else');"
          + " add --force to stop it anyway", stop.getMessage());
      assertNotNull(m.meter.task(3));
      other.stop(3, true);
      assertNull(m.meter.task(3));
      ManagerException del = assertThrows(ManagerException.class, () -> other.delete(5, false));
      assertTrue(del.getMessage().contains("belongs to '" + OWNER + "'"), del.getMessage());
      again.delete(5, false);
      assertNull(m.meter.ruleSet(5));
    }
  }

  @Test
  void aRuleSetTheCheckerRefusesIsNeverSent() throws Exception {
    try (TestMeter m = new TestMeter()) {
      // Rule 1's value has bits outside its mask: its test can never succeed (RuleSetChecker).
      RuleSet bad = new RuleSet(0, "bad", List.of(
          new org.rtfm4j.rules.Rule(org.rtfm4j.rules.Attribute.SOURCE_PEER_TYPE,
              new byte[] {(byte) 0x0f}, new byte[] {(byte) 0xf1},
              org.rtfm4j.rules.Action.COUNT, 0, 0)), List.of(), false);
      ManagerException e = assertThrows(ManagerException.class,
          () -> m.manager(OWNER).load(bad, LoadRequest.loadOnly()));
      assertTrue(e.getMessage().startsWith("rule set 'bad' not loaded: rule 1:"),
          e.getMessage());
      assertEquals(List.of(1), m.meter.ruleSetNumbers());
    }
  }

  @Test
  void bigRuleSetsGoInRequestsOfBoundedSize() throws Exception {
    try (TestMeter m = new TestMeter()) {
      Manager mgr = m.manager(OWNER);
      mgr.setRulesPerRequest(1000);
      List<Integer> batches = new ArrayList<>();
      mgr.setProgress((n, written, total) -> batches.add(written));
      RuleSet big = RuleSets.big("big", 500);
      LoadResult r = mgr.load(big, LoadRequest.loadOnly());
      assertEquals(big.rules(), m.meter.ruleSet(r.ruleSet()).rules());
      // Each request holds whole rules and at most MAX_REQUEST_OCTETS of varbinds.
      int previous = 0;
      for (int w : batches) {
        int k = w - previous;
        int octets = 0;
        for (int i = previous; i < w; i++) {
          for (var vb : Manager.ruleBindings(r.ruleSet(), i + 1,
              org.rtfm4j.rules.RuleRows.fromRule(big.rules().get(i)))) {
            octets += vb.getBERLength();
          }
        }
        assertTrue(k == 1 || octets <= Manager.MAX_REQUEST_OCTETS, k + " rules, " + octets);
        previous = w;
      }
      assertEquals(500, previous);
      assertNotEquals(1, batches.size());
    }
  }

  static RuleSetInfo find(List<RuleSetInfo> sets, int n) {
    for (RuleSetInfo s : sets) {
      if (s.index() == n) {
        return s;
      }
    }
    throw new AssertionError("no rule set " + n + " in " + sets);
  }
}
