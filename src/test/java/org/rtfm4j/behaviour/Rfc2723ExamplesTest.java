package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtfm4j.behaviour.Keys.assertAttributes;
import static org.rtfm4j.behaviour.Keys.assertNumber;
import static org.rtfm4j.behaviour.Keys.assertPeer;
import static org.rtfm4j.behaviour.Keys.assertPeerBytes;
import static org.rtfm4j.rules.Attribute.DEST_KIND;
import static org.rtfm4j.rules.Attribute.DEST_PEER_ADDRESS;
import static org.rtfm4j.rules.Attribute.DEST_TRANS_ADDRESS;
import static org.rtfm4j.rules.Attribute.FLOW_KIND;
import static org.rtfm4j.rules.Attribute.SOURCE_KIND;
import static org.rtfm4j.rules.Attribute.SOURCE_PEER_ADDRESS;
import static org.rtfm4j.rules.Attribute.SOURCE_PEER_TYPE;
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
 * The complete SRL programs of RFC 2723, hand-translated into rule files under
 * src/test/resources/rfc2723 (each file's header quotes the program and explains the
 * translation), behave as the RFC's text says they do. Where the text is silent, the tests pin
 * what the program does as written (named "asWritten..."). {@link Rfc2723SrlExamplesTest} runs
 * the same tests on the programs themselves, compiled from examples/srl/rfc2723.
 */
class Rfc2723ExamplesTest {
  private final RuleSet saveExample = load("3.3.1-save-network-as-source");
  private final RuleSet classifyPorts = load("4.1-classify-ip-ports");
  private final RuleSet netKind = load("4.2-net-kind");
  private final RuleSet netKindMyNetSource = load("4.2-net-kind-my-net-source");

  /** One example by its base name, e.g. "4.2-net-kind"; here the hand translation. */
  RuleSet load(String name) {
    return RuleFiles.resource("/rfc2723/" + name + ".rules");
  }

  private static final String HOST = "ffffffff";
  private static final String NET16 = "ffff0000";
  private static final String NET24 = "ffffff00";
  private static final int IPV4 = 1;
  private static final int MY_NET_KIND = 10;
  private static final int K_NET_KIND = 20;
  private static final int OTHER_KIND = 30;
  /** The k_nets define of §4.2, as /16 networks. */
  private static final List<String> K_NETS = List.of("130.217.0.0", "130.123.0.0",
      "130.195.0.0", "132.181.0.0", "138.75.0.0", "139.80.0.0");

  // ------------------------------------------------------------------ §3.3.1 SAVE example

  @ParameterizedTest
  @EnumSource(Driver.class)
  void saveExampleCountsFlowsAsThough130216WereTheSource(Driver driver) {
    // §3.3.5: NOMATCH "is used to ensure that flows having 130.216/16 as an end-point are counted
    // as though 130.216 had been those flows' source peer (IP) address"; §3.3.1: SAVE /24 saves
    // "a value with a wider mask than was used to select the packet".
    int set = saveExample.number();
    Metering m = Metering.start(driver, saveExample);
    m.send(Pkt.tcp("130.216.1.2", 40000, "192.0.2.1", 80), // from 130.216: forward
        Pkt.tcp("192.0.2.1", 80, "130.216.1.2", 40000), // to 130.216: NOMATCH, then reverse
        Pkt.udp("198.51.100.7", 53, "130.216.1.99", 5353), // another host of the same /24
        Pkt.icmp("130.216.2.3", "192.0.2.1")); // another /24
    assertEquals(2, m.flows(set).size(), () -> m.flows(set).toString());
    Flow one = m.flow(set, "130.216.1/24",
        k -> Keys.address(k, SOURCE_PEER_ADDRESS).equals("130.216.1.0"));
    assertAttributes(one.key(), SOURCE_PEER_ADDRESS);
    assertPeer(one.key(), SOURCE_PEER_ADDRESS, "130.216.1.0", NET24);
    assertEquals(1, one.toPdus());
    assertEquals(2, one.fromPdus());
    Flow two = m.flow(set, "130.216.2/24",
        k -> Keys.address(k, SOURCE_PEER_ADDRESS).equals("130.216.2.0"));
    assertEquals(1, two.toPdus());
    assertEquals(0, two.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void saveExampleIgnoresTrafficWithinAndOutside130216(Driver driver) {
    // §3.3.5: a NOMATCH "executed following such an interchange" means the packet is IGNOREd;
    // "ELSE IGNORE" covers packets with no end in 130.216.
    Metering m = Metering.start(driver, saveExample);
    m.exchange(Pkt.tcp("130.216.1.2", 40000, "130.216.9.9", 22));
    m.exchange(Pkt.tcp("192.0.2.1", 40000, "198.51.100.1", 22));
    assertEquals(List.of(), m.flows(saveExample.number()));
    DirectMatch pme = new DirectMatch(saveExample);
    Pkt inside = Pkt.tcp("130.216.1.2", 40000, "130.216.9.9", 22);
    assertEquals(PacketMatchingEngine.NO_MATCH, pme.match(inside, true));
    assertEquals(PacketMatchingEngine.NO_MATCH, pme.match(inside, false));
    assertEquals(PacketMatchingEngine.IGNORE,
        pme.match(Pkt.tcp("192.0.2.1", 40000, "198.51.100.1", 22), true));
  }

  // ------------------------------------------------------------------ §4.1 Classify IP ports

  private static void assertPortFlow(FlowKey k, String client, String server, int protocol,
      int port, char kind) {
    assertAttributes(k, SOURCE_PEER_TYPE, SOURCE_TRANS_TYPE, DEST_TRANS_ADDRESS, FLOW_KIND,
        SOURCE_PEER_ADDRESS, DEST_PEER_ADDRESS);
    assertNumber(k, SOURCE_PEER_TYPE, IPV4);
    assertNumber(k, SOURCE_TRANS_TYPE, protocol);
    assertNumber(k, DEST_TRANS_ADDRESS, port);
    assertNumber(k, FLOW_KIND, kind);
    assertPeer(k, SOURCE_PEER_ADDRESS, client, HOST);
    assertPeer(k, DEST_PEER_ADDRESS, server, HOST);
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void classifyPortsGivesWwwFtpTelnetTheirLettersWithTheWellKnownPortAsDest(Driver driver) {
    // "FlowKind ('W' for www, 'F' for ftp, 'T' for telnet ...) ... its resulting flows will
    // have the well-known ports as their destination."
    int set = classifyPorts.number();
    Metering m = Metering.start(driver, classifyPorts);
    String client = "192.0.2.10";
    String server = "198.51.100.20";
    int[][] cases = {{80, 'W'}, {20, 'F'}, {21, 'F'}, {23, 'T'}};
    for (int protocol : new int[] {Pkt.TCP, Pkt.UDP}) {
      for (int[] c : cases) {
        Pkt request = Pkt.transport(protocol, client, 40000, server, c[0]);
        m.send(request, request.reply());
        Pkt fromServer = Pkt.transport(protocol, server, c[0], client, 40001);
        m.send(fromServer); // the server speaks first: NOMATCH, then counted backwards
      }
    }
    assertEquals(2 * cases.length, m.flows(set).size(), () -> m.flows(set).toString());
    for (int protocol : new int[] {Pkt.TCP, Pkt.UDP}) {
      for (int[] c : cases) {
        Flow f = m.flow(set, "protocol " + protocol + " port " + c[0],
            k -> k.number(SOURCE_TRANS_TYPE.number()) == protocol
                && k.number(DEST_TRANS_ADDRESS.number()) == c[0]);
        assertPortFlow(f.key(), client, server, protocol, c[0], (char) c[1]);
        assertEquals(1, f.toPdus(), f::toString);
        assertEquals(2, f.fromPdus(), f::toString);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void classifyPortsMarksOtherTcpAndUdpTrafficUnclassified(Driver driver) {
    // "'?' for unclassified"; "save DestTransAddress" keeps the packet's destination port.
    int set = classifyPorts.number();
    Metering m = Metering.start(driver, classifyPorts);
    m.send(Pkt.tcp("192.0.2.10", 40000, "198.51.100.20", 443),
        Pkt.tcp("192.0.2.10", 40001, "198.51.100.20", 443),
        Pkt.udp("192.0.2.10", 40000, "198.51.100.20", 53));
    assertEquals(2, m.flows(set).size());
    Flow https = m.flow(set, "TCP", k -> k.number(SOURCE_TRANS_TYPE.number()) == Pkt.TCP);
    assertPortFlow(https.key(), "192.0.2.10", "198.51.100.20", Pkt.TCP, 443, '?');
    assertEquals(2, https.toPdus());
    Flow dns = m.flow(set, "UDP", k -> k.number(SOURCE_TRANS_TYPE.number()) == Pkt.UDP);
    assertPortFlow(dns.key(), "192.0.2.10", "198.51.100.20", Pkt.UDP, 53, '?');
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void classifyPortsSavesTransType0ForOtherProtocolsAndCountsOnlyIpv4(Driver driver) {
    // "saving SourceTransType (tcp, udp or 0)"; "This program counts only IP packets" (the
    // first test is SourcePeerType == IPv4).
    int set = classifyPorts.number();
    Metering m = Metering.start(driver, classifyPorts);
    Pkt ping = Pkt.icmp("192.0.2.10", "198.51.100.20");
    m.send(ping, ping.reply(), Pkt.portless(Pkt.GRE, "192.0.2.10", "198.51.100.20"));
    m.exchange(Pkt.tcp("2001:db8::10", 40000, "2001:db8::20", 80));
    m.exchange(Pkt.icmp("2001:db8::10", "2001:db8::20"));
    m.send(Pkt.arp());
    Flow f = m.onlyFlow(set);
    assertAttributes(f.key(), SOURCE_PEER_TYPE, SOURCE_TRANS_TYPE, SOURCE_PEER_ADDRESS,
        DEST_PEER_ADDRESS);
    assertNumber(f.key(), SOURCE_PEER_TYPE, IPV4);
    assertNumber(f.key(), SOURCE_TRANS_TYPE, 0);
    assertPeer(f.key(), SOURCE_PEER_ADDRESS, "192.0.2.10", HOST);
    assertPeer(f.key(), DEST_PEER_ADDRESS, "198.51.100.20", HOST);
    assertEquals(2, f.toPdus(), "ICMP and GRE share the TransType-0 flow");
    assertEquals(1, f.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void asWrittenClassifyPortsCountsEachDirectionOfAnUnclassifiedExchangeInItsOwnFlow(
      Driver driver) {
    // The '?' branch saves the packet's DestTransAddress, which is the other end's port in the
    // reply, and nothing makes the reply NOMATCH: so the reply's key is not the request's key
    // reversed, and each direction gets a flow of its own, counted forward.
    int set = classifyPorts.number();
    Metering m = Metering.start(driver, classifyPorts);
    Pkt request = Pkt.tcp("192.0.2.10", 40000, "198.51.100.20", 6000);
    m.send(request, request.reply());
    List<Flow> flows = m.flows(set);
    assertEquals(2, flows.size(), flows::toString);
    Flow forward = m.flow(set, "to port 6000",
        k -> k.number(DEST_TRANS_ADDRESS.number()) == 6000);
    assertPortFlow(forward.key(), "192.0.2.10", "198.51.100.20", Pkt.TCP, 6000, '?');
    Flow back = m.flow(set, "to port 40000", k -> k.number(DEST_TRANS_ADDRESS.number()) == 40000);
    assertPortFlow(back.key(), "198.51.100.20", "192.0.2.10", Pkt.TCP, 40000, '?');
    for (Flow f : flows) {
      assertEquals(1, f.toPdus(), f::toString);
      assertEquals(0, f.fromPdus(), f::toString);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void asWrittenClassifyPortsCountsNothingWithWellKnownPortsAtBothEnds(Driver driver) {
    // "if SourceTransAddress == (www, ftp, telnet) nomatch" runs before the destination is
    // looked at, so such a packet says NOMATCH both ways and is not counted.
    Metering m = Metering.start(driver, classifyPorts);
    m.exchange(Pkt.tcp("192.0.2.10", 20, "198.51.100.20", 21));
    m.exchange(Pkt.tcp("192.0.2.10", 80, "198.51.100.20", 80));
    m.exchange(Pkt.udp("192.0.2.10", 23, "198.51.100.20", 80));
    assertEquals(List.of(), m.flows(classifyPorts.number()));
    DirectMatch pme = new DirectMatch(classifyPorts);
    Pkt p = Pkt.tcp("192.0.2.10", 20, "198.51.100.20", 21);
    assertEquals(PacketMatchingEngine.NO_MATCH, pme.match(p, true));
    assertEquals(PacketMatchingEngine.NO_MATCH, pme.match(p, false));
  }

  // ------------------------------------------------------------------ §4.2 net_kind

  /**
   * The four attributes of a net_kind flow. The networks are compared by their leading bytes:
   * net_kind saves my_net and k_nets with PushRuleTo, which records them 16 bytes long (see
   * PeerAddressLengthTest).
   */
  private static void assertNetKinds(FlowKey k, String src, String srcMask, int srcKind,
      String dst, String dstMask, int dstKind) {
    assertAttributes(k, SOURCE_PEER_ADDRESS, SOURCE_KIND, DEST_PEER_ADDRESS, DEST_KIND);
    assertPeerBytes(k, SOURCE_PEER_ADDRESS, src, srcMask);
    assertNumber(k, SOURCE_KIND, srcKind);
    assertPeerBytes(k, DEST_PEER_ADDRESS, dst, dstMask);
    assertNumber(k, DEST_KIND, dstKind);
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void netKindClassifiesSourceAndDestinationAndSavesTheirNetworks(Driver driver) {
    // "It saves the network address from addr (16 bits for my_net and the k_net networks, 24
    // bits for others), stores a value of 10, 20 or 30 in net"; "net_kind is called twice,
    // saving Source- and DestPeerAddress and Source- and DestKind".
    int set = netKind.number();
    Metering m = Metering.start(driver, netKind);
    int n = 0;
    for (String kNet : K_NETS) {
      String host = kNet.replaceFirst("0\\.0$", "7." + (n++));
      m.exchange(Pkt.tcp("130.216.1.1", 40000, host, 80));
    }
    m.exchange(Pkt.udp("130.216.200.1", 5000, "192.0.2.77", 53));
    m.exchange(Pkt.icmp("132.181.3.3", "198.51.100.200"));
    assertEquals(K_NETS.size() + 2, m.flows(set).size(), () -> m.flows(set).toString());
    for (String kNet : K_NETS) {
      Flow f = m.flow(set, "dest " + kNet,
          k -> Keys.ipv4(k, DEST_PEER_ADDRESS).equals(kNet));
      assertNetKinds(f.key(), "130.216.0.0", NET16, MY_NET_KIND, kNet, NET16, K_NET_KIND);
      assertEquals(1, f.toPdus(), f::toString);
      assertEquals(1, f.fromPdus(), f::toString);
    }
    Flow other = m.flow(set, "dest 192.0.2.0",
        k -> Keys.ipv4(k, DEST_PEER_ADDRESS).equals("192.0.2.0"));
    assertNetKinds(other.key(), "130.216.0.0", NET16, MY_NET_KIND, "192.0.2.0", NET24,
        OTHER_KIND);
    Flow kToOther = m.flow(set, "source 132.181.0.0",
        k -> Keys.ipv4(k, SOURCE_PEER_ADDRESS).equals("132.181.0.0"));
    assertNetKinds(kToOther.key(), "132.181.0.0", NET16, K_NET_KIND, "198.51.100.0", NET24,
        OTHER_KIND);
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void netKindFlowsHaveNoParticularSourceDestOrdering(Driver driver) {
    // "the COUNT statement produces flows identified by these four RTFM attributes, with no
    // particular source-dest ordering": the first packet's sender is the source, and packets
    // the other way are counted backwards in the same flow.
    int set = netKind.number();
    Metering m = Metering.start(driver, netKind);
    m.send(Pkt.tcp("192.0.2.5", 40000, "130.216.3.3", 80),
        Pkt.tcp("130.216.3.3", 80, "192.0.2.5", 40000),
        Pkt.tcp("130.216.9.9", 22, "192.0.2.200", 40000));
    Flow f = m.onlyFlow(set);
    assertNetKinds(f.key(), "192.0.2.0", NET24, OTHER_KIND, "130.216.0.0", NET16, MY_NET_KIND);
    assertEquals(1, f.toPdus());
    assertEquals(2, f.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void netKindCountsTrafficWithinMyNetInOneFlow(Driver driver) {
    int set = netKind.number();
    Metering m = Metering.start(driver, netKind);
    m.exchange(Pkt.tcp("130.216.1.1", 40000, "130.216.2.2", 22));
    Flow f = m.onlyFlow(set);
    assertNetKinds(f.key(), "130.216.0.0", NET16, MY_NET_KIND, "130.216.0.0", NET16,
        MY_NET_KIND);
    assertEquals(2, f.toPdus(), "the key reads the same both ways: current(S->D) finds it");
    assertEquals(0, f.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void myNetSourceVersionPutsMyNetAtTheSource(Driver driver) {
    // "This version uses a NOMATCH statement to ensure that its resulting flows have my_net as
    // their source."
    int set = netKindMyNetSource.number();
    Metering m = Metering.start(driver, netKindMyNetSource);
    m.send(Pkt.tcp("192.0.2.5", 40000, "130.216.3.3", 80), // to my_net first: reversed
        Pkt.tcp("130.216.3.3", 80, "192.0.2.5", 40000),
        Pkt.tcp("130.216.1.1", 40000, "138.75.1.1", 443),
        Pkt.tcp("138.75.1.1", 443, "130.216.1.1", 40000));
    assertEquals(2, m.flows(set).size(), () -> m.flows(set).toString());
    Flow other = m.flow(set, "dest 192.0.2.0",
        k -> Keys.ipv4(k, DEST_PEER_ADDRESS).equals("192.0.2.0"));
    assertNetKinds(other.key(), "130.216.0.0", NET16, MY_NET_KIND, "192.0.2.0", NET24,
        OTHER_KIND);
    assertEquals(1, other.toPdus());
    assertEquals(1, other.fromPdus());
    Flow kNet = m.flow(set, "dest 138.75.0.0",
        k -> Keys.ipv4(k, DEST_PEER_ADDRESS).equals("138.75.0.0"));
    assertNetKinds(kNet.key(), "130.216.0.0", NET16, MY_NET_KIND, "138.75.0.0", NET16,
        K_NET_KIND);
    assertEquals(1, kNet.toPdus());
    assertEquals(1, kNet.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void myNetSourceVersionRejectsMyNetToMyNet(Driver driver) {
    // "The NOMATCH also rejects my_net -> my_net traffic."
    Metering m = Metering.start(driver, netKindMyNetSource);
    m.exchange(Pkt.tcp("130.216.1.1", 40000, "130.216.2.2", 22));
    assertEquals(List.of(), m.flows(netKindMyNetSource.number()));
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void myNetSourceVersionSaves24BitsForUnusualFlows(Driver driver) {
    // "Traffic which doesn't have my_net as source or destination saves 24 bits of its peer
    // addresses (the subroutine might only have saved 16) before counting such an unusual flow."
    int set = netKindMyNetSource.number();
    Metering m = Metering.start(driver, netKindMyNetSource);
    m.exchange(Pkt.tcp("130.217.5.5", 40000, "192.0.2.9", 80)); // k_net and other
    m.exchange(Pkt.tcp("192.0.2.9", 40000, "198.51.100.9", 80)); // other and other
    m.exchange(Pkt.udp("139.80.1.1", 53, "130.123.2.2", 53)); // two k_nets
    assertEquals(3, m.flows(set).size(), () -> m.flows(set).toString());
    Flow kOther = m.flow(set, "source 130.217.5.0",
        k -> Keys.ipv4(k, SOURCE_PEER_ADDRESS).equals("130.217.5.0"));
    assertNetKinds(kOther.key(), "130.217.5.0", NET24, K_NET_KIND, "192.0.2.0", NET24,
        OTHER_KIND);
    Flow others = m.flow(set, "source 192.0.2.0",
        k -> Keys.ipv4(k, SOURCE_PEER_ADDRESS).equals("192.0.2.0"));
    assertNetKinds(others.key(), "192.0.2.0", NET24, OTHER_KIND, "198.51.100.0", NET24,
        OTHER_KIND);
    Flow kk = m.flow(set, "source 139.80.1.0",
        k -> Keys.ipv4(k, SOURCE_PEER_ADDRESS).equals("139.80.1.0"));
    assertNetKinds(kk.key(), "139.80.1.0", NET24, K_NET_KIND, "130.123.2.0", NET24, K_NET_KIND);
    for (Flow f : m.flows(set)) {
      assertEquals(1, f.toPdus(), f::toString);
      assertEquals(1, f.fromPdus(), f::toString);
    }
  }

  @Test
  void myNetSourceVersionSaysNomatchForPacketsToMyNet() {
    DirectMatch pme = new DirectMatch(netKindMyNetSource);
    Pkt toMyNet = Pkt.tcp("192.0.2.5", 40000, "130.216.3.3", 80);
    assertEquals(PacketMatchingEngine.NO_MATCH, pme.match(toMyNet, true));
    assertEquals(PacketMatchingEngine.COUNT, pme.match(toMyNet, false));
    assertPeerBytes(pme.key, SOURCE_PEER_ADDRESS, "130.216.0.0", NET16);
  }
}
