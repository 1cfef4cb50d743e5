package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtfm4j.behaviour.Metering.Driver;
import org.rtfm4j.behaviour.Metering.Flow;
import org.rtfm4j.flow.FlowCsvWriter;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.RuleSet;

/**
 * A peer address a rule saves from its own value (PushRuleTo, Count) for an IPv4 packet is an
 * IPv4 address: 4 bytes long, written as a dotted quad. RFC 2722 §3.1's example flow "source
 * address = IP address 10.1.0.1" is such a flow (rfc2722/3.1-source-host.rules), and RFC 2720
 * gives flowDataSourcePeerAddress the length of its PeerType's addresses.
 *
 * <p>Fails at the time of writing: CompiledRuleSet gives every PushRuleTo/Count on a peer address
 * the rule's full 16-byte width, so FlowKey marks the address IPv6-sized; the flow record says
 * 16 bytes and FlowCsvWriter prints "a01:1::" instead of "10.1.0.1". Addresses saved from the
 * packet (PushPktTo, CountPkt) take the packet's length and are right.
 */
class PeerAddressLengthTest {
  private static final RuleSet SOURCE_HOST = RuleFiles.resource("/rfc2722/3.1-source-host.rules");
  private static final int IPV4_LENGTH = 4;
  private static final int SOURCE_PEER_ADDRESS_COLUMN = 8;

  @ParameterizedTest
  @EnumSource(Driver.class)
  void anIpv4AddressSavedFromARuleIsRecordedAsIpv4(Driver driver) {
    Metering m = Metering.start(driver, SOURCE_HOST);
    m.send(Pkt.tcp("10.1.0.1", 40000, "192.0.2.1", 80));
    Flow f = m.onlyFlow(SOURCE_HOST.number());
    assertEquals(IPV4_LENGTH, f.key().length(Attribute.SOURCE_PEER_ADDRESS.number()),
        () -> "length of SourcePeerAddress in " + f);
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    FlowCsvWriter writer = new FlowCsvWriter(csv);
    writer.writeAll(m.table());
    writer.flush();
    String record = csv.toString(StandardCharsets.US_ASCII).split("\n")[1];
    assertEquals("10.1.0.1", record.split(",", -1)[SOURCE_PEER_ADDRESS_COLUMN], record);
  }
}
