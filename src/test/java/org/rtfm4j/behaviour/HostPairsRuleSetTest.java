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
 * rulesets/host-pairs.rules does what its header comment says: one bidirectional flow per
 * {PeerType, address pair}, whatever the protocol and ports, with DestPeerType repeating
 * SourcePeerType; A->B and B->A share one flow; non-IP ignored.
 */
class HostPairsRuleSetTest {
  private static final int SET = RuleFiles.HOST_PAIRS;
  private static final RuleSet RULES = RuleFiles.shipped("host-pairs");
  private static final int IPV4 = 1;
  private static final int IPV6 = 2;
  private static final int IPX = 11;

  private static void assertHostPair(FlowKey k, int peerType, String src, String dst,
      String hostMask) {
    assertAttributes(k, SOURCE_PEER_TYPE, DEST_PEER_TYPE, SOURCE_PEER_ADDRESS,
        DEST_PEER_ADDRESS);
    assertNumber(k, SOURCE_PEER_TYPE, peerType);
    assertNumber(k, DEST_PEER_TYPE, peerType);
    assertPeer(k, SOURCE_PEER_ADDRESS, src, hostMask);
    assertPeer(k, DEST_PEER_ADDRESS, dst, hostMask);
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void everyProtocolBetweenTwoIpv4HostsIsOneFlow(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    String a = "192.0.2.10";
    String b = "198.51.100.20";
    m.send(Pkt.tcp(a, 40000, b, 80), // A -> B: creates A-B
        Pkt.udp(b, 53, a, 33000), // B -> A
        Pkt.icmp(a, b), // A -> B
        Pkt.laterFragment(Pkt.UDP, b, a), // B -> A
        Pkt.sctp(a, 5000, b, 6000), // A -> B
        Pkt.portless(Pkt.GRE, b, a)); // B -> A
    Flow f = m.onlyFlow(SET);
    assertHostPair(f.key(), IPV4, a, b, "ffffffff");
    assertEquals(3, f.toPdus());
    assertEquals(3, f.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void ipv6HostPairsUse128BitAddressesAndPeerType2(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    String a = "2001:db8:1::10";
    String b = "2001:db8:ffff::20";
    m.send(Pkt.udp(b, 53, a, 33000), Pkt.tcp(a, 40000, b, 443), Pkt.icmp(a, b));
    Flow f = m.onlyFlow(SET);
    assertHostPair(f.key(), IPV6, b, a, "ff".repeat(16));
    assertEquals(1, f.toPdus(), "B sent first: B is the source");
    assertEquals(2, f.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void eachPairOfHostsHasItsOwnFlow(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    m.exchange(Pkt.tcp("192.0.2.10", 40000, "198.51.100.20", 80));
    m.exchange(Pkt.tcp("192.0.2.10", 40000, "198.51.100.21", 80));
    m.exchange(Pkt.tcp("192.0.2.11", 40000, "198.51.100.20", 80));
    m.exchange(Pkt.tcp("2001:db8::10", 40000, "2001:db8::20", 80));
    List<Flow> flows = m.flows(SET);
    assertEquals(4, flows.size(), flows::toString);
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
