package org.rtfm4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.mib.FlowMeterMib;
import org.snmp4j.CommunityTarget;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/** GETBULK answers hold at most {@link BulkLimit#MAX_BINDINGS} bindings (RFC 3416 §4.2.3). */
class BulkLimitTest {
  private static final int REPEATERS = 3;

  @Test
  void requestsAreCutToTheBound() {
    PDU bulk = new PDU();
    bulk.setType(PDU.GETBULK);
    bulk.setNonRepeaters(0);
    bulk.setMaxRepetitions(Integer.MAX_VALUE);
    bulk.add(new VariableBinding(new OID("1.3")));
    bulk.add(new VariableBinding(new OID("1.3.6.1.2.1.11")));
    BulkLimit.apply(bulk);
    assertEquals(BulkLimit.MAX_BINDINGS / 2, bulk.getMaxRepetitions());
    // More bindings than the bound: the first ones, non-repeaters first, one repetition.
    PDU many = new PDU();
    many.setType(PDU.GETBULK);
    many.setNonRepeaters(BulkLimit.MAX_BINDINGS + 10);
    for (int i = 0; i < BulkLimit.MAX_BINDINGS + 20; i++) {
      many.add(new VariableBinding(new OID("1.3.6.1.2.1.1." + (i + 1))));
    }
    BulkLimit.apply(many);
    assertEquals(BulkLimit.MAX_BINDINGS, many.size());
    assertEquals(BulkLimit.MAX_BINDINGS, many.getNonRepeaters());
    assertEquals(new OID("1.3.6.1.2.1.1.1"), many.get(0).getOid());
    // A small request keeps what it asked for.
    PDU walk = new PDU();
    walk.setType(PDU.GETBULK);
    walk.setMaxRepetitions(25);
    for (int i = 0; i < 10; i++) {
      walk.add(new VariableBinding(new OID("1.3.6.1.2.1.40.2.2.1." + (i + 1))));
    }
    BulkLimit.apply(walk);
    assertEquals(25, walk.getMaxRepetitions());
  }

  @Test
  void aBulkRequestForEverythingIsAnsweredWithTheBound() throws Exception {
    Meter meter = new Meter(100, MeterClock.packetTime(), OctetCounting.IP);
    SnmpAgent agent = new SnmpAgent(new AgentConfig(new InetSocketAddress("127.0.0.1", 0), null,
        "test", "", "", ""), () -> 0L);
    agent.register(new FlowMeterMib(meter));
    agent.start();
    try (Snmp snmp = new Snmp(new DefaultUdpTransportMapping())) {
      snmp.listen();
      CommunityTarget<UdpAddress> target = new CommunityTarget<>(
          new UdpAddress("127.0.0.1/" + agent.address().getPort()), new OctetString("public"));
      target.setVersion(SnmpConstants.version2c);
      target.setTimeout(2000);
      PDU pdu = new PDU();
      pdu.setType(PDU.GETBULK);
      pdu.setMaxRepetitions(Integer.MAX_VALUE);
      for (int i = 0; i < REPEATERS; i++) {
        pdu.add(new VariableBinding(new OID("1.3")));
      }
      ResponseEvent<UdpAddress> r = snmp.send(pdu, target);
      assertTrue(r.getResponse() != null, "no answer");
      // Three walks of the whole tree (over 100 objects), each cut at 250 / 3 repetitions.
      assertEquals(REPEATERS * (BulkLimit.MAX_BINDINGS / REPEATERS), r.getResponse().size());
      List<? extends VariableBinding> got = r.getResponse().getVariableBindings();
      assertEquals(new OID("1.3.6.1.2.1.1.1.0"), got.get(0).getOid(), "a walk from the start");
    } finally {
      agent.stop();
    }
  }
}
