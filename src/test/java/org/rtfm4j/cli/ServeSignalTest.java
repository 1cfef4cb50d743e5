package org.rtfm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.testutil.Command;

/**
 * {@code rtfm meter -r FILE --snmp ... --serve} in its own JVM, as an operator runs it: it answers
 * SNMP after the file is metered, and SIGTERM (what {@code kill} and systemd send) ends it
 * quickly and cleanly: the flows are written, the port is free, every thread is gone.
 */
class ServeSignalTest {
  private static final String LOOPBACK = "127.0.0.1";
  private static final String ACTIVE_FLOWS = ".1.3.6.1.2.1.40.1.7.0";
  private static final long START_SECONDS = 30;
  /** A clean stop is quick: no agent or worker thread may hold the JVM up. */
  private static final long STOP_SECONDS = 5;
  /** What a JVM ended by SIGTERM exits with (128 + 15), after its shutdown hooks ran. */
  private static final int SIGTERM_EXIT = 143;

  @Test
  void sigtermEndsServingQuicklyAndCleanly(@TempDir Path dir) throws Exception {
    assumeTrue(Command.onPath("snmpget"), "snmpget not installed (Debian package snmp)");
    int port;
    try (DatagramSocket s = new DatagramSocket(
        new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0))) {
      port = s.getLocalPort();
    }
    Path flows = dir.resolve("flows.csv");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "meter", "-r", "examples/stun.pcap", "-R",
        "rulesets/five-tuple.rules", "--flows-out", flows.toString(), "-q",
        "--snmp", LOOPBACK + ":" + port, "--serve")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("meter.log").toFile())
        .start();
    try {
      String answer = awaitAnswer(port, p);
      assertTrue(answer.startsWith(ACTIVE_FLOWS + " = INTEGER: "), answer);
      assertTrue(p.isAlive(), "--serve ended by itself");
      long t0 = System.nanoTime();
      p.destroy(); // SIGTERM on Linux
      assertTrue(p.waitFor(STOP_SECONDS, TimeUnit.SECONDS),
          "still running " + STOP_SECONDS + " s after SIGTERM");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertEquals(SIGTERM_EXIT, p.exitValue(), Files.readString(dir.resolve("meter.log")));
      // The flow file is complete: the golden file of the example is what it must hold.
      assertEquals(Files.readString(Path.of("examples/stun.flows.csv")), Files.readString(flows),
          "flows after SIGTERM (stopped in " + millis + " ms)");
    } finally {
      p.destroyForcibly();
    }
    try (DatagramSocket s = new DatagramSocket(
        new InetSocketAddress(InetAddress.getByName(LOOPBACK), port))) {
      assertEquals(port, s.getLocalPort());
    }
  }

  private static String awaitAnswer(int port, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    String last = "";
    while (System.nanoTime() < deadline && p.isAlive()) {
      Command.Result r = Command.run(List.of("snmpget", "-On", "-t", "1", "-r", "0", "-v2c",
          "-c", "public", LOOPBACK + ":" + port, ACTIVE_FLOWS));
      last = r.out().strip();
      if (r.exitCode() == 0) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no SNMP answer on port " + port + " (alive=" + p.isAlive() + "): "
        + last);
  }
}
