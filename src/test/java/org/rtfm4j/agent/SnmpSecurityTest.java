package org.rtfm4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.mib.FlowMeterMib;
import org.rtfm4j.testutil.Command;
import org.rtfm4j.testutil.Command.Result;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOGroup;
import org.snmp4j.agent.MOServer;
import org.snmp4j.agent.mo.MOAccessImpl;
import org.snmp4j.agent.mo.MOScalar;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

/**
 * The access matrix of RFC 2720 §5 as net-snmp's own snmpget and snmpset see it: the agent runs
 * exactly examples/snmp.conf (moved to a free loopback port), and each identity is tried at the
 * security levels it has and has not been granted.
 */
class SnmpSecurityTest {
  private static final Path EXAMPLE = Path.of("examples/snmp.conf");
  private static final String LOOPBACK = "127.0.0.1";

  // Passphrases exactly as examples/snmp.conf spells them.
  private static final List<String> READER = List.of("-u", "reader", "-a", "SHA-256", "-A",
      "reader auth passphrase", "-x", "AES", "-X", "reader privacy passphrase");
  private static final List<String> MANAGER = List.of("-u", "manager", "-a", "SHA-512", "-A",
      "manager auth passphrase", "-x", "AES-256", "-X", "manager privacy passphrase");

  // Object identifiers from the RFC texts, not from our code.
  /** sysDescr.0 (RFC 3418). */
  private static final String SYS_DESCR = ".1.3.6.1.2.1.1.1.0";
  /** flowFloodMark.0 (RFC 2720: flowControl 5, flowControl = flowMIB 1 = mib-2 40 1). */
  private static final String FLOOD_MARK = ".1.3.6.1.2.1.40.1.5.0";
  /**
   * A test-only writable scalar inside flowReaderInfoTable (flowControl 3), where
   * flowReaderTimeout.1 (column 2 of entry 1, row 1) would be: the real table is built elsewhere,
   * this stands in for it so the reader's write view can be tried.
   */
  private static final String IN_READER_TABLE = ".1.3.6.1.2.1.40.1.3.1.2.1";
  /** snmpCommunityMIB (RFC 3584): its table would hold the communities in clear. */
  private static final String SNMP_COMMUNITY_MIB = ".1.3.6.1.6.3.18.";
  /** usmUser (RFC 3414) and vacmMIBObjects (RFC 3415), left out of the example's view all. */
  private static final String USM_USER = ".1.3.6.1.6.3.15.1.2.";
  private static final String VACM_OBJECTS = ".1.3.6.1.6.3.16.1.";
  /** usmStatsUnknownUserNames.0 and usmStatsWrongDigests.0 (RFC 3414 §5). */
  private static final String USM_UNKNOWN_USERS = ".1.3.6.1.6.3.15.1.1.3.0";
  private static final String USM_WRONG_DIGESTS = ".1.3.6.1.6.3.15.1.1.5.0";

  /** Not the default 95, so reading it proves it came from this meter. */
  private static final int INITIAL_FLOOD_MARK = 37;
  private static final int READER_TABLE_VALUE = 600;

  private final List<SnmpAgent> agents = new ArrayList<>();
  private Meter meter;

  @BeforeAll
  static void netSnmpInstalled() throws Exception {
    for (String tool : List.of("snmpget", "snmpset")) {
      assumeTrue(Command.onPath(tool), tool + " not installed (Debian package snmp)");
    }
  }

  @AfterEach
  void stopAgents() {
    for (SnmpAgent a : agents) {
      a.stop();
    }
  }

  @Test
  void v1ReadOnlyCommunitySetIsNoSuchNameAndChangesNothing() throws Exception {
    int port = startExample();
    Result r = community(port, "snmpset", "-v1", "public", FLOOD_MARK, "i", "50");
    assertNotEquals(0, r.exitCode(), r.out());
    // RFC 3584 §4.4: noAccess becomes noSuchName for an SNMPv1 manager.
    assertTrue(r.out().contains("noSuchName"), r.out());
    assertEquals(FLOOD_MARK + " = INTEGER: " + INITIAL_FLOOD_MARK,
        ok(community(port, "snmpget", "-v1", "public", FLOOD_MARK)));
    assertEquals(INITIAL_FLOOD_MARK, meter.floodMark());
  }

  @Test
  void v2cReadOnlyCommunitySetIsNoAccessAndChangesNothing() throws Exception {
    int port = startExample();
    Result r = community(port, "snmpset", "-v2c", "public", FLOOD_MARK, "i", "50");
    assertNotEquals(0, r.exitCode(), r.out());
    assertTrue(r.out().contains("noAccess"), r.out());
    Result table = community(port, "snmpset", "-v2c", "public", IN_READER_TABLE, "i", "1");
    assertTrue(table.out().contains("noAccess"), table.out());
    assertEquals(INITIAL_FLOOD_MARK, meter.floodMark());
  }

  @Test
  void wrongCommunityGetsNoReply() throws Exception {
    int port = startExample();
    for (String version : List.of("-v1", "-v2c")) {
      Result r = community(port, "snmpget", version, "private", SYS_DESCR);
      assertNotEquals(0, r.exitCode(), r.out());
      assertTrue(r.out().contains("Timeout"), r.out());
    }
  }

  @Test
  void readerAndManagerReadWithAuthPriv() throws Exception {
    int port = startExample();
    for (List<String> user : List.of(READER, MANAGER)) {
      Result r = v3(port, "snmpget", "authPriv", user, SYS_DESCR, FLOOD_MARK);
      assertEquals(List.of(
          SYS_DESCR + " = STRING: \"rtfm4j test RTFM traffic flow meter (RFC 2722)\"",
          FLOOD_MARK + " = INTEGER: " + INITIAL_FLOOD_MARK), ok(r).lines().toList());
    }
  }

  @Test
  void belowTheRequiredLevelIsAnAuthorizationError() throws Exception {
    int port = startExample();
    // The example's access lines ask for priv: authNoPriv and noAuthNoPriv match no entry
    // (RFC 3415 §3.2 noAccessEntry), which SNMPv3 reports as authorizationError.
    Result authNoPriv = v3(port, "snmpget", "authNoPriv", READER.subList(0, 6), SYS_DESCR);
    assertNotEquals(0, authNoPriv.exitCode(), authNoPriv.out());
    assertTrue(authNoPriv.out().contains("authorizationError"), authNoPriv.out());
    Result noAuth = v3(port, "snmpget", "noAuthNoPriv", MANAGER.subList(0, 2), SYS_DESCR);
    assertNotEquals(0, noAuth.exitCode(), noAuth.out());
    assertTrue(noAuth.out().contains("authorizationError"), noAuth.out());
  }

  @Test
  void setsAndBulkRequestsBelowTheRequiredLevelAreAnsweredToo() throws Exception {
    assumeTrue(Command.onPath("snmpbulkget"), "snmpbulkget not installed (Debian package snmp)");
    int port = startExample();
    Result set = v3(port, "snmpset", "noAuthNoPriv", MANAGER.subList(0, 2), FLOOD_MARK, "i",
        "50");
    assertTrue(set.out().contains("authorizationError"), set.out());
    Result setAuth = v3(port, "snmpset", "authNoPriv", READER.subList(0, 6), IN_READER_TABLE,
        "i", "1");
    assertTrue(setAuth.out().contains("authorizationError"), setAuth.out());
    Result bulk = v3(port, "snmpbulkget", "noAuthNoPriv", MANAGER.subList(0, 2), SYS_DESCR);
    assertTrue(bulk.out().contains("authorizationError"), bulk.out());
    // SNMP4J-Agent lost this one (its worker died before answering): a timeout, not an error,
    // was all the manager saw (found by HostileSnmpTest).
    Result none = v3(port, "snmpbulkget", "noAuthNoPriv", MANAGER.subList(0, 2), "-Cn0",
        "-Cr0", SYS_DESCR);
    assertTrue(none.out().contains("authorizationError"), none.out());
    assertEquals(INITIAL_FLOOD_MARK, meter.floodMark());
  }

  @Test
  void unknownUserGetsAReportNotATimeout() throws Exception {
    int port = startExample();
    Result r = v3(port, "snmpget", "authPriv", List.of("-u", "mallory", "-a", "SHA-256", "-A",
        "whatever passphrase", "-x", "AES", "-X", "whatever passphrase"), SYS_DESCR);
    assertNotEquals(0, r.exitCode(), r.out());
    assertTrue(r.out().contains("Unknown user name"), r.out());
    assertFalse(r.out().contains("Timeout"), r.out());
    // RFC 3414 §3.2 step 3: the report carries usmStatsUnknownUserNames, which counted it.
    assertEquals(USM_UNKNOWN_USERS + " = Counter32: 1",
        ok(v3(port, "snmpget", "authPriv", MANAGER, USM_UNKNOWN_USERS)));
  }

  @Test
  void wrongAuthenticationPassphraseGetsAReportNotATimeout() throws Exception {
    int port = startExample();
    List<String> wrong = new ArrayList<>(READER);
    wrong.set(5, "not the reader passphrase");
    Result r = v3(port, "snmpget", "authPriv", wrong, SYS_DESCR);
    assertNotEquals(0, r.exitCode(), r.out());
    assertTrue(r.out().contains("Authentication failure"), r.out());
    assertFalse(r.out().contains("Timeout"), r.out());
    // RFC 3414 §3.2 step 6: usmStatsWrongDigests counted it.
    assertEquals(USM_WRONG_DIGESTS + " = Counter32: 1",
        ok(v3(port, "snmpget", "authPriv", MANAGER, USM_WRONG_DIGESTS)));
  }

  @Test
  void readerCannotSetTheFloodMarkAndTheManagerCan() throws Exception {
    int port = startExample();
    Result denied = v3(port, "snmpset", "authPriv", READER, FLOOD_MARK, "i", "50");
    assertNotEquals(0, denied.exitCode(), denied.out());
    // RFC 3415 §3.2: the variable is not in the reader's write view (notInView -> noAccess).
    assertTrue(denied.out().contains("noAccess"), denied.out());
    assertEquals(INITIAL_FLOOD_MARK, meter.floodMark());

    Result allowed = v3(port, "snmpset", "authPriv", MANAGER, FLOOD_MARK, "i", "50");
    assertEquals(FLOOD_MARK + " = INTEGER: 50", ok(allowed));
    assertEquals(50, meter.floodMark());
    assertEquals(FLOOD_MARK + " = INTEGER: 50",
        ok(v3(port, "snmpget", "authPriv", READER, FLOOD_MARK)));
  }

  @Test
  void readerWritesInsideFlowReaderInfoTableAndTheManagerDoesNot() throws Exception {
    int port = startExample();
    Result reader = v3(port, "snmpset", "authPriv", READER, IN_READER_TABLE, "i", "45");
    assertEquals(IN_READER_TABLE + " = INTEGER: 45", ok(reader));
    Result manager = v3(port, "snmpset", "authPriv", MANAGER, IN_READER_TABLE, "i", "46");
    assertNotEquals(0, manager.exitCode(), manager.out());
    assertTrue(manager.out().contains("noAccess"), manager.out());
    assertEquals(IN_READER_TABLE + " = INTEGER: 45",
        ok(v3(port, "snmpget", "authPriv", MANAGER, IN_READER_TABLE)));
  }

  @Test
  void md5AndDesWorkOnlyWhenTheFileAllowsThem() throws Exception {
    String user = "createUser old MD5 \"old auth passphrase\" DES \"old privacy passphrase\"\n"
        + "rouser old priv\n";
    AgentConfigException e = assertThrows(AgentConfigException.class,
        () -> AgentConfigFile.parse("old.conf", user));
    assertEquals(List.of(
        "old.conf:1:16: createUser old: MD5 is refused: it is broken (RFC 6151); use SHA-256 or"
            + " better, or say 'allowInsecureProtocols yes'",
        "old.conf:1:42: createUser old: DES is refused: its 56-bit key falls to exhaustive"
            + " search; use AES, or say 'allowInsecureProtocols yes'"), e.problems());

    AgentConfigFile allowed = AgentConfigFile.parse("old.conf",
        user + "allowInsecureProtocols yes\n");
    int port = start(allowed.applyTo(config()));
    assumeTrue(Command.run(List.of("snmpget", "-h")).out().contains("DES"),
        "this net-snmp was built without DES");
    List<String> old = List.of("-u", "old", "-a", "MD5", "-A", "old auth passphrase", "-x",
        "DES", "-X", "old privacy passphrase");
    assertEquals(SYS_DESCR + " = STRING: \"rtfm4j test RTFM traffic flow meter (RFC 2722)\"",
        ok(v3(port, "snmpget", "authPriv", old, SYS_DESCR)));
  }

  @Test
  void aSourceFilterDropsRequestsFromElsewhereAndTheFirstMatchingLineWins() throws Exception {
    AgentConfigFile file = AgentConfigFile.parse("sources.conf", String.join("\n",
        "view all included .1",
        "view sys included system",
        // Only from 10/8: never from loopback.
        "rocommunity elsewhere 10.0.0.0/8",
        // The same community twice: from 10/8 all, from loopback the system group only.
        "com2sec far 10.0.0.0/255.0.0.0 shared",
        "com2sec near 127.0.0.0/8 shared",
        "group farGroup v2c far",
        "group nearGroup v2c near",
        "access farGroup \"\" any noauth exact all none none",
        "access nearGroup \"\" any noauth exact sys none none",
        "rocommunity local localhost"));
    int port = start(file.applyTo(config()));
    Result elsewhere = community(port, "snmpget", "-v2c", "elsewhere", SYS_DESCR);
    assertTrue(elsewhere.out().contains("Timeout"), elsewhere.out());
    assertEquals(SYS_DESCR + " = STRING: \"rtfm4j test RTFM traffic flow meter (RFC 2722)\"",
        ok(community(port, "snmpget", "-v2c", "shared", SYS_DESCR)));
    // Loopback is "near": the Meter MIB is outside its view.
    assertEquals(FLOOD_MARK + " = No Such Object available on this agent at this OID",
        community(port, "snmpget", "-v2c", "shared", FLOOD_MARK).out().strip());
    assertEquals(FLOOD_MARK + " = INTEGER: " + INITIAL_FLOOD_MARK,
        ok(community(port, "snmpget", "-v2c", "local", FLOOD_MARK)));
  }

  @Test
  void aReadWriteCommunityCombinesWithTheFile() throws Exception {
    int port = start(AgentConfigFile.read(EXAMPLE).applyTo(config()).withRwCommunity("s3cret"));
    assertEquals(FLOOD_MARK + " = INTEGER: 60",
        ok(community(port, "snmpset", "-v2c", "s3cret", FLOOD_MARK, "i", "60")));
    assertEquals(60, meter.floodMark());
    assertEquals(FLOOD_MARK + " = INTEGER: 62",
        ok(community(port, "snmpset", "-v1", "s3cret", FLOOD_MARK, "i", "62")));
    assertEquals(62, meter.floodMark());
    // The file's identities are unchanged.
    assertTrue(community(port, "snmpset", "-v2c", "public", FLOOD_MARK, "i", "61").out()
        .contains("noAccess"));
    assertEquals(FLOOD_MARK + " = INTEGER: 62",
        ok(v3(port, "snmpget", "authPriv", READER, FLOOD_MARK)));
  }

  @Test
  void aReadWriteCommunityMayNotReuseAFileCommunity() throws Exception {
    AgentConfig c = AgentConfigFile.read(EXAMPLE).applyTo(config());
    assertThrows(IllegalArgumentException.class, () -> c.withRwCommunity("public"));
    AgentConfig other = AgentConfigFile.parse("x.conf", "rocommunity ours\n").applyTo(config());
    assertThrows(IllegalArgumentException.class, () -> other.withRwCommunity("ours"));
  }

  @Test
  void noCommunityOrPassphraseCanBeReadBack() throws Exception {
    assumeTrue(Command.onPath("snmpwalk"), "snmpwalk not installed (Debian package snmp)");
    String rw = "s3cretRW";
    // The built-in configuration: public reads the whole tree.
    int builtIn = start(config().withRwCommunity(rw));
    Result walk = community(builtIn, "snmpwalk", "-v2c", "public", ".1");
    assertEquals(0, walk.exitCode(), walk.out());
    assertTrue(walk.out().contains(SYS_DESCR), walk.out());
    assertFalse(walk.out().contains(rw), walk.out());
    assertFalse(walk.out().contains(SNMP_COMMUNITY_MIB), walk.out());

    int example = start(AgentConfigFile.read(EXAMPLE).applyTo(config()).withRwCommunity(rw));
    Result manager = v3(example, "snmpwalk", "authPriv", MANAGER, ".1");
    assertEquals(0, manager.exitCode(), manager.out());
    assertTrue(manager.out().contains(FLOOD_MARK), manager.out());
    for (String secret : List.of(rw, "public", "passphrase")) {
      assertFalse(manager.out().contains(secret), secret + " in\n" + manager.out());
    }
    // The example's view all leaves out the user table and the VACM tables.
    for (String hidden : List.of(USM_USER, VACM_OBJECTS)) {
      assertFalse(manager.out().contains(hidden), hidden + " in\n" + manager.out());
      assertTrue(walk.out().contains(hidden), "the built-in view shows " + hidden);
    }
  }

  private AgentConfig config() {
    return new AgentConfig(new InetSocketAddress(LOOPBACK, 0), null, "test", "", "", "");
  }

  /** Runs exactly examples/snmp.conf, moved to a free loopback port. */
  private int startExample() throws Exception {
    AgentConfigFile file = AgentConfigFile.read(EXAMPLE);
    assertEquals(new InetSocketAddress(LOOPBACK, AgentConfig.DEFAULT_PORT),
        file.address().orElseThrow(), "the example keeps the agent on loopback");
    return start(file.applyTo(config()).withAddress(new InetSocketAddress(LOOPBACK, 0)));
  }

  private int start(AgentConfig c) throws Exception {
    meter = new Meter(1000, MeterClock.packetTime(), OctetCounting.IP);
    meter.setFloodMark(INITIAL_FLOOD_MARK);
    SnmpAgent agent = new SnmpAgent(c, () -> 0L);
    agent.register(new FlowMeterMib(meter));
    agent.register(new ReaderTableStandIn());
    agent.start();
    agents.add(agent);
    return agent.address().getPort();
  }

  /** A writable Integer32 where a flowReaderInfoTable cell would be; test-only. */
  private static final class ReaderTableStandIn implements MOGroup {
    private final MOScalar<Integer32> scalar = new MOScalar<>(
        new OID(IN_READER_TABLE.substring(1)), MOAccessImpl.ACCESS_READ_WRITE,
        new Integer32(READER_TABLE_VALUE));

    @Override
    public void registerMOs(MOServer server, OctetString context)
        throws DuplicateRegistrationException {
      server.register(scalar, context);
    }

    @Override
    public void unregisterMOs(MOServer server, OctetString context) {
      server.unregister(scalar, context);
    }
  }

  /** The output of a command that must succeed. */
  private static String ok(Result r) {
    assertEquals(0, r.exitCode(), r.out());
    return r.out().strip();
  }

  /** An SNMPv1/v2c command: numeric OIDs, one try, one-second timeout. */
  private static Result community(int port, String tool, String version, String community,
      String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(tool, "-On", "-t", "1", "-r", "0", version, "-c",
        community, LOOPBACK + ":" + port));
    cmd.addAll(List.of(args));
    return Command.run(cmd);
  }

  /** An SNMPv3 command at {@code level} with {@code user}'s -u/-a/-A/-x/-X options. */
  private static Result v3(int port, String tool, String level, List<String> user,
      String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(tool, "-On", "-t", "1", "-r", "0", "-v3", "-l",
        level));
    cmd.addAll(user);
    cmd.add(LOOPBACK + ":" + port);
    cmd.addAll(List.of(args));
    return Command.run(cmd);
  }
}
