package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtfm4j.behaviour.Keys.assertAttributes;
import static org.rtfm4j.behaviour.Keys.assertNumber;
import static org.rtfm4j.behaviour.Keys.assertPeer;
import static org.rtfm4j.rules.Attribute.DEST_PEER_ADDRESS;
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
 * rulesets/netramet-example.rules does what its header comment says: packets with one end in
 * 130.216 are counted with that end as the source, keyed {SourcePeerType = 1, SourcePeerAddress
 * = 130.216.0.0/16, DestPeerAddress = the other host /32}; packets from outside are matched
 * D->S and counted backwards; neither end inside: not counted; both ends inside: S->D.
 */
class NetrametExampleRuleSetTest {
  private static final int SET = RuleFiles.NETRAMET_EXAMPLE;
  private static final RuleSet RULES = RuleFiles.shipped("netramet-example");
  private static final int IP = 1;

  private static void assertUaKey(FlowKey k, String otherHost) {
    assertAttributes(k, SOURCE_PEER_TYPE, SOURCE_PEER_ADDRESS, DEST_PEER_ADDRESS);
    assertNumber(k, SOURCE_PEER_TYPE, IP);
    assertPeer(k, SOURCE_PEER_ADDRESS, "130.216.0.0", "ffff0000");
    assertPeer(k, DEST_PEER_ADDRESS, otherHost, "ffffffff");
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void theUniversityEndIsTheSourceAndItsNetworkIsTheKey(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    m.send(Pkt.tcp("130.216.5.6", 40000, "192.0.2.1", 80), // from UA: S->D, forward
        Pkt.tcp("192.0.2.1", 80, "130.216.5.6", 40000), // to UA: D->S, reverse
        Pkt.udp("192.0.2.1", 53, "130.216.200.7", 3000), // another UA host, same network
        Pkt.icmp("130.216.0.1", "192.0.2.1"));
    Flow f = m.onlyFlow(SET);
    assertUaKey(f.key(), "192.0.2.1");
    assertEquals(2, f.toPdus());
    assertEquals(2, f.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void aPacketFromOutsideSeenFirstCreatesTheFlowReversed(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    m.send(Pkt.udp("198.51.100.9", 123, "130.216.1.1", 123));
    Flow f = m.onlyFlow(SET);
    assertUaKey(f.key(), "198.51.100.9");
    assertEquals(0, f.toPdus());
    assertEquals(1, f.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void packetsWithNeitherEndInTheNetworkAreNotCounted(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    m.exchange(Pkt.tcp("192.0.2.1", 40000, "198.51.100.9", 80));
    m.exchange(Pkt.tcp("130.217.1.1", 40000, "131.216.1.1", 80)); // neighbours of 130.216
    assertEquals(List.of(), m.flows(SET));
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void packetsWithBothEndsInsideMatchSourceToDestination(Driver driver) {
    // "Packets with both ends in 130.216 match S->D (source network, destination host)": so A->B
    // and B->A are different flows, each counted forward.
    Metering m = Metering.start(driver, RULES);
    Pkt ab = Pkt.tcp("130.216.1.1", 40000, "130.216.2.2", 22);
    m.send(ab, ab.reply(), ab);
    List<Flow> flows = m.flows(SET);
    assertEquals(2, flows.size(), flows::toString);
    Flow toB = m.flow(SET, "dest 130.216.2.2",
        k -> Keys.address(k, DEST_PEER_ADDRESS).equals("130.216.2.2"));
    assertUaKey(toB.key(), "130.216.2.2");
    assertEquals(2, toB.toPdus());
    assertEquals(0, toB.fromPdus());
    Flow toA = m.flow(SET, "dest 130.216.1.1",
        k -> Keys.address(k, DEST_PEER_ADDRESS).equals("130.216.1.1"));
    assertEquals(1, toA.toPdus());
    assertEquals(0, toA.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void ipv6AndNonIpPacketsAreIgnored(Driver driver) {
    // The first rule tests SourcePeerType = IP, which is 1 (IPv4): "Non-IP packets are
    // ignored", and so are IPv6 packets.
    Metering m = Metering.start(driver, RULES);
    m.exchange(Pkt.tcp("8216::1", 40000, "2001:db8::1", 80)); // 8216:: begins like 130.216
    m.send(Pkt.arp());
    assertEquals(List.of(), m.flows(SET));
  }

  @Test
  void theMatchResultsAreThoseTheCommentGives() {
    DirectMatch pme = new DirectMatch(RULES);
    Pkt fromUa = Pkt.tcp("130.216.5.6", 40000, "192.0.2.1", 80);
    assertEquals(PacketMatchingEngine.COUNT, pme.match(fromUa, true));
    assertEquals(PacketMatchingEngine.NO_MATCH, pme.match(fromUa.reply(), true));
    assertEquals(PacketMatchingEngine.COUNT, pme.match(fromUa.reply(), false));
    Pkt outside = Pkt.tcp("192.0.2.1", 40000, "198.51.100.9", 80);
    assertEquals(PacketMatchingEngine.NO_MATCH, pme.match(outside, true));
    assertEquals(PacketMatchingEngine.NO_MATCH, pme.match(outside, false));
    assertEquals(PacketMatchingEngine.IGNORE,
        pme.match(Pkt.tcp("2001:db8::1", 1, "2001:db8::2", 2), true));
  }
}
