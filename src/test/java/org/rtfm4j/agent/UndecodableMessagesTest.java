package org.rtfm4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterTarget;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.mib.FlowMeterMib;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.TimeTicks;

/**
 * Datagrams the agent cannot decode are counted in snmpInASNParseErrs (RFC 3418; RFC 3412 §7.2
 * step 2), each kind SNMP4J by itself dropped without counting or counted elsewhere: regression
 * cases from HostileSnmpTest, as hex.
 */
class UndecodableMessagesTest {
  /** snmpInASNParseErrs.0 and snmpInvalidMsgs.0 (RFC 3418, RFC 3412). */
  private static final OID ASN_PARSE_ERRS = new OID("1.3.6.1.2.1.11.6.0");
  private static final OID INVALID_MSGS = new OID("1.3.6.1.6.3.11.2.1.2.0");
  private static final OID SYS_UP_TIME = new OID("1.3.6.1.2.1.1.3.0");
  private static final String LOOPBACK = "127.0.0.1";

  private SnmpAgent agent;
  private MeterClient client;

  @BeforeEach
  void start() throws Exception {
    Meter meter = new Meter(100, MeterClock.packetTime(), OctetCounting.IP);
    agent = new SnmpAgent(new AgentConfig(new InetSocketAddress(LOOPBACK, 0), null, "test", "",
        "", ""), () -> 0L);
    agent.register(new FlowMeterMib(meter));
    agent.start();
    client = MeterClient.open(MeterTarget.community(LOOPBACK, agent.address().getPort(),
        MeterTarget.Version.V2C, "public"), 2000, 1);
  }

  @AfterEach
  void stop() {
    client.close();
    agent.stop();
  }

  @Test
  void aDatagramThatIsNoSequenceIsAnAsnParseError() throws Exception {
    // SNMP4J counted this one in snmpInvalidMsgs, which RFC 3412 keeps for well-formed messages.
    assertCounted("00");
  }

  @Test
  void aTruncatedV1MessageIsAnAsnParseError() throws Exception {
    // An SNMPv2c GET cut after its request-id.
    assertCounted("302902010104067075626c6963a01c02040000000102");
  }

  @Test
  void aTruncatedV3MessageIsAnAsnParseError() throws Exception {
    // An SNMPv3 engine discovery cut inside its security parameters: SNMP4J's MPv3 returned a
    // parse error and counted nothing.
    assertCounted("3038020103300d020101020201e40401040201030410300e0400020100");
  }

  @Test
  void aV3HeaderWithAWrongTagIsAnAsnParseError() throws Exception {
    // msgID with tag 0x03 (BIT STRING) where an INTEGER belongs (RFC 3412 §6).
    assertCounted("3037020103300d030101020201e40401040201030410300e04000201000201000400040004"
        + "00301104000400a00b0201000201000201003000");
  }

  @Test
  void aValueOfNoKnownTypeIsAnAsnParseError() throws Exception {
    // A varbind value with tag 0x00: SNMP4J threw IllegalArgumentException, logged and uncounted.
    assertCounted("302702010104067075626c6963a01a020203f0020100020100300e300c06082b06010201010100"
        + "0000");
  }

  @Test
  void aWellFormedRequestIsNoParseError() throws Exception {
    long before = counter(ASN_PARSE_ERRS);
    client.get(new OID("1.3.6.1.2.1.1.1.0"));
    assertEquals(before, counter(ASN_PARSE_ERRS));
    assertEquals(0, counter(INVALID_MSGS));
  }

  private void assertCounted(String hex) throws Exception {
    long asn = counter(ASN_PARSE_ERRS);
    long invalid = counter(INVALID_MSGS);
    byte[] d = HexFormat.of().parseHex(hex);
    try (DatagramSocket s = new DatagramSocket()) {
      s.send(new DatagramPacket(d, d.length, agent.address()));
    }
    // The agent reads datagrams in order: this GET is answered after the datagram was counted.
    assertEquals(asn + 1, counter(ASN_PARSE_ERRS), "snmpInASNParseErrs");
    assertEquals(invalid, counter(INVALID_MSGS), "snmpInvalidMsgs");
    assertTrue(client.get(SYS_UP_TIME) instanceof TimeTicks, "the agent still answers");
  }

  private long counter(OID oid) throws Exception {
    return client.get(oid).toLong();
  }
}
