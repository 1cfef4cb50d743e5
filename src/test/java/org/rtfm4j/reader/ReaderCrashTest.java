package org.rtfm4j.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.testutil.Pcaps;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.VariableBinding;

/**
 * A reader killed at every step of a pass and restarted, while a meter measures flows that start,
 * go idle and are recovered: its files add up to every flow the meter measured, at its final
 * counters, with no pass twice and no flow twice in a pass. The kill is a throw at a
 * {@link CrashPoint}; the killed reader is dropped without closing anything but its lock.
 */
class ReaderCrashTest {
  private static final int INACTIVITY_SECONDS = 3;
  private static final double PHASE_SECONDS = 2;
  private static final int PHASES = 36;
  private static final int NEW_FLOWS_PER_PHASE = 25;
  private static final int LONG_FLOWS = 8;
  private static final List<String> POINTS = List.of("registered", "lastTimeSet", "flow",
      "written", "state.next", "renamed", "committed");
  private static final long SEED = 20_722L;

  /** The system killed the reader here. */
  private static final class Killed extends IOException {
    private static final long serialVersionUID = 1L;

    Killed(String where) {
      super("killed at " + where);
    }
  }

  /** Kills at {@code where} (the {@code nth} time it is reached), once. */
  private static final class KillAt implements CrashPoint {
    private final String where;
    private int left;

    KillAt(String where, int nth) {
      this.where = where;
      this.left = nth;
    }

    @Override
    public void reached(String point) throws IOException {
      if (point.equals(where) && --left == 0) {
        throw new Killed(point);
      }
    }
  }

  /** Traffic of phase {@code k}: new flows, flows of the phase before, and long flows. */
  private static void phase(MeterHarness m, int k) {
    double base = k * PHASE_SECONDS;
    for (int j = 0; j < NEW_FLOWS_PER_PHASE; j++) {
      m.packet(base + 0.01 * j, Pcaps.udp(0x0a000001 + (k << 16) + (j << 8), 0xc0a80001,
          1000 + j, 53, j));
      if (k > 0 && j % 3 == 0) {
        // A flow of the phase before goes on, so it changes after a pass has read it.
        m.packet(base + 0.5 + 0.01 * j, Pcaps.udp(0x0a000001 + ((k - 1) << 16) + (j << 8),
            0xc0a80001, 1000 + j, 53, 7));
      }
    }
    for (int l = 0; l < LONG_FLOWS; l++) {
      m.packet(base + 1 + 0.01 * l, Pcaps.udp(0x0b000001 + l, 0xc0a80002, 2000 + l, 80, 100));
    }
  }

  private static ReaderSettings settings(Path out, Method method) {
    return new ReaderSettings(5, out, OutputFormat.CSV, method, FlowLayout.csvColumns(false),
        "crash test", 600, Method.DEFAULT_VARBINDS);
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void killedAtEveryStepAndRestartedTheReaderLosesNothingAndRepeatsNothing(Method method,
      @TempDir Path dir) throws Exception {
    Random random = new Random(SEED + method.ordinal());
    try (MeterHarness m = new MeterHarness(INACTIVITY_SECONDS);
        MeterClient client = m.client()) {
      Path out = dir.resolve("out");
      MeterReader reader = MeterReader.open(client, settings(out, method));
      Set<String> killedAt = new HashSet<>();
      int keptLastTime = 0;
      boolean afterLateKill = false;
      int lateKillsFollowedByKeptLastTime = 0;
      for (int k = 0; k <= PHASES; k++) {
        if (k < PHASES) {
          phase(m, k);
          m.recoverIdle();
        }
        // Up to three attempts per phase, each possibly killed, then a restart.
        for (int attempt = 0; attempt < 3; attempt++) {
          boolean kill = k < PHASES && random.nextInt(3) > 0;
          String point = kill ? POINTS.get(random.nextInt(POINTS.size())) : null;
          if (point != null) {
            reader.close();
            reader = MeterReader.open(client, settings(out, method),
                new KillAt(point, point.equals("flow") ? 1 + random.nextInt(20) : 1),
                Clock.systemUTC());
          }
          try {
            PassResult p = reader.pass();
            if (!p.lastTimeSet()) {
              keptLastTime++;
              if (afterLateKill) {
                lateKillsFollowedByKeptLastTime++;
              }
            }
            afterLateKill = false;
            if (point == null) {
              break;
            }
          } catch (Killed e) {
            killedAt.add(point);
            // LastTime was written, the file never made durable: the next pass must keep it.
            afterLateKill |= !point.equals("registered") && !point.equals("renamed")
                && !point.equals("committed");
          }
          reader.close();
          reader = MeterReader.open(client, settings(out, method));
        }
      }
      reader.pass();
      reader.close();
      assertTrue(m.recoveredFlows() > 100, "flows were recovered: " + m.recoveredFlows());
      assertTrue(killedAt.containsAll(List.of("lastTimeSet", "flow", "written", "state.next",
          "renamed", "committed")), "killed at " + killedAt);
      assertTrue(lateKillsFollowedByKeptLastTime > 0 && keptLastTime > 1,
          "passes after a kill kept LastTime: " + lateKillsFollowedByKeptLastTime);
      assertEquals(sorted(m.allFlows()), sorted(union(out)));
      assertContiguousPasses(out);
    }
  }

  @Test
  void aSecondLastTimeWriteAfterAKilledPassWouldLoseFlows(@TempDir Path dir) throws Exception {
    // The test above can fail: a naive reader that writes LastTime again after the kill (the
    // SET below) lets the meter recover flows that only the lost pass held.
    try (MeterHarness m = new MeterHarness(INACTIVITY_SECONDS);
        MeterClient client = m.client()) {
      Path out = dir.resolve("out");
      try (MeterReader r = MeterReader.open(client, settings(out, Method.PACKAGE))) {
        phase(m, 0);
        r.pass();
        phase(m, 1);
        r.pass();
      }
      phase(m, 2);
      try (MeterReader r = MeterReader.open(client, settings(out, Method.PACKAGE),
          new KillAt("lastTimeSet", 1), Clock.systemUTC())) {
        assertThrows(Killed.class, r::pass);
      }
      int index = Integer.parseInt(state(out, "readerIndex"));
      client.set(List.of(new VariableBinding(new OID("1.3.6.1.2.1.40.1.3.1.4." + index),
          new TimeTicks(0))));
      m.packet(3 * PHASE_SECONDS + INACTIVITY_SECONDS + 1, Pcaps.udp(0x0c000001, 0xc0a80003,
          9, 9, 0));
      assertTrue(m.recoverIdle() > 0);
      try (MeterReader r = MeterReader.open(client, settings(out, Method.PACKAGE))) {
        r.pass();
        r.pass();
      }
      List<String> truth = sorted(m.allFlows());
      List<String> got = sorted(union(out));
      assertNotEquals(truth, got);
      assertTrue(got.size() < truth.size(), "flows of phase 2 were recovered unread: "
          + got.size() + " of " + truth.size());
    }
  }

  @Test
  void aMeterThatRestartsIsMarkedAndReadAfresh(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    try (MeterHarness first = new MeterHarness(INACTIVITY_SECONDS);
        MeterClient client = first.client()) {
      try (MeterReader r = MeterReader.open(client, settings(out, Method.PACKAGE))) {
        for (int k = 0; k < 4; k++) {
          phase(first, k);
          assertEquals(null, r.pass().restart());
        }
      }
    }
    // A new meter (its rows and clock start again), reached at a new port: point the reader's
    // directory at it by renaming.
    try (MeterHarness second = new MeterHarness(INACTIVITY_SECONDS);
        MeterClient client = second.client()) {
      Path oldDir = only(out);
      Path newDir = MeterReader.directory(out, client.meter(), 5);
      Files.move(oldDir.getParent(), newDir.getParent());
      phase(second, 0);
      try (MeterReader r = MeterReader.open(client, settings(out, Method.PACKAGE))) {
        PassResult p = r.pass();
        assertTrue(p.restart() != null && p.restart().contains("went back"), p.restart());
        assertTrue(p.file().getFileName().toString().contains("-restart."), p.file().toString());
        assertEquals(0, p.from(), "read afresh");
        assertFalse(p.lastTimeSet());
        assertEquals(NEW_FLOWS_PER_PHASE + LONG_FLOWS, p.flows());
        PassResult q = r.pass();
        assertEquals(null, q.restart());
        assertTrue(q.lastTimeSet());
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static Path only(Path out) throws IOException {
    try (Stream<Path> s = Files.walk(out)) {
      return s.filter(p -> p.getFileName().toString().startsWith("rs-")).findFirst()
          .orElseThrow();
    }
  }

  private static String state(Path out, String key) throws IOException {
    for (String line : Files.readAllLines(only(out).resolve("state"))) {
      if (line.startsWith(key + "=")) {
        return line.substring(key.length() + 1);
      }
    }
    throw new AssertionError("no " + key);
  }

  static List<Path> passFiles(Path out) throws IOException {
    try (Stream<Path> s = Files.walk(out)) {
      return s.filter(p -> p.getFileName().toString().startsWith("pass-")).sorted().toList();
    }
  }

  /** The latest line per FlowIndex and FirstTime over all passes; no flow twice in a pass. */
  static List<String> union(Path out) throws IOException {
    TreeMap<String, String> latest = new TreeMap<>();
    for (Path p : passFiles(out)) {
      List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
      Set<String> seen = new HashSet<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",", -1);
        String key = f[1] + "," + f[2];
        assertTrue(seen.add(key), "flow " + key + " twice in " + p.getFileName());
        latest.put(key, line);
      }
    }
    return new ArrayList<>(latest.values());
  }

  /** Passes 1..n, each once; no temporary file left behind by a clean end. */
  static void assertContiguousPasses(Path out) throws IOException {
    List<Path> files = passFiles(out);
    for (int i = 0; i < files.size(); i++) {
      String name = files.get(i).getFileName().toString();
      assertTrue(name.startsWith(String.format("pass-%08d-", i + 1)), name);
    }
    try (Stream<Path> s = Files.walk(out)) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp"))
          .toList());
    }
  }

  static List<String> sorted(List<String> l) {
    String[] a = l.toArray(new String[0]);
    Arrays.sort(a);
    return List.of(a);
  }
}
