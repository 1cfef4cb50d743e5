package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtfm4j.behaviour.Keys.assertAttributes;
import static org.rtfm4j.behaviour.Keys.assertNumber;
import static org.rtfm4j.behaviour.Keys.assertPeer;
import static org.rtfm4j.rules.Attribute.DEST_PEER_ADDRESS;
import static org.rtfm4j.rules.Attribute.DEST_PEER_TYPE;
import static org.rtfm4j.rules.Attribute.DEST_TRANS_ADDRESS;
import static org.rtfm4j.rules.Attribute.DEST_TRANS_TYPE;
import static org.rtfm4j.rules.Attribute.FLOW_KIND;
import static org.rtfm4j.rules.Attribute.SOURCE_PEER_ADDRESS;
import static org.rtfm4j.rules.Attribute.SOURCE_PEER_TYPE;
import static org.rtfm4j.rules.Attribute.SOURCE_TRANS_ADDRESS;
import static org.rtfm4j.rules.Attribute.SOURCE_TRANS_TYPE;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtfm4j.behaviour.Metering.Driver;
import org.rtfm4j.behaviour.Metering.Flow;
import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.match.PacketMatchingEngine;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.RuleSet;

/**
 * rulesets/applications.rules does what its header comment says: the FlowKind table for every
 * listed port over TCP, UDP and SCTP, IPv4 and IPv6; the server (the listed port) as the
 * destination whichever end sends first; the client's port left out of the key except when
 * both ends use the same listed port; '?' flows without ports for everything else; the lower
 * listed port as the server's when both ends have one; every port-carrying packet counted.
 */
class ApplicationsRuleSetTest {
  private static final int SET = RuleFiles.APPLICATIONS;
  private static final RuleSet RULES = RuleFiles.shipped("applications");
  private static final int IPV4 = 1;
  private static final int IPV6 = 2;
  private static final int IPX = 11;
  private static final char OTHER = '?';
  private static final int[] PORT_PROTOCOLS = {Pkt.TCP, Pkt.UDP, Pkt.SCTP};
  /** Ports not in the table, including the ends of the range and ports near listed ones. */
  private static final int[] UNLISTED = {0, 1, 19, 23, 24, 54, 79, 81, 1023, 1024, 8443, 65535};

  /** The table in the file's header comment: server port -> FlowKind. */
  private static final Map<Integer, Character> KIND = kinds();

  private static Map<Integer, Character> kinds() {
    Map<Integer, Character> m = new TreeMap<>();
    for (int p : new int[] {80, 443, 8080}) {
      m.put(p, 'W');
    }
    m.put(53, 'D');
    for (int p : new int[] {25, 110, 143, 465, 587, 993, 995}) {
      m.put(p, 'M');
    }
    m.put(22, 'S');
    m.put(20, 'F');
    m.put(21, 'F');
    m.put(123, 'N');
    return m;
  }

  /** Key of a classified flow: client -> server, the server's port, the letter. */
  private static void assertServerKey(FlowKey k, int peerType, String client, String server,
      String hostMask, int protocol, int serverPort, char kind) {
    assertAttributes(k, SOURCE_PEER_TYPE, DEST_PEER_TYPE, SOURCE_PEER_ADDRESS,
        DEST_PEER_ADDRESS, SOURCE_TRANS_TYPE, DEST_TRANS_TYPE, DEST_TRANS_ADDRESS, FLOW_KIND);
    assertTypes(k, peerType, protocol);
    assertPeer(k, SOURCE_PEER_ADDRESS, client, hostMask);
    assertPeer(k, DEST_PEER_ADDRESS, server, hostMask);
    assertNumber(k, DEST_TRANS_ADDRESS, serverPort);
    assertNumber(k, FLOW_KIND, kind);
  }

  private static void assertTypes(FlowKey k, int peerType, int protocol) {
    assertNumber(k, SOURCE_PEER_TYPE, peerType);
    assertNumber(k, DEST_PEER_TYPE, peerType);
    assertNumber(k, SOURCE_TRANS_TYPE, protocol);
    assertNumber(k, DEST_TRANS_TYPE, protocol);
  }

  private static boolean is(FlowKey k, Attribute a, int value) {
    return k.has(a.number()) && k.number(a.number()) == value;
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void everyListedPortGetsItsFlowKindOverTcpUdpAndSctpInBothDirections(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    String client = "192.0.2.10";
    String server = "198.51.100.20";
    for (int protocol : PORT_PROTOCOLS) {
      for (int port : KIND.keySet()) {
        Pkt request = Pkt.transport(protocol, client, 50000, server, port);
        m.send(request, request.reply(), request.reply());
      }
    }
    assertEquals(PORT_PROTOCOLS.length * KIND.size(), m.flows(SET).size());
    for (int protocol : PORT_PROTOCOLS) {
      for (Map.Entry<Integer, Character> e : KIND.entrySet()) {
        int port = e.getKey();
        Flow f = m.flow(SET, "protocol " + protocol + " port " + port,
            k -> is(k, SOURCE_TRANS_TYPE, protocol) && is(k, DEST_TRANS_ADDRESS, port));
        assertServerKey(f.key(), IPV4, client, server, "ffffffff", protocol, port, e.getValue());
        assertEquals(1, f.toPdus(), () -> "client -> server is forward: " + f);
        assertEquals(2, f.fromPdus(), () -> "server -> client is reverse: " + f);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void ipv6FlowsAreClassifiedTheSameWay(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    String client = "2001:db8:1::10";
    String server = "2001:db8:2::20";
    for (int port : KIND.keySet()) {
      m.exchange(Pkt.tcp(client, 50000, server, port));
    }
    assertEquals(KIND.size(), m.flows(SET).size());
    for (Map.Entry<Integer, Character> e : KIND.entrySet()) {
      Flow f = m.flow(SET, "port " + e.getKey(), k -> is(k, DEST_TRANS_ADDRESS, e.getKey()));
      assertServerKey(f.key(), IPV6, client, server, "ff".repeat(16), Pkt.TCP, e.getKey(),
          e.getValue());
      assertEquals(1, f.toPdus(), f::toString);
      assertEquals(1, f.fromPdus(), f::toString);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void aServerThatSpeaksFirstIsStillTheDestinationAndItsPacketsCountBackwards(Driver driver) {
    // "a server->client reply fails S->D with NoMatch and is counted backward" -- also when it
    // is the first packet seen (RFC 2722 §4.3: create(D->S), count(D->S,r)).
    Metering m = Metering.start(driver, RULES);
    for (int port : KIND.keySet()) {
      Pkt fromServer = Pkt.udp("198.51.100.20", port, "192.0.2.10", 50000);
      m.send(fromServer, fromServer, fromServer.reply());
    }
    for (Map.Entry<Integer, Character> e : KIND.entrySet()) {
      Flow f = m.flow(SET, "port " + e.getKey(), k -> is(k, DEST_TRANS_ADDRESS, e.getKey()));
      assertServerKey(f.key(), IPV4, "192.0.2.10", "198.51.100.20", "ffffffff", Pkt.UDP,
          e.getKey(), e.getValue());
      assertEquals(1, f.toPdus(), f::toString);
      assertEquals(2, f.fromPdus(), f::toString);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void theClientsPortIsNotInTheKey(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    for (int clientPort = 50000; clientPort < 50005; clientPort++) {
      m.exchange(Pkt.tcp("192.0.2.10", clientPort, "198.51.100.20", 443));
    }
    Flow f = m.onlyFlow(SET);
    assertServerKey(f.key(), IPV4, "192.0.2.10", "198.51.100.20", "ffffffff", Pkt.TCP, 443, 'W');
    assertEquals(5, f.toPdus());
    assertEquals(5, f.fromPdus());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void theSameListedPortAtBothEndsIsSavedTwiceAndKeepsOneFlow(Driver driver) {
    // "except when both ends use the same server port (DNS 53<->53, NTP 123<->123): then it is
    // saved too ... Without it ... each direction of such an exchange would get its own flow."
    Metering m = Metering.start(driver, RULES);
    for (int port : KIND.keySet()) {
      m.exchange(Pkt.udp("192.0.2.10", port, "198.51.100.20", port));
    }
    assertEquals(KIND.size(), m.flows(SET).size());
    for (Map.Entry<Integer, Character> e : KIND.entrySet()) {
      int port = e.getKey();
      Flow f = m.flow(SET, "port " + port, k -> is(k, DEST_TRANS_ADDRESS, port));
      FlowKey k = f.key();
      assertAttributes(k, SOURCE_PEER_TYPE, DEST_PEER_TYPE, SOURCE_PEER_ADDRESS,
          DEST_PEER_ADDRESS, SOURCE_TRANS_TYPE, DEST_TRANS_TYPE, SOURCE_TRANS_ADDRESS,
          DEST_TRANS_ADDRESS, FLOW_KIND);
      assertTypes(k, IPV4, Pkt.UDP);
      assertPeer(k, SOURCE_PEER_ADDRESS, "192.0.2.10", "ffffffff");
      assertPeer(k, DEST_PEER_ADDRESS, "198.51.100.20", "ffffffff");
      assertNumber(k, SOURCE_TRANS_ADDRESS, port);
      assertNumber(k, DEST_TRANS_ADDRESS, port);
      assertNumber(k, FLOW_KIND, e.getValue());
      assertEquals(1, f.toPdus(), f::toString);
      assertEquals(1, f.fromPdus(), f::toString);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void unlistedPortsMakeOneCoarseFlowPerHostPairAndProtocolWithoutPorts(Driver driver) {
    // "'?' flows carry no ports at all: all unclassified traffic between two hosts over one
    // protocol is one flow"
    Metering m = Metering.start(driver, RULES);
    String a = "192.0.2.10";
    String b = "198.51.100.20";
    m.exchange(Pkt.tcp(a, 50000, b, 6000));
    m.exchange(Pkt.tcp(b, 7000, a, 50001)); // B starts this one, but the flow is A's
    m.exchange(Pkt.tcp(a, 1024, b, 1023));
    m.exchange(Pkt.udp(a, 50000, b, 6000));
    m.exchange(Pkt.sctp(b, 9, a, 19));
    List<Flow> flows = m.flows(SET);
    assertEquals(3, flows.size(), flows::toString);
    for (int protocol : PORT_PROTOCOLS) {
      Flow f = m.flow(SET, "protocol " + protocol, k -> is(k, SOURCE_TRANS_TYPE, protocol));
      assertAttributes(f.key(), SOURCE_PEER_TYPE, DEST_PEER_TYPE, SOURCE_PEER_ADDRESS,
          DEST_PEER_ADDRESS, SOURCE_TRANS_TYPE, DEST_TRANS_TYPE, FLOW_KIND);
      assertTypes(f.key(), IPV4, protocol);
      assertNumber(f.key(), FLOW_KIND, OTHER);
      boolean bFirst = protocol == Pkt.SCTP;
      assertPeer(f.key(), SOURCE_PEER_ADDRESS, bFirst ? b : a, "ffffffff");
      assertPeer(f.key(), DEST_PEER_ADDRESS, bFirst ? a : b, "ffffffff");
    }
    Flow tcp = m.flow(SET, "TCP", k -> is(k, SOURCE_TRANS_TYPE, Pkt.TCP));
    assertEquals(3, tcp.toPdus(), tcp::toString);
    assertEquals(3, tcp.fromPdus(), tcp::toString);
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void protocolsWithoutPortsAndLaterFragmentsAreUnclassified(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    m.exchange(Pkt.icmp("192.0.2.10", "198.51.100.20"));
    m.exchange(Pkt.icmp("2001:db8::10", "2001:db8::20"));
    m.exchange(Pkt.portless(Pkt.GRE, "192.0.2.10", "198.51.100.20"));
    // A later fragment "whose first fragment was never seen": the decoder gives it port 0, so
    // it joins the '?' UDP flow between the two hosts, even when its datagram was DNS.
    m.exchange(Pkt.udp("192.0.2.10", 50000, "198.51.100.20", 6000));
    m.exchange(Pkt.laterFragment(Pkt.UDP, "192.0.2.10", "198.51.100.20"));
    assertEquals(4, m.flows(SET).size(), () -> m.flows(SET).toString());
    int[][] expected = {{Pkt.ICMP, IPV4, 1}, {Pkt.ICMPV6, IPV6, 1}, {Pkt.GRE, IPV4, 1},
        {Pkt.UDP, IPV4, 2}};
    for (int[] e : expected) {
      Flow f = m.flow(SET, "protocol " + e[0], k -> is(k, SOURCE_TRANS_TYPE, e[0]));
      assertAttributes(f.key(), SOURCE_PEER_TYPE, DEST_PEER_TYPE, SOURCE_PEER_ADDRESS,
          DEST_PEER_ADDRESS, SOURCE_TRANS_TYPE, DEST_TRANS_TYPE, FLOW_KIND);
      assertTypes(f.key(), e[1], e[0]);
      assertNumber(f.key(), FLOW_KIND, OTHER);
      assertEquals(e[2], f.toPdus(), f::toString);
      assertEquals(e[2], f.fromPdus(), f::toString);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void whenBothEndsHaveListedPortsTheLowerIsTheServersInBothDirections(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    List<Integer> ports = new ArrayList<>(KIND.keySet());
    Map<String, int[]> pairOf = new HashMap<>();
    int n = 0;
    for (int i = 0; i < ports.size(); i++) {
      for (int j = i + 1; j < ports.size(); j++) {
        // Host "low" uses the lower port, host "high" the higher; "high" sends first in half of
        // the cases, "low" in the other half.
        String low = "10.1." + (n >> 8) + "." + (n & 0xFF);
        String high = "10.2." + (n >> 8) + "." + (n & 0xFF);
        Pkt fromHigh = Pkt.tcp(high, ports.get(j), low, ports.get(i));
        m.send(n % 2 == 0 ? fromHigh : fromHigh.reply());
        m.send(n % 2 == 0 ? fromHigh.reply() : fromHigh);
        pairOf.put(low, new int[] {ports.get(i), ports.get(j)});
        n++;
      }
    }
    List<Flow> flows = m.flows(SET);
    assertEquals(n, flows.size());
    for (Flow f : flows) {
      String server = Keys.address(f.key(), DEST_PEER_ADDRESS);
      int[] pair = pairOf.get(server);
      assertTrue(pair != null, () -> "the server is the host with the lower port: " + f);
      String client = "10.2." + server.substring("10.1.".length());
      assertServerKey(f.key(), IPV4, client, server, "ffffffff", Pkt.TCP, pair[0],
          KIND.get(pair[0]));
      assertEquals(1, f.toPdus(), () -> "ports " + pair[0] + "/" + pair[1] + ": " + f);
      assertEquals(1, f.fromPdus(), () -> "ports " + pair[0] + "/" + pair[1] + ": " + f);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void everyPacketWithPortsIsCountedAndItsReplyLandsInItsFlow(Driver driver) {
    // "A reverse match never fails": every port pair, listed or not, both directions.
    Metering m = Metering.start(driver, RULES);
    List<Integer> ports = new ArrayList<>(KIND.keySet());
    for (int p : UNLISTED) {
      ports.add(p);
    }
    Map<String, int[]> exchanges = new HashMap<>();
    int n = 0;
    for (int protocol : PORT_PROTOCOLS) {
      for (int sport : ports) {
        for (int dport : ports) {
          String a = "10." + (1 + (n >> 16)) + "." + ((n >> 8) & 0xFF) + "." + (n & 0xFF);
          m.exchange(Pkt.transport(protocol, a, sport, "172.16.0.1", dport));
          exchanges.put(a, new int[] {protocol, sport, dport});
          n++;
        }
      }
    }
    List<Flow> flows = m.flows(SET);
    assertEquals(n, flows.size(), "one flow per exchange: no packet made a second flow");
    Set<String> seen = new HashSet<>();
    for (Flow f : flows) {
      assertEquals(1, f.toPdus(), f::toString);
      assertEquals(1, f.fromPdus(), f::toString);
      String src = Keys.address(f.key(), SOURCE_PEER_ADDRESS);
      String dst = Keys.address(f.key(), DEST_PEER_ADDRESS);
      String a = src.equals("172.16.0.1") ? dst : src;
      assertTrue(seen.add(a), f::toString);
      int[] x = exchanges.get(a);
      int server = lowestListed(x[1], x[2]);
      if (server < 0) {
        assertNumber(f.key(), FLOW_KIND, OTHER);
        assertEquals(a, src, "an unclassified flow keeps the first packet's direction");
        assertTrue(!f.key().has(DEST_TRANS_ADDRESS.number()), f::toString);
        assertTrue(!f.key().has(SOURCE_TRANS_ADDRESS.number()), f::toString);
        continue;
      }
      assertNumber(f.key(), FLOW_KIND, KIND.get(server));
      assertNumber(f.key(), DEST_TRANS_ADDRESS, server);
      String serverHost = x[2] == server ? "172.16.0.1" : a;
      assertEquals(serverHost, dst, () -> "the server is the destination: " + f);
      boolean samePort = x[1] == x[2];
      assertEquals(samePort, f.key().has(SOURCE_TRANS_ADDRESS.number()), f::toString);
    }
  }

  private static int lowestListed(int a, int b) {
    int low = -1;
    for (int p : new int[] {a, b}) {
      if (KIND.containsKey(p) && (low < 0 || p < low)) {
        low = p;
      }
    }
    return low;
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void framesWithoutIpMakeNoFlow(Driver driver) {
    Metering m = Metering.start(driver, RULES);
    m.send(Pkt.arp());
    assertEquals(List.of(), m.flows(SET));
  }

  @Test
  void otherPeerTypesAreIgnoredAndServerRepliesAreNoMatchSourceToDestination() {
    DirectMatch pme = new DirectMatch(RULES);
    Pkt request = Pkt.tcp("192.0.2.10", 50000, "198.51.100.20", 80);
    assertEquals(PacketMatchingEngine.IGNORE, pme.matchAsPeerType(request, IPX, true));
    assertEquals(PacketMatchingEngine.IGNORE, pme.match(Pkt.arp(), true));
    assertEquals(PacketMatchingEngine.COUNT, pme.match(request, true));
    assertEquals(PacketMatchingEngine.NO_MATCH, pme.match(request.reply(), true));
    assertEquals(PacketMatchingEngine.COUNT, pme.match(request.reply(), false));
    Set<Attribute> attributes = EnumSet.copyOf(Keys.attributes(pme.key));
    assertTrue(!attributes.contains(SOURCE_TRANS_ADDRESS), attributes::toString);
  }
}
