package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtfm4j.behaviour.Keys.assertAttributes;
import static org.rtfm4j.behaviour.Keys.assertNumber;
import static org.rtfm4j.behaviour.Keys.assertPeer;
import static org.rtfm4j.rules.Attribute.DEST_PEER_ADDRESS;
import static org.rtfm4j.rules.Attribute.DEST_TRANS_ADDRESS;
import static org.rtfm4j.rules.Attribute.SOURCE_PEER_ADDRESS;
import static org.rtfm4j.rules.Attribute.SOURCE_PEER_TYPE;
import static org.rtfm4j.rules.Attribute.SOURCE_TRANS_ADDRESS;
import static org.rtfm4j.rules.Attribute.SOURCE_TRANS_TYPE;

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
 * rulesets/five-tuple.rules does what its header comment says: one bidirectional flow per
 * {SourcePeerType, SourcePeerAddress, DestPeerAddress, SourceTransType, SourceTransAddress,
 * DestTransAddress}, for IPv4 and IPv6; ports 0 for packets without ports; non-IP ignored; the
 * first packet's sender is the flow's source and replies land in the From counters.
 */
class FiveTupleRuleSetTest {
  private static final int SET = RuleFiles.FIVE_TUPLE;
  private static final RuleSet RULES = RuleFiles.shipped("five-tuple");
  private static final String HOST32 = "ffffffff";
  private static final String HOST128 = "ff".repeat(16);
  private static final int IPV4 = 1;
  private static final int IPV6 = 2;
  private static final int IPX = 11;
  /** IPv4 header 20 + TCP header 20 + payload 100 (RFC 791 total length). */
  private static final int TCP_V4_OCTETS = 140;
  /** IPv6 header 40 + TCP header 20 + payload 100 (payload length + 40). */
  private static final int TCP_V6_OCTETS = 160;

  private static void assertFiveTuple(FlowKey k, int peerType, String src, String dst,
      String hostMask, int protocol, int sport, int dport) {
    assertAttributes(k, SOURCE_PEER_TYPE, SOURCE_PEER_ADDRESS, DEST_PEER_ADDRESS,
        SOURCE_TRANS_TYPE, SOURCE_TRANS_ADDRESS, DEST_TRANS_ADDRESS);
    assertNumber(k, SOURCE_PEER_TYPE, peerType);
    assertPeer(k, SOURCE_PEER_ADDRESS, src, hostMask);
    assertPeer(k, DEST_PEER_ADDRESS, dst, hostMask);
    assertNumber(k, SOURCE_TRANS_TYPE, protocol);
    assertNumber(k, SOURCE_TRANS_ADDRESS, sport);
    assertNumber(k, DEST_TRANS_ADDRESS, dport);
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void anIpv4ConversationIsOneFlowWithTheFirstSenderAsSource(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    Pkt request = Pkt.tcp("192.0.2.10", 40000, "198.51.100.20", 80);
    m.send(request, request.reply(), request.reply(), request, request.reply());
    Flow f = m.onlyFlow(SET);
    assertFiveTuple(f.key(), IPV4, "192.0.2.10", "198.51.100.20", HOST32, Pkt.TCP, 40000, 80);
    assertEquals(2, f.toPdus(), "client -> server: forward");
    assertEquals(3, f.fromPdus(), "server -> client: reverse");
    assertEquals(2 * TCP_V4_OCTETS, f.toOctets());
    assertEquals(3 * TCP_V4_OCTETS, f.fromOctets());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void whenTheReplyIsSeenFirstItsSenderIsTheSource(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    Pkt reply = Pkt.udp("198.51.100.20", 53, "192.0.2.10", 33000);
    m.send(reply, reply.reply());
    Flow f = m.onlyFlow(SET);
    assertFiveTuple(f.key(), IPV4, "198.51.100.20", "192.0.2.10", HOST32, Pkt.UDP, 53, 33000);
    assertEquals(1, f.toPdus());
    assertEquals(1, f.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void anIpv6ConversationIsOneFlowWith128BitAddresses(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    Pkt request = Pkt.tcp("2001:db8:1::10", 40000, "2001:db8:2::20", 443);
    m.exchange(request);
    m.send(request);
    Flow f = m.onlyFlow(SET);
    assertFiveTuple(f.key(), IPV6, "2001:db8:1::10", "2001:db8:2::20", HOST128, Pkt.TCP, 40000,
        443);
    assertEquals(2, f.toPdus());
    assertEquals(1, f.fromPdus());
    assertEquals(2 * TCP_V6_OCTETS, f.toOctets());
    assertEquals(TCP_V6_OCTETS, f.fromOctets());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void eachElementOfTheFiveTupleSeparatesFlows(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    Pkt base = Pkt.tcp("192.0.2.10", 40000, "198.51.100.20", 80);
    List<Pkt> variants = List.of(base,
        Pkt.udp("192.0.2.10", 40000, "198.51.100.20", 80), // protocol
        Pkt.sctp("192.0.2.10", 40000, "198.51.100.20", 80),
        Pkt.tcp("192.0.2.10", 40001, "198.51.100.20", 80), // source port
        Pkt.tcp("192.0.2.10", 40000, "198.51.100.20", 81), // destination port
        Pkt.tcp("192.0.2.11", 40000, "198.51.100.20", 80), // source address
        Pkt.tcp("192.0.2.10", 40000, "198.51.100.21", 80), // destination address
        Pkt.tcp("2001:db8::10", 40000, "2001:db8::20", 80)); // PeerType
    for (Pkt p : variants) {
      m.exchange(p);
    }
    List<Flow> flows = m.flows(SET);
    assertEquals(variants.size(), flows.size(), flows::toString);
    for (Flow f : flows) {
      assertEquals(1, f.toPdus(), f::toString);
      assertEquals(1, f.fromPdus(), f::toString);
    }
    Flow sctp = m.flow(SET, "SCTP", k -> k.number(SOURCE_TRANS_TYPE.number()) == Pkt.SCTP);
    assertFiveTuple(sctp.key(), IPV4, "192.0.2.10", "198.51.100.20", HOST32, Pkt.SCTP, 40000, 80);
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void packetsWithoutPortsAreCountedWithPortsZero(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    m.exchange(Pkt.icmp("192.0.2.10", "198.51.100.20"));
    m.exchange(Pkt.icmp("2001:db8::10", "2001:db8::20"));
    m.exchange(Pkt.portless(Pkt.GRE, "192.0.2.10", "198.51.100.20"));
    // A later fragment of a UDP datagram whose first fragment was never seen: no ports.
    m.exchange(Pkt.laterFragment(Pkt.UDP, "192.0.2.10", "198.51.100.20"));
    assertEquals(4, m.flows(SET).size(), () -> m.flows(SET).toString());
    Flow icmp = m.flow(SET, "ICMP", k -> k.number(SOURCE_TRANS_TYPE.number()) == Pkt.ICMP);
    assertFiveTuple(icmp.key(), IPV4, "192.0.2.10", "198.51.100.20", HOST32, Pkt.ICMP, 0, 0);
    Flow icmp6 = m.flow(SET, "ICMPv6", k -> k.number(SOURCE_TRANS_TYPE.number()) == Pkt.ICMPV6);
    assertFiveTuple(icmp6.key(), IPV6, "2001:db8::10", "2001:db8::20", HOST128, Pkt.ICMPV6, 0,
        0);
    Flow gre = m.flow(SET, "GRE", k -> k.number(SOURCE_TRANS_TYPE.number()) == Pkt.GRE);
    assertFiveTuple(gre.key(), IPV4, "192.0.2.10", "198.51.100.20", HOST32, Pkt.GRE, 0, 0);
    Flow fragment = m.flow(SET, "UDP", k -> k.number(SOURCE_TRANS_TYPE.number()) == Pkt.UDP);
    assertFiveTuple(fragment.key(), IPV4, "192.0.2.10", "198.51.100.20", HOST32, Pkt.UDP, 0, 0);
    for (Flow f : List.of(icmp, icmp6, gre, fragment)) {
      assertEquals(1, f.toPdus(), f::toString);
      assertEquals(1, f.fromPdus(), f::toString);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void framesWithoutIpMakeNoFlow(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    m.send(Pkt.arp(), Pkt.arp());
    assertEquals(List.of(), m.flows(SET));
  }

  @Test
  void otherPeerTypesAreIgnoredNotRetried() {
    DirectMatch pme = new DirectMatch(RULES);
    Pkt p = Pkt.tcp("192.0.2.10", 40000, "198.51.100.20", 80);
    assertEquals(PacketMatchingEngine.IGNORE, pme.matchAsPeerType(p, IPX, true));
    assertEquals(PacketMatchingEngine.IGNORE, pme.matchAsPeerType(p, IPX, false));
    assertEquals(PacketMatchingEngine.IGNORE, pme.match(Pkt.arp(), true));
  }

  @Test
  void everyIpPacketMatchesSourceToDestination() {
    // "No rule here ever says NoMatch, so match(S->D) succeeds for every IP packet."
    DirectMatch pme = new DirectMatch(RULES);
    for (Pkt p : List.of(Pkt.tcp("192.0.2.10", 1, "198.51.100.20", 2),
        Pkt.udp("2001:db8::1", 53, "2001:db8::2", 53), Pkt.icmp("192.0.2.1", "192.0.2.2"),
        Pkt.portless(Pkt.GRE, "2001:db8::1", "2001:db8::2"),
        Pkt.laterFragment(Pkt.TCP, "192.0.2.1", "192.0.2.2"))) {
      assertEquals(PacketMatchingEngine.COUNT, pme.match(p, true), p::toString);
      assertEquals(PacketMatchingEngine.COUNT, pme.match(p.reply(), true), p::toString);
    }
  }
}
