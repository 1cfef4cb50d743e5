package org.rtfm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rtfm4j.testutil.Command;
import org.junit.jupiter.api.io.TempDir;

/** {@code rtfm meter --snmp/--serve/--rw-community}, seen through net-snmp's snmpget. */
class MeterCommandSnmpTest {
  private static final String EXAMPLE = "examples/stun.pcap";
  private static final String FIVE_TUPLE = "rulesets/five-tuple.rules";
  private static final String LOOPBACK = "127.0.0.1";
  /** flowActiveFlows.0 (RFC 2720: flowControl 7 under flowMIB = mib-2 40). */
  private static final String ACTIVE_FLOWS = ".1.3.6.1.2.1.40.1.7.0";
  private static final long WAIT_SECONDS = 30;
  private static final long POLL_MILLIS = 100;

  @Test
  void serveKeepsAnsweringAfterMeteringUntilStopped(@TempDir Path dir) throws Exception {
    assumeTrue(Command.onPath("snmpget"), "snmpget not installed (Debian package snmp)");
    int port = freePort();
    Path stats = dir.resolve("stats.txt");
    CountDownLatch stop = new CountDownLatch(1);
    AtomicInteger exit = new AtomicInteger(-1);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread meter = new Thread(() -> exit.set(Main.run(
        new String[] {"meter", "-r", EXAMPLE, "-R", FIVE_TUPLE, "--snmp", LOOPBACK + ":" + port,
            "--serve", "--flows-out", dir.resolve("flows.csv").toString(),
            "--stats-out", stats.toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), stop)), "meter-under-test");
    meter.start();
    try {
      // The summary is written after the flows and before serving: metering is over then.
      String expected = ACTIVE_FLOWS + " = INTEGER: " + awaitActiveFlowsFromStats(stats);
      String answer = awaitAnswer(port);
      assertEquals(expected, answer);
      assertTrue(meter.isAlive(), "--serve returned before it was stopped");
      assertTrue(err.toString(StandardCharsets.UTF_8)
          .contains("SNMP agent listening on " + LOOPBACK + ":" + port), err.toString());
    } finally {
      stop.countDown();
      meter.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }
    assertFalse(meter.isAlive(), "meter did not stop serving");
    assertEquals(ExitCode.OK, exit.get());
    assertPortFree(port);
  }

  @Test
  void rulesFromRFilesAreActiveRowsAndAManagerMayDestroyThemWhileServing(@TempDir Path dir)
      throws Exception {
    assumeTrue(Command.onPath("snmpwalk") && Command.onPath("snmpset"),
        "net-snmp tools not installed (Debian package snmp)");
    int port = freePort();
    Path stats = dir.resolve("stats.txt");
    Path flows = dir.resolve("flows.csv");
    CountDownLatch stop = new CountDownLatch(1);
    AtomicInteger exit = new AtomicInteger(-1);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread meter = new Thread(() -> exit.set(Main.run(
        new String[] {"meter", "-r", EXAMPLE, "-R", FIVE_TUPLE, "--snmp", LOOPBACK + ":" + port,
            "--rw-community", "s3cret", "--serve", "--flows-out", flows.toString(),
            "--stats-out", stats.toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), stop)), "meter-under-test");
    meter.start();
    try {
      long active = awaitActiveFlowsFromStats(stats);
      awaitAnswer(port);
      // RFC 2720 flowControl: flowRuleSetInfoTable (1), flowInterfaceTable (2), the tasks (4).
      List<String> rows = walk(port, ".1.3.6.1.2.1.40.1.1");
      assertTrue(rows.contains(".1.3.6.1.2.1.40.1.1.1.5.5 = INTEGER: 1"), rows.toString());
      assertTrue(rows.contains(".1.3.6.1.2.1.40.1.1.1.6.5 = STRING: \"five-tuple\""),
          rows.toString());
      assertTrue(rows.contains(".1.3.6.1.2.1.40.1.1.1.3.5 = STRING: \"rtfm4j -R\""),
          rows.toString());
      assertTrue(rows.contains(".1.3.6.1.2.1.40.1.1.1.8.5 = INTEGER: " + active), rows.toString());
      // One flowInterfaceTable row per interface of the file (capinfos counts them), each
      // sampling every packet and losing none.
      List<String> expectedInterfaces = new ArrayList<>();
      int interfaces = interfacesInFile(EXAMPLE);
      for (int column = 1; column <= 2; column++) {
        for (int i = 1; i <= interfaces; i++) {
          expectedInterfaces.add(".1.3.6.1.2.1.40.1.2.1." + column + "." + i
              + (column == 1 ? " = INTEGER: 1" : " = Counter32: 0"));
        }
      }
      assertEquals(expectedInterfaces, walk(port, ".1.3.6.1.2.1.40.1.2"));
      assertTrue(walk(port, ".1.3.6.1.2.1.40.1.4").contains(
          ".1.3.6.1.2.1.40.1.4.1.2.1 = INTEGER: 5"));
      // Metering is over: stop the task and destroy the rule set with its flows.
      Command.Result r = Command.run(List.of("snmpset", "-On", "-t", "2", "-r", "0", "-v2c",
          "-c", "s3cret", LOOPBACK + ":" + port, ".1.3.6.1.2.1.40.1.4.1.8.1", "i", "6",
          ".1.3.6.1.2.1.40.1.1.1.5.5", "i", "6"));
      assertEquals(0, r.exitCode(), r.out());
      assertTrue(walk(port, ".1.3.6.1.2.1.40.1.1").stream().noneMatch(
          l -> l.startsWith(".1.3.6.1.2.1.40.1.1.1.5.5 ")));
      assertEquals(ACTIVE_FLOWS + " = INTEGER: 0", awaitAnswer(port));
    } finally {
      stop.countDown();
      meter.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }
    assertFalse(meter.isAlive(), "meter did not stop serving");
    assertEquals(ExitCode.OK, exit.get());
    // The flow file was written before serving: it still holds every flow.
    assertTrue(Files.readAllLines(flows).size() > 1);
  }

  private static int interfacesInFile(String file) throws Exception {
    assumeTrue(Command.onPath("capinfos"), "capinfos not installed (Debian: wireshark-common)");
    Command.Result r = Command.run(List.of("capinfos", file));
    String prefix = "Number of interfaces in file: ";
    for (String line : r.out().lines().toList()) {
      if (line.startsWith(prefix)) {
        return Integer.parseInt(line.substring(prefix.length()).strip());
      }
    }
    throw new AssertionError("capinfos: no interface count\n" + r.out());
  }

  private static List<String> walk(int port, String oid) throws Exception {
    Command.Result r = Command.run(List.of("snmpwalk", "-On", "-t", "2", "-r", "0", "-v2c", "-c",
        "public", LOOPBACK + ":" + port, oid));
    assertEquals(0, r.exitCode(), r.out());
    return r.out().lines().filter(l -> l.startsWith(oid + ".")).toList();
  }

  @Test
  void snmpWithoutServeStopsTheAgentWhenTheFilesAreDone() throws Exception {
    int port = freePort();
    assertEquals(ExitCode.OK, run("meter", "-r", EXAMPLE, "-q", "--snmp", LOOPBACK + ":" + port));
    assertPortFree(port);
  }

  @Test
  void anAddressInUseExitsWithSix() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(
        new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0))) {
      assertEquals(ExitCode.SNMP, run("meter", "-r", EXAMPLE, "-q", "--snmp",
          LOOPBACK + ":" + taken.getLocalPort()));
    }
  }

  @Test
  void snmpOptionsParse() throws Exception {
    assertNull(MeterOptions.parse(new String[] {"-r", EXAMPLE}).snmp(), "no agent by default");
    assertEquals(new InetSocketAddress(LOOPBACK, 16161),
        MeterOptions.parse(new String[] {"-r", EXAMPLE, "--serve"}).snmp());
    MeterOptions o = MeterOptions.parse(
        new String[] {"-r", EXAMPLE, "--snmp", "[::1]:1161", "--rw-community", "s3cret"});
    assertEquals(new InetSocketAddress("::1", 1161), o.snmp());
    assertEquals("s3cret", o.rwCommunity());
    assertFalse(o.serve());
    for (List<String> bad : List.of(
        List.of("--snmp", "127.0.0.1"),
        List.of("--snmp", "127.0.0.1:65536"),
        List.of("--snmp", ":161"),
        List.of("--rw-community", "s3cret"),
        List.of("--serve", "--rw-community", "public"))) {
      String[] args = new String[bad.size() + 2];
      args[0] = "-r";
      args[1] = EXAMPLE;
      for (int i = 0; i < bad.size(); i++) {
        args[i + 2] = bad.get(i);
      }
      assertEquals(ExitCode.USAGE, run(prepend("meter", args)), bad.toString());
    }
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static int run(String... args) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return Main.run(args, sink, sink);
  }

  private static long awaitActiveFlowsFromStats(Path stats) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (Files.exists(stats)) {
        String text = Files.readString(stats, StandardCharsets.UTF_8);
        // seconds= is the summary's last line: the file is complete.
        if (text.contains("seconds=")) {
          for (String line : text.lines().toList()) {
            if (line.startsWith("flows.active=")) {
              long n = Long.parseLong(line.substring("flows.active=".length()));
              assertTrue(n > 0, "stun.pcap made no flows");
              return n;
            }
          }
          throw new AssertionError("no flows.active in\n" + text);
        }
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new AssertionError("no summary in " + stats + " after " + WAIT_SECONDS + " s");
  }

  private static String awaitAnswer(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    String last = "";
    while (System.nanoTime() < deadline) {
      Command.Result r = Command.run(List.of("snmpget", "-On", "-t", "1", "-r", "0", "-v2c",
          "-c", "public", LOOPBACK + ":" + port, ACTIVE_FLOWS));
      last = r.out().strip();
      if (r.exitCode() == 0) {
        return last;
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new AssertionError("no SNMP answer on port " + port + ": " + last);
  }

  /** A port that was free a moment ago: bind port 0, read it, close. */
  private static int freePort() throws IOException {
    try (DatagramSocket s =
        new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0))) {
      return s.getLocalPort();
    }
  }

  private static void assertPortFree(int port) throws IOException {
    // Binding the port again proves the agent closed its socket.
    try (DatagramSocket s =
        new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port))) {
      assertEquals(port, s.getLocalPort());
    }
  }
}
