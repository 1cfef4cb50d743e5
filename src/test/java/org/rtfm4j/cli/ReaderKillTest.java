package org.rtfm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.testutil.Pcaps;

/**
 * The reader killed with SIGKILL at random moments, at least {@value #KILLS} times, and restarted
 * while a meter replays a capture at speed (both in their own JVMs): after the replay and one last
 * {@code --once} pass, the latest line of each flow across its files is the meter's own
 * --flows-out, flow for flow, with no flow twice in a pass and no pass twice.
 */
class ReaderKillTest {
  private static final int KILLS = 20;
  /** Replay speed: the capture's 10 minutes (and the quiet start) in about half a minute. */
  private static final String SPEED = "24";
  /** Meter time before the first flow: the first reader registers in this time / SPEED. */
  private static final long QUIET_START_SECONDS = 200;
  /**
   * Flows go idle quickly, so recovery runs all the time: with a reader that wrote LastTime again
   * after a kill before its pass was durable, this test fails about every other run.
   */
  private static final String INACTIVITY = "4";
  private static final long START_WAIT_SECONDS = 30;
  private static final long END_WAIT_SECONDS = 120;
  private static final int MIN_KILL_MILLIS = 250;
  private static final int MAX_KILL_MILLIS = 1500;

  @Test
  void killedAtRandomAndRestartedTheReaderEndsWithTheMetersFlows(@TempDir Path dir)
      throws Exception {
    Path cap = capture(dir);
    int port = ServedMeter.freePort();
    Path finalCsv = dir.resolve("final.csv");
    Path stats = dir.resolve("stats.txt");
    Path out = dir.resolve("out");
    Process meter = java(dir.resolve("meter.log"), "meter", "-q", "-r", cap.toString(), "-R",
        "rulesets/five-tuple.rules", "--speed", SPEED, "--inactivity-timeout", INACTIVITY,
        "--snmp", ServedMeter.LOOPBACK + ":" + port, "--rw-community", ServedMeter.RW,
        "--serve", "--flows-out", finalCsv.toString(), "--stats-out", stats.toString());
    List<String> reader = List.of("reader", "--meter", ServedMeter.LOOPBACK + ":" + port, "-c",
        ServedMeter.RW, "--rule-set", "5", "--out", out.toString(), "--format", "csv", "-q",
        "--timeout", "1", "--retries", "3");
    Random random = new Random();
    int kills = 0;
    try {
      awaitPort(port, meter, dir);
      while (kills < KILLS || !replayed(stats)) {
        assertTrue(meter.isAlive(), "the meter ended: " + log(dir.resolve("meter.log")));
        List<String> args = new ArrayList<>(reader);
        args.addAll(List.of("--interval", "0.1"));
        Process p = java(dir.resolve("reader-" + kills + ".log"), args.toArray(new String[0]));
        Thread.sleep(MIN_KILL_MILLIS + random.nextInt(MAX_KILL_MILLIS - MIN_KILL_MILLIS));
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
        p.waitFor(10, TimeUnit.SECONDS);
        kills++;
      }
      List<String> args = new ArrayList<>(reader);
      args.add("--once");
      Process last = java(dir.resolve("reader-last.log"), args.toArray(new String[0]));
      assertTrue(last.waitFor(END_WAIT_SECONDS, TimeUnit.SECONDS), "the last pass hangs");
      assertEquals(ExitCode.OK, last.exitValue(), log(dir.resolve("reader-last.log")));
    } finally {
      meter.destroy();
      meter.waitFor(10, TimeUnit.SECONDS);
      meter.destroyForcibly();
    }
    List<String> lines = Files.readAllLines(finalCsv, StandardCharsets.UTF_8);
    List<String> truth = lines.subList(1, lines.size());
    long recovered = ServedMeterFigures.figure(stats, "flows.recovered");
    assertTrue(recovered > 100, "the meter recovered flows while the reader ran: " + recovered);
    List<Path> passes = ReaderCommandTest.passFiles(out);
    for (int i = 0; i < passes.size(); i++) {
      String name = passes.get(i).getFileName().toString();
      assertTrue(name.startsWith(String.format("pass-%08d-", i + 1)), "pass " + (i + 1)
          + " once: " + name);
      assertTrue(!name.contains("restart"), name);
    }
    ReaderCommandTest.assertSameFlows(truth, ReaderCommandTest.union(out),
        kills + " kills, " + passes.size() + " passes");
  }

  /**
   * gnutella.pcap from the corpus (when present) or a made-up capture of UDP flows, after a
   * quiet start: an ARP frame {@link #QUIET_START_SECONDS} before the first packet, so meter time
   * starts there and no flow can go idle before the first reader has registered.
   */
  private static Path capture(Path dir) throws IOException {
    Path cap = dir.resolve("replay.pcap");
    Path corpus = Path.of(System.getProperty("rtfm4j.corpus", "../shared/corpus"),
        "ndpi/gnutella.pcap");
    try (Pcaps p = Pcaps.create(cap, Pcaps.ETHERNET)) {
      if (Files.exists(corpus) && Pcaps.linkType(corpus) == Pcaps.ETHERNET) {
        // gnutella.pcap is stamped from 1970-01-01 00:00:00: moved to a later day.
        long shift = 1_700_000_000_000_000L - Pcaps.firstMicros(corpus);
        p.packet(1_700_000_000_000_000L - QUIET_START_SECONDS * 1_000_000, Pcaps.arpFrame());
        p.copyRecords(corpus, shift);
      } else {
        long t0 = 1_700_000_000_000_000L;
        p.packet(t0, Pcaps.arpFrame());
        // 1500 UDP flows starting 0.4 s apart, each a few packets over up to 40 s.
        Random r = new Random(2722);
        long start = t0 + QUIET_START_SECONDS * 1_000_000;
        List<long[]> packets = new ArrayList<>();
        for (int flow = 0; flow < 1500; flow++) {
          long first = start + flow * 400_000L;
          int n = 1 + r.nextInt(12);
          for (int k = 0; k < n; k++) {
            packets.add(new long[] {first + k * (long) r.nextInt(4_000_000), flow});
          }
        }
        packets.sort((a, b) -> Long.compare(a[0], b[0]));
        for (long[] e : packets) {
          int flow = (int) e[1];
          p.packet(e[0], Pcaps.ethernet(Pcaps.udp(0x0a000000 + flow, 0xc0a80001, 1024 + flow,
              53, flow % 90)));
        }
      }
    }
    return cap;
  }

  private static boolean replayed(Path stats) throws IOException {
    return Files.exists(stats) && Files.readString(stats).contains("seconds=");
  }

  private static Process java(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Waits until the meter's agent answers (a reader --once would time out before). */
  private static void awaitPort(int port, Process meter, Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (log(dir.resolve("meter.log")).isEmpty() && meter.isAlive()
          && udpBound(port)) {
        return;
      }
      assertTrue(meter.isAlive(), "the meter ended: " + log(dir.resolve("meter.log")));
      Thread.sleep(50);
    }
    throw new AssertionError("the meter's agent did not start on port " + port);
  }

  /** True when something listens on UDP {@code port} of the loopback address. */
  private static boolean udpBound(int port) {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(
        new java.net.InetSocketAddress(ServedMeter.LOOPBACK, port))) {
      return false;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  private static String log(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  /** The summary's figures. */
  private static final class ServedMeterFigures {
    static long figure(Path stats, String key) throws IOException {
      for (String line : Files.readAllLines(stats)) {
        if (line.startsWith(key + "=")) {
          return Long.parseLong(line.substring(key.length() + 1));
        }
      }
      throw new AssertionError("no " + key + " in " + stats);
    }
  }
}
