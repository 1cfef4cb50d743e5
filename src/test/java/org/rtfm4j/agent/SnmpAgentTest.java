package org.rtfm4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtfm4j.testutil.Command;
import org.rtfm4j.testutil.Command.Result;

/**
 * The agent as net-snmp's own snmpget, snmpwalk and snmpset see it over loopback UDP: the system
 * group (RFC 3418), read-only {@code public}, no reply to a wrong community, write access only
 * through a configured read-write community (RFC 2720 §5.1).
 */
class SnmpAgentTest {
  private static final String LOOPBACK = "127.0.0.1";
  private static final String VERSION = "9.8.7-test";
  private static final String CONTACT = "ops@example.org";
  private static final String NAME = "meter-under-test";
  private static final String LOCATION = "rack 4";
  private static final long UPTIME = 123_456L;
  private static final String WORKER_THREAD_PREFIX = "rtfm4j-snmp";
  private static final long THREAD_END_SECONDS = 5;
  private static final long POLL_MILLIS = 20;

  // RFC 3418 (SNMPv2-MIB) object identifiers, from the RFC text, not from SNMP4J.
  private static final String SYSTEM = ".1.3.6.1.2.1.1";
  private static final String SYS_DESCR = SYSTEM + ".1.0";
  private static final String SYS_OBJECT_ID = SYSTEM + ".2.0";
  private static final String SYS_UP_TIME = SYSTEM + ".3.0";
  private static final String SYS_CONTACT = SYSTEM + ".4.0";
  private static final String SYS_NAME = SYSTEM + ".5.0";
  private static final String SYS_LOCATION = SYSTEM + ".6.0";
  private static final String SYS_SERVICES = SYSTEM + ".7.0";
  private static final String SNMP_IN_PKTS = ".1.3.6.1.2.1.11.1.0";
  private static final String SNMP_IN_BAD_COMMUNITY_NAMES = ".1.3.6.1.2.1.11.4.0";

  private final AtomicLong uptime = new AtomicLong(UPTIME);
  private final List<SnmpAgent> started = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();


  @BeforeAll
  static void netSnmpInstalled() throws Exception {
    for (String tool : List.of("snmpget", "snmpwalk", "snmpset")) {
      assumeTrue(Command.onPath(tool), tool + " not installed (Debian package snmp)");
    }
  }

  @AfterEach
  void stopAgentsAndCheckPortsFree() throws Exception {
    for (SnmpAgent a : started) {
      a.stop();
    }
    assertTrue(workerThreadsEnd(), "agent worker threads still alive after stop()");
    for (int port : ports) {
      // Binding the same port again proves stop() closed the agent's socket.
      try (DatagramSocket s =
          new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port))) {
        assertEquals(port, s.getLocalPort());
      }
    }
  }

  @Test
  void getReturnsSysDescrObjectIdAndInjectedUptime() throws Exception {
    int port = start(null);
    Result r = snmp("snmpget", "-v2c", "-c", "public", port, SYS_DESCR, SYS_OBJECT_ID, SYS_UP_TIME);
    assertEquals(0, r.exitCode(), r.out());
    assertEquals(
        List.of(
            SYS_DESCR + " = STRING: \"rtfm4j " + VERSION + " RTFM traffic flow meter (RFC 2722)\"",
            // RFC 2720 §4: flowMIB ::= { mib-2 40 }
            SYS_OBJECT_ID + " = OID: .1.3.6.1.2.1.40",
            SYS_UP_TIME + " = Timeticks: (" + UPTIME + ") 0:20:34.56"),
        r.out().lines().toList());
  }

  @Test
  void namesResolveWithTheRepositoryMibs() throws Exception {
    int port = start(null);
    Result r = Command.run(List.of("snmpget", "-M", "mibs", "-m", "SNMPv2-MIB", "-t", "2", "-r",
        "0", "-v2c", "-c", "public", LOOPBACK + ":" + port, "SNMPv2-MIB::sysName.0",
        "SNMPv2-MIB::sysUpTime.0"));
    assertEquals(0, r.exitCode(), r.out());
    assertEquals(
        List.of("SNMPv2-MIB::sysName.0 = STRING: " + NAME,
            "SNMPv2-MIB::sysUpTime.0 = Timeticks: (" + UPTIME + ") 0:20:34.56"),
        r.out().lines().toList());
  }

  @Test
  void uptimeFollowsTheSupplierAndWrapsModulo2To32() throws Exception {
    int port = start(null);
    uptime.set(777L);
    assertEquals(SYS_UP_TIME + " = Timeticks: (777) 0:00:07.77", get(port, "public", SYS_UP_TIME));
    // RFC 2578 §7.1.8: TimeTicks is modulo 2^32.
    uptime.set((1L << 32) + 5L);
    assertEquals(SYS_UP_TIME + " = Timeticks: (5) 0:00:00.05", get(port, "public", SYS_UP_TIME));
  }

  @Test
  void v1AndV2cWalksOfTheSystemGroupAgree() throws Exception {
    int port = start(null);
    Result v1 = snmp("snmpwalk", "-v1", "-c", "public", port, SYSTEM);
    Result v2c = snmp("snmpwalk", "-v2c", "-c", "public", port, SYSTEM);
    assertEquals(0, v1.exitCode(), v1.out());
    assertEquals(0, v2c.exitCode(), v2c.out());
    assertEquals(v1.out(), v2c.out());
    List<String> lines = v2c.out().lines().toList();
    for (String expected :
        List.of(
            SYS_CONTACT + " = STRING: \"" + CONTACT + "\"",
            SYS_NAME + " = STRING: \"" + NAME + "\"",
            SYS_LOCATION + " = STRING: \"" + LOCATION + "\"",
            // RFC 3418 sysServices: layers 4 (2^3) and 7 (2^6).
            SYS_SERVICES + " = INTEGER: 72",
            SYS_UP_TIME + " = Timeticks: (" + UPTIME + ") 0:20:34.56")) {
      assertTrue(lines.contains(expected), expected + " missing from\n" + v2c.out());
    }
    for (String line : lines) {
      assertTrue(line.startsWith(SYSTEM + "."), line);
    }
  }

  @Test
  void publicCannotWriteWithV2c() throws Exception {
    int port = start(null);
    Result r = snmp("snmpset", "-v2c", "-c", "public", port, SYS_CONTACT, "s", "x");
    assertNotEquals(0, r.exitCode(), r.out());
    assertTrue(r.out().contains("noAccess"), r.out());
    assertEquals(SYS_CONTACT + " = STRING: \"" + CONTACT + "\"", get(port, "public", SYS_CONTACT));
  }

  @Test
  void publicCannotWriteWithV1() throws Exception {
    int port = start(null);
    Result r = snmp("snmpset", "-v1", "-c", "public", port, SYS_CONTACT, "s", "x");
    assertNotEquals(0, r.exitCode(), r.out());
    // RFC 3584 §4.4: noAccess maps to noSuchName for an SNMPv1 manager.
    assertTrue(r.out().contains("noSuchName"), r.out());
    assertEquals(SYS_CONTACT + " = STRING: \"" + CONTACT + "\"", get(port, "public", SYS_CONTACT));
  }

  @Test
  void wrongCommunityGetsNoReplyAndIsCounted() throws Exception {
    int port = start(null);
    Result r = snmp("snmpget", "-v2c", "-c", "private", port, SYS_DESCR);
    assertNotEquals(0, r.exitCode(), r.out());
    assertTrue(r.out().contains("Timeout"), r.out());
    Result counters = snmp("snmpget", "-v2c", "-c", "public", port,
        SNMP_IN_BAD_COMMUNITY_NAMES, SNMP_IN_PKTS);
    assertEquals(
        List.of(SNMP_IN_BAD_COMMUNITY_NAMES + " = Counter32: 1",
            // the rejected request and this one
            SNMP_IN_PKTS + " = Counter32: 2"),
        counters.out().lines().toList());
  }

  @Test
  void readWriteCommunityWritesAndPublicStillCannot() throws Exception {
    int port = start("s3cret");
    Result set = snmp("snmpset", "-v2c", "-c", "s3cret", port, SYS_CONTACT, "s", "noc@example.net");
    assertEquals(0, set.exitCode(), set.out());
    assertEquals(SYS_CONTACT + " = STRING: \"noc@example.net\"", get(port, "public", SYS_CONTACT));
    Result v1 = snmp("snmpset", "-v1", "-c", "s3cret", port, SYS_LOCATION, "s", "rack 5");
    assertEquals(0, v1.exitCode(), v1.out());
    assertEquals(SYS_LOCATION + " = STRING: \"rack 5\"", get(port, "public", SYS_LOCATION));
    Result denied = snmp("snmpset", "-v2c", "-c", "public", port, SYS_CONTACT, "s", "x");
    assertTrue(denied.out().contains("noAccess"), denied.out());
    assertEquals(SYS_CONTACT + " = STRING: \"noc@example.net\"", get(port, "public", SYS_CONTACT));
  }

  @Test
  void twoAgentsInOneJvmKeepTheirOwnCounters() throws Exception {
    int first = start(null);
    int second = start(null);
    assertNotEquals(first, second);
    snmp("snmpget", "-v2c", "-c", "wrong", first, SYS_DESCR);
    assertEquals(SNMP_IN_BAD_COMMUNITY_NAMES + " = Counter32: 1",
        get(first, "public", SNMP_IN_BAD_COMMUNITY_NAMES));
    assertEquals(SNMP_IN_BAD_COMMUNITY_NAMES + " = Counter32: 0",
        get(second, "public", SNMP_IN_BAD_COMMUNITY_NAMES));
  }

  @Test
  void stopTwiceIsHarmlessAndAddressNeedsAStartedAgent() throws Exception {
    SnmpAgent a = new SnmpAgent(config(null), uptime::get);
    assertThrows(IllegalStateException.class, a::address);
    a.start();
    int port = a.address().getPort();
    a.stop();
    a.stop();
    ports.add(port);
    assertThrows(IllegalStateException.class, a::address);
  }

  @Test
  void groupsRegisterOnlyBeforeStart() throws Exception {
    SnmpAgent a = new SnmpAgent(config(null), uptime::get);
    a.start();
    started.add(a);
    ports.add(a.address().getPort());
    assertThrows(IllegalStateException.class, () -> a.register(
        new org.snmp4j.agent.mo.snmp.SnmpTargetMIB(new org.snmp4j.MessageDispatcherImpl())));
  }

  @Test
  void readWriteCommunityMustDifferFromPublic() {
    assertThrows(IllegalArgumentException.class, () -> config("public"));
    assertThrows(IllegalArgumentException.class, () -> config(""));
  }

  @Test
  void defaultsListenOnLoopback16161WithoutWriteAccess() {
    AgentConfig d = AgentConfig.defaults();
    assertEquals(new InetSocketAddress("127.0.0.1", 16161), d.address());
    assertEquals(null, d.rwCommunity());
  }

  /** ThreadPool workers are not daemon threads: any left alive would keep the JVM from exiting. */
  private static boolean workerThreadsEnd() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(THREAD_END_SECONDS);
    while (System.nanoTime() < deadline) {
      if (!workerThreadAlive()) {
        return true;
      }
      Thread.sleep(POLL_MILLIS);
    }
    return false;
  }

  private static boolean workerThreadAlive() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith(WORKER_THREAD_PREFIX)) {
        return true;
      }
    }
    return false;
  }

  private AgentConfig config(String rwCommunity) {
    return new AgentConfig(new InetSocketAddress(LOOPBACK, 0), rwCommunity, VERSION, CONTACT,
        NAME, LOCATION);
  }

  private int start(String rwCommunity) throws IOException {
    SnmpAgent a = new SnmpAgent(config(rwCommunity), uptime::get);
    a.start();
    started.add(a);
    // Without this the after-test check that the workers ended could never fail.
    assertTrue(workerThreadAlive(), "no worker thread named " + WORKER_THREAD_PREFIX + "*");
    InetSocketAddress bound = a.address();
    assertEquals(InetAddress.getByName(LOOPBACK), bound.getAddress());
    assertNotEquals(0, bound.getPort());
    ports.add(bound.getPort());
    return bound.getPort();
  }

  private static String get(int port, String community, String oid) throws Exception {
    Result r = snmp("snmpget", "-v2c", "-c", community, port, oid);
    assertEquals(0, r.exitCode(), r.out());
    return r.out().strip();
  }

  /** A net-snmp command against the agent: numeric OIDs, one try, one-second timeout. */
  private static Result snmp(String tool, String version, String c, String community, int port,
      String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(tool, "-On", "-t", "1", "-r", "0", version, c,
        community, LOOPBACK + ":" + port));
    cmd.addAll(List.of(args));
    return Command.run(cmd);
  }
}
