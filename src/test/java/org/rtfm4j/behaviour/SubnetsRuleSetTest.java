package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtfm4j.behaviour.Keys.assertAttributes;
import static org.rtfm4j.behaviour.Keys.assertNumber;
import static org.rtfm4j.behaviour.Keys.assertPeer;
import static org.rtfm4j.rules.Attribute.DEST_PEER_ADDRESS;
import static org.rtfm4j.rules.Attribute.DEST_PEER_TYPE;
import static org.rtfm4j.rules.Attribute.SOURCE_PEER_ADDRESS;
import static org.rtfm4j.rules.Attribute.SOURCE_PEER_TYPE;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtfm4j.behaviour.Metering.Driver;
import org.rtfm4j.behaviour.Metering.Flow;
import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.match.PacketMatchingEngine;
import org.rtfm4j.rules.RuleSet;

/**
 * rulesets/subnets.rules does what its header comment says: one bidirectional flow per
 * {PeerType, source subnet, destination subnet}, /24 for IPv4 and /64 for IPv6, the flow
 * recording the masked address with its mask; traffic inside one subnet is one flow counted
 * entirely forward; non-IP ignored.
 */
class SubnetsRuleSetTest {
  private static final int SET = RuleFiles.SUBNETS;
  private static final RuleSet RULES = RuleFiles.shipped("subnets");
  private static final String V4_24 = "ffffff00";
  private static final String V6_64 = "ffffffffffffffff0000000000000000";
  private static final int IPV4 = 1;
  private static final int IPV6 = 2;
  private static final int IPX = 11;

  private static void assertSubnets(FlowKey k, int peerType, String src, String dst,
      String mask) {
    assertAttributes(k, SOURCE_PEER_TYPE, DEST_PEER_TYPE, SOURCE_PEER_ADDRESS,
        DEST_PEER_ADDRESS);
    assertNumber(k, SOURCE_PEER_TYPE, peerType);
    assertNumber(k, DEST_PEER_TYPE, peerType);
    assertPeer(k, SOURCE_PEER_ADDRESS, src, mask);
    assertPeer(k, DEST_PEER_ADDRESS, dst, mask);
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void allHostsOfTwoIpv4SubnetsShareOneFlowHoldingTheMaskedAddresses(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    m.send(Pkt.tcp("192.0.2.10", 40000, "198.51.100.20", 80), // creates 192.0.2/24 -> 198.51.100/24
        Pkt.tcp("198.51.100.20", 80, "192.0.2.10", 40000),
        Pkt.udp("192.0.2.99", 5353, "198.51.100.254", 53),
        Pkt.icmp("198.51.100.1", "192.0.2.255"),
        Pkt.icmp("198.51.100.2", "192.0.2.0"));
    Flow f = m.onlyFlow(SET);
    assertSubnets(f.key(), IPV4, "192.0.2.0", "198.51.100.0", V4_24);
    assertEquals(2, f.toPdus());
    assertEquals(3, f.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void ipv6SubnetsAreSlash64(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    m.send(Pkt.tcp("2001:db8:1:2::10", 40000, "2001:db8:1:3::20", 443),
        Pkt.tcp("2001:db8:1:3:ffff:ffff:ffff:ffff", 443, "2001:db8:1:2:8000::1", 40000));
    Flow f = m.onlyFlow(SET);
    assertSubnets(f.key(), IPV6, "2001:db8:1:2::", "2001:db8:1:3::", V6_64);
    assertEquals(1, f.toPdus());
    assertEquals(1, f.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void trafficInsideOneSubnetIsOneFlowCountedForward(Driver driver) {
    // "Traffic inside one subnet gives the same subnet twice; it has one flow, and since its key
    // reads the same both ways, current(S->D) finds it for every packet, so all of it lands in
    // the forward (To*) counters."
    Metering m = Metering.start(driver, RULES);
    Pkt p = Pkt.tcp("192.0.2.10", 40000, "192.0.2.20", 22);
    m.send(p, p.reply(), p.reply(), Pkt.icmp("192.0.2.30", "192.0.2.10"));
    Pkt v6 = Pkt.udp("2001:db8::1", 1000, "2001:db8::ffff:2", 2000);
    m.send(v6, v6.reply());
    assertEquals(2, m.flows(SET).size(), () -> m.flows(SET).toString());
    Flow f = m.flow(SET, "IPv4", k -> k.number(SOURCE_PEER_TYPE.number()) == IPV4);
    assertSubnets(f.key(), IPV4, "192.0.2.0", "192.0.2.0", V4_24);
    assertEquals(4, f.toPdus());
    assertEquals(0, f.fromPdus());
    Flow f6 = m.flow(SET, "IPv6", k -> k.number(SOURCE_PEER_TYPE.number()) == IPV6);
    assertSubnets(f6.key(), IPV6, "2001:db8::", "2001:db8::", V6_64);
    assertEquals(2, f6.toPdus());
    assertEquals(0, f6.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void neighbouringSubnetsAreSeparateFlows(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    m.exchange(Pkt.tcp("192.0.2.10", 40000, "198.51.100.20", 80));
    m.exchange(Pkt.tcp("192.0.3.10", 40000, "198.51.100.20", 80));
    m.exchange(Pkt.tcp("192.0.2.10", 40000, "198.51.101.20", 80));
    m.exchange(Pkt.tcp("2001:db8:0:1::1", 40000, "2001:db8:0:2::1", 80));
    m.exchange(Pkt.tcp("2001:db8:0:1::1", 40000, "2001:db8:0:3::1", 80));
    List<Flow> flows = m.flows(SET);
    assertEquals(5, flows.size(), flows::toString);
    for (Flow f : flows) {
      assertEquals(1, f.toPdus(), f::toString);
      assertEquals(1, f.fromPdus(), f::toString);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void framesWithoutIpMakeNoFlow(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    m.send(Pkt.arp());
    assertEquals(List.of(), m.flows(SET));
  }

  @Test
  void otherPeerTypesAreIgnored() {
    DirectMatch pme = new DirectMatch(RULES);
    Pkt p = Pkt.tcp("192.0.2.10", 40000, "198.51.100.20", 80);
    assertEquals(PacketMatchingEngine.IGNORE, pme.matchAsPeerType(p, IPX, true));
    assertEquals(PacketMatchingEngine.IGNORE, pme.match(Pkt.arp(), true));
  }
}
