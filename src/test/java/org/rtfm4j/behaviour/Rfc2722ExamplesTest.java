package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtfm4j.behaviour.Keys.assertAttributes;
import static org.rtfm4j.behaviour.Keys.assertNumber;
import static org.rtfm4j.behaviour.Keys.assertPeer;
import static org.rtfm4j.behaviour.Keys.assertPeerBytes;
import static org.rtfm4j.rules.Attribute.DEST_CLASS;
import static org.rtfm4j.rules.Attribute.DEST_PEER_ADDRESS;
import static org.rtfm4j.rules.Attribute.FLOW_CLASS;
import static org.rtfm4j.rules.Attribute.SOURCE_CLASS;
import static org.rtfm4j.rules.Attribute.SOURCE_INTERFACE;
import static org.rtfm4j.rules.Attribute.SOURCE_PEER_ADDRESS;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtfm4j.behaviour.Metering.Driver;
import org.rtfm4j.behaviour.Metering.Flow;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.match.CompiledRuleSet;
import org.rtfm4j.match.PacketMatchingEngine;
import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.rules.RuleSet;

/**
 * RFC 2722's descriptions of what rule sets do, written as rule files under
 * src/test/resources/rfc2722 (each file's header quotes the text and explains the translation),
 * behave as the text says: §3.1 flows given by address attributes, §3.2 the SourceClass/DestClass
 * subroutine, §3.3 report-in-one-bucket-only (three buckets, or two rule sets), §4.3 the rule set
 * that matches in either direction, the inconsistent rule set, and MatchingStoD for 'unusual'
 * packets.
 */
class Rfc2722ExamplesTest {
  private static final RuleSet HOST_PAIR =
      RuleFiles.resource("/rfc2722/3.1-source-and-destination-host.rules");
  private static final RuleSet SOURCE_HOST = RuleFiles.resource("/rfc2722/3.1-source-host.rules");
  private static final RuleSet CLASSES = RuleFiles.resource("/rfc2722/3.2-class-subroutine.rules");
  private static final RuleSet THREE_BUCKETS =
      RuleFiles.resource("/rfc2722/3.3-three-buckets.rules");
  private static final RuleSet BUCKETS_A =
      RuleFiles.resource("/rfc2722/3.3-rule-set-a-interface-1.rules");
  private static final RuleSet BUCKETS_B =
      RuleFiles.resource("/rfc2722/3.3-rule-set-b-source-host.rules");
  private static final RuleSet SUBNETS_OF_X =
      RuleFiles.resource("/rfc2722/4.3-subnets-within-network.rules");
  /** The only translation the consistency checker warns about: rightly (RFC 2722 §4.3). */
  static final String INCONSISTENT_WARNING = "4.3-inconsistent-a-to-b.rules:15:51: warning: this"
      + " Ignore drops replies to packets counted at rule 7: a packet with SourcePeerAddress"
      + " 130.216.0.0, DestPeerAddress 156.62.0.0 is counted there, but its reply"
      + " (SourcePeerAddress 156.62.0.0, DestPeerAddress 130.216.0.0) is ignored here";
  private static final RuleSet INCONSISTENT = RuleFiles.resourceWithWarning(
      "/rfc2722/4.3-inconsistent-a-to-b.rules", INCONSISTENT_WARNING);
  private static final RuleSet CONSISTENT =
      RuleFiles.resource("/rfc2722/4.3-consistent-a-to-b.rules");
  private static final RuleSet UNUSUAL = RuleFiles.resource("/rfc2722/4.3-unusual-packets.rules");

  private static final String HOST = "ffffffff";
  private static final String NET16 = "ffff0000";
  private static final String NET24 = "ffffff00";
  /** a.b.c.d of §3.3, as the rule files write it. */
  private static final String ABCD = "192.0.2.44";

  // ------------------------------------------------------------------ §3.1

  @ParameterizedTest
  @EnumSource(Driver.class)
  void aFlowOfTwoAddressesCountsOnlyPacketsBetweenThemAndBack(Driver driver) {
    // "only IP packets from 10.1.0.1 to 26.1.0.1 and back would be counted in that flow"
    int set = HOST_PAIR.number();
    Metering m = Metering.start(driver, HOST_PAIR);
    m.send(Pkt.tcp("10.1.0.1", 40000, "26.1.0.1", 80), Pkt.udp("26.1.0.1", 53, "10.1.0.1", 53),
        Pkt.icmp("10.1.0.1", "26.1.0.1"));
    m.exchange(Pkt.tcp("10.1.0.1", 40000, "26.1.0.2", 80));
    m.exchange(Pkt.tcp("10.1.0.2", 40000, "26.1.0.1", 80));
    Flow f = m.onlyFlow(set);
    assertAttributes(f.key(), SOURCE_PEER_ADDRESS, DEST_PEER_ADDRESS);
    assertPeerBytes(f.key(), SOURCE_PEER_ADDRESS, "10.1.0.1", HOST);
    assertPeerBytes(f.key(), DEST_PEER_ADDRESS, "26.1.0.1", HOST);
    assertEquals(2, f.toPdus());
    assertEquals(1, f.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void aFlowOfOneAddressCountsEveryPacketFromAndToIt(Driver driver) {
    // "all IP packets from and to 10.1.0.1 would be counted in that flow"
    int set = SOURCE_HOST.number();
    Metering m = Metering.start(driver, SOURCE_HOST);
    m.send(Pkt.tcp("10.1.0.1", 40000, "26.1.0.1", 80), Pkt.udp("10.1.0.1", 53, "192.0.2.1", 53),
        Pkt.icmp("198.51.100.1", "10.1.0.1"), Pkt.tcp("26.1.0.1", 80, "10.1.0.1", 40000),
        Pkt.icmp("10.1.0.2", "26.1.0.1"));
    Flow f = m.onlyFlow(set);
    assertAttributes(f.key(), SOURCE_PEER_ADDRESS);
    assertPeerBytes(f.key(), SOURCE_PEER_ADDRESS, "10.1.0.1", HOST);
    assertEquals(2, f.toPdus(), "from 10.1.0.1");
    assertEquals(2, f.fromPdus(), "to 10.1.0.1");
  }

  // ------------------------------------------------------------------ §3.2

  @ParameterizedTest
  @EnumSource(Driver.class)
  void theClassSubroutineSetsOneForListedNetworksAndZeroOtherwise(Driver driver) {
    // "set SourceClass/DestClass to one if the source/dest peer address was in the list or to
    // zero otherwise"
    int set = CLASSES.number();
    Metering m = Metering.start(driver, CLASSES);
    String[][] cases = {
        {"130.216.1.1", "192.0.2.1", "1", "0"},
        {"192.0.2.2", "156.62.3.3", "0", "1"},
        {"10.9.9.9", "156.62.3.3", "1", "1"},
        {"192.0.2.3", "198.51.100.1", "0", "0"},
        {"131.216.1.1", "11.0.0.1", "0", "0"}};
    for (String[] c : cases) {
      m.exchange(Pkt.tcp(c[0], 40000, c[1], 80));
    }
    assertEquals(cases.length, m.flows(set).size(), () -> m.flows(set).toString());
    for (String[] c : cases) {
      Flow f = m.flow(set, "source " + c[0],
          k -> Keys.address(k, SOURCE_PEER_ADDRESS).equals(c[0]));
      assertAttributes(f.key(), SOURCE_PEER_ADDRESS, DEST_PEER_ADDRESS, SOURCE_CLASS,
          DEST_CLASS);
      assertPeer(f.key(), DEST_PEER_ADDRESS, c[1], HOST);
      assertNumber(f.key(), SOURCE_CLASS, Integer.parseInt(c[2]));
      assertNumber(f.key(), DEST_CLASS, Integer.parseInt(c[3]));
      assertEquals(1, f.toPdus(), f::toString);
      assertEquals(1, f.fromPdus(), "the reply's classes swap back into this flow: " + f);
    }
  }

  // ------------------------------------------------------------------ §3.3

  /** The §3.3 traffic: n1 = 3, n2 = 4, n3 = 2, n4 = 5 packets in buckets 1..4. */
  private static List<Pkt> bucketTraffic() {
    List<Pkt> t = new ArrayList<>();
    t.add(Pkt.tcp(ABCD, 40000, "198.51.100.1", 80)); // bucket 1: if 1, from a.b.c.d
    t.add(Pkt.udp(ABCD, 53, "198.51.100.2", 53));
    t.add(Pkt.icmp(ABCD, "203.0.113.9"));
    t.add(Pkt.tcp("198.51.100.1", 80, ABCD, 40000)); // bucket 2: if 1, not from a.b.c.d
    t.add(Pkt.tcp("192.0.2.45", 80, "198.51.100.1", 40000));
    t.add(Pkt.icmp("2001:db8::1", "2001:db8::2"));
    t.add(Pkt.udp("203.0.113.9", 1, "192.0.2.44", 2));
    t.add(Pkt.tcp(ABCD, 40000, "198.51.100.1", 80).onInterface(2)); // bucket 3
    t.add(Pkt.icmp(ABCD, "192.0.2.1").onInterface(2));
    t.add(Pkt.tcp("198.51.100.1", 80, ABCD, 40000).onInterface(2)); // bucket 4
    t.add(Pkt.udp("192.0.2.1", 53, ABCD, 53).onInterface(2));
    t.add(Pkt.icmp("192.0.2.43", "192.0.2.45").onInterface(2));
    t.add(Pkt.tcp("2001:db8::1", 1, "2001:db8::2", 2).onInterface(3));
    t.add(Pkt.icmp("198.51.100.9", "192.0.2.44").onInterface(3));
    return t;
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void threeBucketsCountEachPacketOnceAndBothTotalsCanBeRebuilt(Driver driver) {
    int set = THREE_BUCKETS.number();
    Metering m = Metering.start(driver, THREE_BUCKETS);
    for (Pkt p : bucketTraffic()) {
      m.send(p);
    }
    assertEquals(3, m.flows(set).size(), () -> "bucket 4 is not kept: " + m.flows(set));
    long[] bucket = new long[4];
    for (int b = 1; b <= 3; b++) {
      int n = b;
      Flow f = m.flow(set, "bucket " + b, k -> k.number(FLOW_CLASS.number()) == n);
      assertAttributes(f.key(), FLOW_CLASS);
      assertEquals(0, f.fromPdus(), f::toString);
      bucket[b] = f.toPdus();
    }
    assertEquals(3, bucket[1]);
    assertEquals(4, bucket[2]);
    assertEquals(2, bucket[3]);
    assertEquals(7, bucket[1] + bucket[2], "total packets coming in interface 1");
    assertEquals(5, bucket[1] + bucket[3], "total packets sourced by a.b.c.d");
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void twoRuleSetsGiveTheTwoTotalsAndCountAPacketOnceInEach(Driver driver) {
    Metering m = Metering.start(driver, BUCKETS_A, BUCKETS_B);
    for (Pkt p : bucketTraffic()) {
      m.send(p);
    }
    Flow a = m.onlyFlow(BUCKETS_A.number());
    assertAttributes(a.key(), SOURCE_INTERFACE);
    assertNumber(a.key(), SOURCE_INTERFACE, 1);
    assertEquals(7, a.toPdus(), "bucket 1 of the RFC: packets which came in interface 1");
    Flow b = m.onlyFlow(BUCKETS_B.number());
    assertAttributes(b.key(), SOURCE_PEER_ADDRESS);
    assertPeerBytes(b.key(), SOURCE_PEER_ADDRESS, ABCD, HOST);
    assertEquals(5, b.toPdus(), "bucket 2 of the RFC: packets sourced by a.b.c.d");
    assertEquals(0, a.fromPdus() + b.fromPdus());
  }

  // ------------------------------------------------------------------ §4.3

  @ParameterizedTest
  @EnumSource(Driver.class)
  void subnetsWithinXYToZAndZToYShareOneFlow(Driver driver) {
    // "If, for example a packet is seen for y->z, the meter must check that flow z->y is not
    // already current before creating y->z."
    int set = SUBNETS_OF_X.number();
    Metering m = Metering.start(driver, SUBNETS_OF_X);
    m.send(Pkt.tcp("130.216.1.10", 40000, "130.216.2.20", 80), // y->z: creates y->z
        Pkt.tcp("130.216.2.20", 80, "130.216.1.10", 40000), // z->y: y->z is current
        Pkt.icmp("130.216.2.99", "130.216.1.1"),
        Pkt.udp("130.216.1.1", 1, "130.216.1.2", 2), // y->y: a flow of its own
        Pkt.tcp("130.216.1.10", 40000, "192.0.2.1", 80), // one end outside X: ignored
        Pkt.tcp("192.0.2.1", 80, "130.216.2.20", 40000));
    assertEquals(2, m.flows(set).size(), () -> m.flows(set).toString());
    Flow yz = m.flow(set, "y -> z", k -> Keys.address(k, DEST_PEER_ADDRESS).equals("130.216.2.0"));
    assertAttributes(yz.key(), SOURCE_PEER_ADDRESS, DEST_PEER_ADDRESS);
    assertPeer(yz.key(), SOURCE_PEER_ADDRESS, "130.216.1.0", NET24);
    assertPeer(yz.key(), DEST_PEER_ADDRESS, "130.216.2.0", NET24);
    assertEquals(1, yz.toPdus());
    assertEquals(2, yz.fromPdus());
    Flow yy = m.flow(set, "y -> y", k -> Keys.address(k, DEST_PEER_ADDRESS).equals("130.216.1.0"));
    assertEquals(1, yy.toPdus());
  }

  @Test
  void subnetsWithinXMatchInEitherDirectionAndTheSecondPacketFindsTheFlowReversed() {
    DirectMatch pme = new DirectMatch(SUBNETS_OF_X);
    Pkt yz = Pkt.tcp("130.216.1.10", 40000, "130.216.2.20", 80);
    assertEquals(PacketMatchingEngine.COUNT, pme.match(yz, true));
    assertEquals(PacketMatchingEngine.COUNT, pme.match(yz, false));
    Pkt out = Pkt.tcp("130.216.1.10", 40000, "192.0.2.1", 80);
    assertEquals(PacketMatchingEngine.IGNORE, pme.match(out, true));
    assertEquals(PacketMatchingEngine.IGNORE, pme.match(out, false));

    Section43 algorithm = new Section43(new FlowTable(16));
    CompiledRuleSet rules = new CompiledRuleSet(SUBNETS_OF_X);
    DecodedPacket p = new DecodedPacket();
    assertEquals(Section43.Outcome.FORWARD_CREATED,
        algorithm.process(rules, yz.decoded(p), 1, 0));
    assertEquals(Section43.Outcome.REVERSE_OF_CURRENT,
        algorithm.process(rules, yz.reply().decoded(p), 1, 0));
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void theInconsistentRuleSetLosesTheReversePacketsTheConsistentOneCounts(Driver driver) {
    // "packets from network B should be counted as reverse packets for the A-to-B flow"
    Metering m = Metering.start(driver, INCONSISTENT, CONSISTENT);
    Pkt ab = Pkt.tcp("130.216.1.1", 40000, "156.62.2.2", 80);
    m.send(ab, ab.reply(), ab.reply(), ab, ab.reply());
    for (RuleSet rs : List.of(INCONSISTENT, CONSISTENT)) {
      Flow f = m.onlyFlow(rs.number());
      assertAttributes(f.key(), SOURCE_PEER_ADDRESS, DEST_PEER_ADDRESS);
      assertPeer(f.key(), SOURCE_PEER_ADDRESS, "130.216.0.0", NET16);
      assertPeer(f.key(), DEST_PEER_ADDRESS, "156.62.0.0", NET16);
      assertEquals(2, f.toPdus(), rs.name());
    }
    assertEquals(0, m.onlyFlow(INCONSISTENT.number()).fromPdus(), "ignored, not counted");
    assertEquals(3, m.onlyFlow(CONSISTENT.number()).fromPdus(), "counted as reverse packets");
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void usualPacketsAreCountedByNetworkInEitherDirection(Driver driver) {
    int set = UNUSUAL.number();
    Metering m = Metering.start(driver, UNUSUAL);
    m.send(Pkt.tcp("130.216.1.1", 40000, "192.0.2.1", 80), // usual source: S->D
        Pkt.tcp("192.0.2.1", 80, "130.216.7.7", 40000), // usual destination: D->S
        Pkt.udp("192.0.2.9", 53, "156.62.1.1", 53));
    assertEquals(2, m.flows(set).size(), () -> m.flows(set).toString());
    Flow ua = m.flow(set, "130.216",
        k -> Keys.address(k, SOURCE_PEER_ADDRESS).equals("130.216.0.0"));
    assertAttributes(ua.key(), SOURCE_PEER_ADDRESS);
    assertPeer(ua.key(), SOURCE_PEER_ADDRESS, "130.216.0.0", NET16);
    assertEquals(1, ua.toPdus());
    assertEquals(1, ua.fromPdus());
    Flow ait = m.flow(set, "156.62",
        k -> Keys.address(k, SOURCE_PEER_ADDRESS).equals("156.62.0.0"));
    assertEquals(0, ait.toPdus());
    assertEquals(1, ait.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void unusualPacketsAreCountedAfterFailingBothWays(Driver driver) {
    // "Otherwise, the packet has failed to match in both directions; we can save whatever
    // attribute values are of interest and count the 'unusual' packet."  The second match runs
    // with Source and Dest interchanged, so the saved source is the packet's destination, and
    // §4.3's diagram counts it as create(D->S), count(D->S,r). Its reply is also matched D->S,
    // with the other key, and current(D->S) does not look for that key reversed: the reply
    // makes a second flow.
    int set = UNUSUAL.number();
    Metering m = Metering.start(driver, UNUSUAL);
    Pkt odd = Pkt.tcp("192.0.2.1", 40000, "198.51.100.1", 80);
    m.send(odd, odd, odd.reply());
    assertEquals(2, m.flows(set).size(), () -> m.flows(set).toString());
    Flow first = m.flow(set, "source 198.51.100.1",
        k -> Keys.address(k, SOURCE_PEER_ADDRESS).equals("198.51.100.1"));
    assertAttributes(first.key(), SOURCE_PEER_ADDRESS, DEST_PEER_ADDRESS);
    assertPeer(first.key(), DEST_PEER_ADDRESS, "192.0.2.1", HOST);
    assertEquals(0, first.toPdus());
    assertEquals(2, first.fromPdus());
    Flow second = m.flow(set, "source 192.0.2.1",
        k -> Keys.address(k, SOURCE_PEER_ADDRESS).equals("192.0.2.1"));
    assertPeer(second.key(), DEST_PEER_ADDRESS, "198.51.100.1", HOST);
    assertEquals(0, second.toPdus());
    assertEquals(1, second.fromPdus());
  }

  @Test
  void matchingStoDIsOneInWireOrderAndZeroReversed() {
    DirectMatch pme = new DirectMatch(UNUSUAL);
    Pkt odd = Pkt.tcp("192.0.2.1", 40000, "198.51.100.1", 80);
    assertEquals(PacketMatchingEngine.NO_MATCH, pme.match(odd, true));
    assertEquals(PacketMatchingEngine.COUNT, pme.match(odd, false));
    assertPeer(pme.key, SOURCE_PEER_ADDRESS, "198.51.100.1", HOST);
  }
}
