package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtfm4j.testutil.Command;
import org.rtfm4j.testutil.Command.Result;
import org.rtfm4j.agent.AgentConfig;
import org.rtfm4j.agent.SnmpAgent;
import org.rtfm4j.capture.CaptureFiles;
import org.rtfm4j.capture.PacketSource;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;

/**
 * The flowControl scalars (RFC 2720 §4, flowControl 5..9) as net-snmp's snmpget and snmpset see
 * them over loopback UDP, against a meter that has metered examples/stun.pcap.
 */
class FlowMeterMibTest {
  private static final String LOOPBACK = "127.0.0.1";
  private static final String RW = "s3cret";
  private static final int MAX_FLOWS = 4321;
  private static final int TIMEOUT = 321;
  private static final int FLOOD_MARK = 80;

  // RFC 2720 object identifiers, from the RFC text (flowMIB = mib-2 40, flowControl = 1).
  private static final String FLOW_CONTROL = ".1.3.6.1.2.1.40.1";
  private static final String FLOOD_MARK_OID = FLOW_CONTROL + ".5.0";
  private static final String TIMEOUT_OID = FLOW_CONTROL + ".6.0";
  private static final String ACTIVE_OID = FLOW_CONTROL + ".7.0";
  private static final String MAX_OID = FLOW_CONTROL + ".8.0";
  private static final String FLOOD_MODE_OID = FLOW_CONTROL + ".9.0";

  private Meter meter;
  private SnmpAgent agent;
  private int port;


  @BeforeAll
  static void netSnmpInstalled() throws Exception {
    for (String tool : List.of("snmpget", "snmpset")) {
      assumeTrue(Command.onPath(tool), tool + " not installed (Debian package snmp)");
    }
  }

  @BeforeEach
  void meterStunAndServe() throws Exception {
    meter = new Meter(MAX_FLOWS, MeterClock.packetTime(), OctetCounting.IP);
    meter.flowTable().setInactivityTimeout(TIMEOUT);
    meter.setFloodMark(FLOOD_MARK);
    RuleSet rs = RuleFileParser.parse(Path.of("rulesets/five-tuple.rules"));
    meter.addRuleSet(rs);
    meter.setTask(1, rs.number(), 0, 0);
    try (PacketSource source = CaptureFiles.open(Path.of("examples/stun.pcap"))) {
      source.run(meter.sink());
    }
    agent = new SnmpAgent(
        new AgentConfig(new InetSocketAddress(LOOPBACK, 0), RW, "test", "", "", ""),
        meter.clock()::now);
    agent.register(new FlowMeterMib(meter));
    agent.start();
    port = agent.address().getPort();
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.stop();
    }
  }

  @Test
  void getReturnsTheMetersFiveControlVariables() throws Exception {
    int active = meter.flowTable().activeFlows();
    // Without flows the active-flows check below could not tell a live read from a default.
    assertTrue(active > 0, "stun.pcap made no flows");
    Result r = snmp("snmpget", "public", FLOOD_MARK_OID, TIMEOUT_OID, ACTIVE_OID, MAX_OID,
        FLOOD_MODE_OID);
    assertEquals(0, r.exitCode(), r.out());
    assertEquals(
        List.of(
            FLOOD_MARK_OID + " = INTEGER: " + FLOOD_MARK,
            TIMEOUT_OID + " = INTEGER: " + TIMEOUT,
            ACTIVE_OID + " = INTEGER: " + active,
            MAX_OID + " = INTEGER: " + MAX_FLOWS,
            // TruthValue false(2) (RFC 2579): stun.pcap is far below the flood mark.
            FLOOD_MODE_OID + " = INTEGER: 2"),
        r.out().lines().toList());
  }

  @Test
  void valuesAreReadLiveNotCopied() throws Exception {
    meter.setFloodMark(42);
    meter.flowTable().setInactivityTimeout(7);
    meter.setFloodMode(true);
    assertEquals(FLOOD_MARK_OID + " = INTEGER: 42", get(FLOOD_MARK_OID));
    assertEquals(TIMEOUT_OID + " = INTEGER: 7", get(TIMEOUT_OID));
    assertEquals(FLOOD_MODE_OID + " = INTEGER: 1", get(FLOOD_MODE_OID));
  }

  @Test
  void readWriteCommunitySetsTheFloodMark() throws Exception {
    Result r = snmp("snmpset", RW, FLOOD_MARK_OID, "i", "60");
    assertEquals(0, r.exitCode(), r.out());
    assertEquals(60, meter.floodMark());
    assertEquals(FLOOD_MARK_OID + " = INTEGER: 60", get(FLOOD_MARK_OID));
  }

  @Test
  void floodMarkAbove100IsWrongValueAndChangesNothing() throws Exception {
    Result r = snmp("snmpset", RW, FLOOD_MARK_OID, "i", "101");
    assertNotEquals(0, r.exitCode(), r.out());
    assertTrue(r.out().contains("wrongValue"), r.out());
    assertEquals(FLOOD_MARK, meter.floodMark());
    Result negative = snmp("snmpset", RW, FLOOD_MARK_OID, "i", "-1");
    assertTrue(negative.out().contains("wrongValue"), negative.out());
    assertEquals(FLOOD_MARK, meter.floodMark());
  }

  @Test
  void aStringForTheFloodMarkIsWrongType() throws Exception {
    Result r = snmp("snmpset", RW, FLOOD_MARK_OID, "s", "50");
    assertNotEquals(0, r.exitCode(), r.out());
    assertTrue(r.out().contains("wrongType"), r.out());
    assertEquals(FLOOD_MARK, meter.floodMark());
  }

  @Test
  void publicCannotSet() throws Exception {
    Result r = snmp("snmpset", "public", FLOOD_MARK_OID, "i", "60");
    assertNotEquals(0, r.exitCode(), r.out());
    assertTrue(r.out().contains("noAccess"), r.out());
    assertEquals(FLOOD_MARK, meter.floodMark());
  }

  @Test
  void inactivityTimeoutIsWritableButNotNegative() throws Exception {
    Result r = snmp("snmpset", RW, TIMEOUT_OID, "i", "900");
    assertEquals(0, r.exitCode(), r.out());
    assertEquals(900, meter.flowTable().inactivityTimeout());
    Result negative = snmp("snmpset", RW, TIMEOUT_OID, "i", "-5");
    assertTrue(negative.out().contains("wrongValue"), negative.out());
    assertEquals(900, meter.flowTable().inactivityTimeout());
  }

  @Test
  void activeAndMaxFlowsAreReadOnly() throws Exception {
    int active = meter.flowTable().activeFlows();
    for (String oid : List.of(ACTIVE_OID, MAX_OID)) {
      Result r = snmp("snmpset", RW, oid, "i", "1");
      assertNotEquals(0, r.exitCode(), r.out());
      // RFC 3416 §4.2.5: a read-only object answers notWritable.
      assertTrue(r.out().contains("notWritable"), r.out());
    }
    assertEquals(active, meter.flowTable().activeFlows());
    assertEquals(MAX_FLOWS, meter.flowTable().maxFlows());
  }

  @Test
  void settingFloodModeFalseLeavesFloodMode() throws Exception {
    meter.setFloodMode(true);
    Result r = snmp("snmpset", RW, FLOOD_MODE_OID, "i", "2");
    assertEquals(0, r.exitCode(), r.out());
    assertFalse(meter.floodMode());
    assertEquals(FLOOD_MODE_OID + " = INTEGER: 2", get(FLOOD_MODE_OID));
  }

  @Test
  void settingFloodModeTrueIsRefused() throws Exception {
    Result r = snmp("snmpset", RW, FLOOD_MODE_OID, "i", "1");
    assertNotEquals(0, r.exitCode(), r.out());
    assertTrue(r.out().contains("inconsistentValue"), r.out());
    assertFalse(meter.floodMode());
    // RFC 2579: TruthValue is 1 or 2 only.
    Result three = snmp("snmpset", RW, FLOOD_MODE_OID, "i", "3");
    assertTrue(three.out().contains("wrongValue"), three.out());
    assertFalse(meter.floodMode());
  }

  @Test
  void aSetWithOneBadVariableChangesNone() throws Exception {
    // RFC 3416 §4.2.5: a SET is applied as a whole or not at all.
    Result r = snmp("snmpset", RW, FLOOD_MARK_OID, "i", "50", TIMEOUT_OID, "i", "-1");
    assertNotEquals(0, r.exitCode(), r.out());
    assertEquals(FLOOD_MARK, meter.floodMark());
    assertEquals(TIMEOUT, meter.flowTable().inactivityTimeout());
  }

  private String get(String oid) throws Exception {
    Result r = snmp("snmpget", "public", oid);
    assertEquals(0, r.exitCode(), r.out());
    return r.out().strip();
  }

  /** A net-snmp v2c command against the agent: numeric OIDs, one try, one-second timeout. */
  private Result snmp(String tool, String community, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(tool, "-On", "-t", "1", "-r", "0", "-v2c", "-c",
        community, LOOPBACK + ":" + port));
    cmd.addAll(List.of(args));
    return Command.run(cmd);
  }
}
