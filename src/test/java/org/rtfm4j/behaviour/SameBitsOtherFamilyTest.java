package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtfm4j.behaviour.Keys.assertPeer;
import static org.rtfm4j.rules.Attribute.DEST_PEER_ADDRESS;
import static org.rtfm4j.rules.Attribute.SOURCE_PEER_ADDRESS;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtfm4j.behaviour.Metering.Driver;
import org.rtfm4j.behaviour.Metering.Flow;
import org.rtfm4j.rules.RuleSet;

/**
 * A rule set that tests peer addresses but not PeerType (RFC 2722 §4.3's "flows within network
 * X", rfc2722/4.3-subnets-within-network.rules) also matches an IPv6 packet whose leading address
 * bytes are those of an IPv4 address in X. The PME then saves the IPv6 packet's masked 16-byte
 * addresses (PushPktTo takes the packet's address length), so the two packets belong to two
 * flows, one per address family, whatever order they come in.
 *
 * <p>On main at the time of writing, the per-stream cache in front of each rule set (a cache
 * keyed on the packet fields the rule set reads) omits the address length when the rule set does
 * not read PeerType, so the IPv6 packet hits the IPv4 packet's cache line and is counted in the
 * IPv4 flow: the METER run finds one flow counted twice.
 */
class SameBitsOtherFamilyTest {
  private static final RuleSet SUBNETS_OF_X =
      RuleFiles.resource("/rfc2722/4.3-subnets-within-network.rules");

  @ParameterizedTest
  @EnumSource(Driver.class)
  void anIpv6PacketWithAnIpv4PacketsLeadingBytesIsAFlowOfItsOwn(Driver driver) {
    int set = SUBNETS_OF_X.number();
    Metering m = Metering.start(driver, SUBNETS_OF_X);
    // 130.216.1.10 is 82 d8 01 0a; 130.216.2.20 is 82 d8 02 14.
    m.send(Pkt.tcp("130.216.1.10", 40000, "130.216.2.20", 80));
    m.send(Pkt.tcp("82d8:10a::", 40000, "82d8:214::", 80));
    List<Flow> flows = m.flows(set);
    assertEquals(2, flows.size(), flows::toString);
    Flow v4 = m.flow(set, "IPv4", k -> k.length(SOURCE_PEER_ADDRESS.number()) == 4);
    assertPeer(v4.key(), SOURCE_PEER_ADDRESS, "130.216.1.0", "ffffff00");
    assertPeer(v4.key(), DEST_PEER_ADDRESS, "130.216.2.0", "ffffff00");
    assertEquals(1, v4.toPdus());
    Flow v6 = m.flow(set, "IPv6", k -> k.length(SOURCE_PEER_ADDRESS.number()) == 16);
    assertPeer(v6.key(), SOURCE_PEER_ADDRESS, "82d8:100::", "ffffff" + "00".repeat(13));
    assertPeer(v6.key(), DEST_PEER_ADDRESS, "82d8:200::", "ffffff" + "00".repeat(13));
    assertEquals(1, v6.toPdus());
  }
}
