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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.testutil.Command;

/** {@code rtfm meter --config FILE}: the SNMP configuration file, wired through the CLI. */
class MeterCommandSnmpConfigTest {
  private static final String EXAMPLE = "examples/stun.pcap";
  private static final String CONFIG = "examples/snmp.conf";
  private static final String LOOPBACK = "127.0.0.1";
  /** sysName.0 (RFC 3418). */
  private static final String SYS_NAME = ".1.3.6.1.2.1.1.5.0";
  /** flowFloodMark.0 (RFC 2720: flowControl 5 under flowMIB = mib-2 40). */
  private static final String FLOOD_MARK = ".1.3.6.1.2.1.40.1.5.0";
  private static final long WAIT_SECONDS = 30;
  private static final long POLL_MILLIS = 100;

  @Test
  void theExampleConfigServesTheManagerOverSnmpV3(@TempDir Path dir) throws Exception {
    assumeTrue(Command.onPath("snmpget"), "snmpget not installed (Debian package snmp)");
    int port = freePort();
    CountDownLatch stop = new CountDownLatch(1);
    AtomicInteger exit = new AtomicInteger(-1);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread meter = new Thread(() -> exit.set(Main.run(
        new String[] {"meter", "-r", EXAMPLE, "--config", CONFIG, "--snmp",
            LOOPBACK + ":" + port, "--serve", "--flood-mark", "42", "--flows-out",
            dir.resolve("flows.csv").toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), stop)), "meter-under-test");
    meter.start();
    try {
      List<String> manager = List.of("snmpget", "-On", "-t", "1", "-r", "0", "-v3", "-l",
          "authPriv", "-u", "manager", "-a", "SHA-512", "-A", "manager auth passphrase", "-x",
          "AES-256", "-X", "manager privacy passphrase", LOOPBACK + ":" + port, SYS_NAME,
          FLOOD_MARK);
      // sysName from the file, flowFloodMark from the command line.
      assertEquals(List.of(SYS_NAME + " = STRING: \"rtfm4j-meter\"", FLOOD_MARK + " = INTEGER: 42"),
          awaitAnswer(manager).lines().toList());
      // The meter prints where it listens just after the agent starts, so an answer can come
      // first: wait for the line rather than race it.
      String listening = "SNMP agent listening on " + LOOPBACK + ":" + port;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      String e = err.toString(StandardCharsets.UTF_8);
      while (!e.contains(listening) && System.nanoTime() < deadline) {
        Thread.sleep(20);
        e = err.toString(StandardCharsets.UTF_8);
      }
      assertTrue(e.contains(listening), e);
    } finally {
      stop.countDown();
      meter.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }
    assertFalse(meter.isAlive(), "meter did not stop serving");
    assertEquals(ExitCode.OK, exit.get());
  }

  @Test
  void aRefusedConfigStopsTheMeterBeforeItStartsWithExitSix(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.conf");
    Files.writeString(bad, "rocommunity public\ncreateUser u MD5 \"long enough pass\"\n"
        + "rouser u\n", StandardCharsets.UTF_8);
    Path flows = dir.resolve("flows.csv");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(err, "meter", "-r", EXAMPLE, "--config", bad.toString(), "--snmp",
        LOOPBACK + ":0", "--flows-out", flows.toString());
    assertEquals(ExitCode.SNMP, code);
    assertEquals(List.of(
        bad + ":2:14: createUser u: MD5 is refused: it is broken (RFC 6151); use SHA-256 or"
            + " better, or say 'allowInsecureProtocols yes'",
        "rtfm meter: " + bad + " refused; the SNMP agent and the meter were not started"),
        err.toString(StandardCharsets.UTF_8).lines().toList());
    assertFalse(Files.exists(flows), "the meter ran although its SNMP configuration was refused");
  }

  @Test
  void aMissingConfigFileExitsWithSix(@TempDir Path dir) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(ExitCode.SNMP, run(err, "meter", "-r", EXAMPLE, "-q", "--config",
        dir.resolve("absent.conf").toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read SNMP configuration"));
  }

  @Test
  void aReadWriteCommunityThatIsAlsoAFileCommunityIsAUsageError(@TempDir Path dir)
      throws Exception {
    // --rw-community public is refused anyway, so the clash needs a community of its own.
    Path conf = dir.resolve("clash.conf");
    Files.writeString(conf, "rocommunity operators 127.0.0.1\n", StandardCharsets.UTF_8);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(ExitCode.USAGE, run(err, "meter", "-r", EXAMPLE, "-q", "--config",
        conf.toString(), "--snmp", LOOPBACK + ":0", "--rw-community", "operators"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--rw-community operators is"
        + " already a community in"), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void configOptionsParse() throws Exception {
    MeterOptions o = MeterOptions.parse(new String[] {"-r", EXAMPLE, "--config", CONFIG});
    assertTrue(o.agentWanted(), "--config alone starts the agent");
    assertNull(o.snmp(), "the file's agentAddress decides, not the built-in default");
    assertEquals(Path.of(CONFIG), o.snmpConfig());
    MeterOptions serve = MeterOptions.parse(
        new String[] {"-r", EXAMPLE, "--config", CONFIG, "--serve"});
    assertNull(serve.snmp(), "--serve with --config: the file's agentAddress decides");
    MeterOptions rw = MeterOptions.parse(
        new String[] {"-r", EXAMPLE, "--config", CONFIG, "--rw-community", "s3cret"});
    assertEquals("s3cret", rw.rwCommunity());
    assertFalse(MeterOptions.parse(new String[] {"-r", EXAMPLE}).agentWanted());
    assertTrue(MeterOptions.helpText().contains("--config <FILE>"));
  }

  private static int run(ByteArrayOutputStream err, String... args) {
    return Main.run(args,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String awaitAnswer(List<String> command) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    String last = "";
    while (System.nanoTime() < deadline) {
      Command.Result r = Command.run(command);
      last = r.out().strip();
      if (r.exitCode() == 0) {
        return last;
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new AssertionError("no SNMP answer: " + last);
  }

  /** A port that was free a moment ago: bind port 0, read it, close. */
  private static int freePort() throws IOException {
    try (DatagramSocket s =
        new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0))) {
      return s.getLocalPort();
    }
  }
}
