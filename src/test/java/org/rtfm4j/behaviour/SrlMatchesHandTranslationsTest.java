package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtfm4j.behaviour.Metering.Driver;
import org.rtfm4j.behaviour.Metering.Flow;
import org.rtfm4j.rules.RuleSet;

/**
 * Each RFC 2723 example compiled from examples/srl/rfc2723 makes the same flows, with the same
 * counts, as its hand translation under src/test/resources/rfc2723 on the same packets: a few
 * thousand drawn from addresses in and out of the networks the examples name, the ports they
 * classify and others, TCP, UDP, ICMP, GRE, IPv4 and IPv6, with replies.
 */
class SrlMatchesHandTranslationsTest {
  private static final long SEED = 2723;
  private static final int PACKETS = 3000;
  private static final String[] HOSTS = {"130.216.1.1", "130.216.1.99", "130.216.200.7",
      "130.217.5.5", "130.123.2.2", "139.80.1.1", "132.181.3.3", "138.75.9.9", "130.195.0.1",
      "192.0.2.1", "192.0.2.77", "198.51.100.20", "156.62.2.2"};
  private static final String[] HOSTS6 = {"2001:db8::10", "2001:db8::20", "2001:db8:1::1"};
  private static final int[] PORTS = {20, 21, 22, 23, 53, 80, 443, 6000, 40000, 40001};
  private static final int[] PROTOCOLS = {Pkt.TCP, Pkt.UDP, Pkt.TCP, Pkt.UDP, Pkt.ICMP, Pkt.GRE};

  static List<Pkt> traffic() {
    Random r = new Random(SEED);
    List<Pkt> out = new ArrayList<>();
    while (out.size() < PACKETS) {
      boolean v6 = r.nextInt(10) == 0;
      String[] hosts = v6 ? HOSTS6 : HOSTS;
      String a = hosts[r.nextInt(hosts.length)];
      String b = hosts[r.nextInt(hosts.length)];
      int protocol = PROTOCOLS[r.nextInt(PROTOCOLS.length)];
      Pkt p;
      if (protocol == Pkt.ICMP) {
        p = Pkt.icmp(a, b);
      } else if (protocol == Pkt.GRE) {
        p = Pkt.portless(Pkt.GRE, a, b);
      } else {
        p = Pkt.transport(protocol, a, PORTS[r.nextInt(PORTS.length)], b,
            PORTS[r.nextInt(PORTS.length)]);
      }
      out.add(p.withPayload(r.nextInt(1400)));
      if (r.nextBoolean()) {
        out.add(p.reply());
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"3.3.1-save-network-as-source", "4.1-classify-ip-ports",
      "4.2-net-kind", "4.2-net-kind-my-net-source"})
  void compiledProgramMakesTheSameFlowsAsTheHandTranslation(String name) {
    RuleSet hand = RuleFiles.resource("/rfc2723/" + name + ".rules");
    RuleSet compiled = SrlFiles.compile("examples/srl/rfc2723/" + name + ".srl");
    assertEquals(hand.number(), compiled.number(), "the .srl keeps the translation's SET");
    List<Pkt> packets = traffic();
    List<String> expected = flows(hand, packets);
    assertTrue(expected.size() >= 2, () -> "too few flows to compare: " + expected);
    assertEquals(expected, flows(compiled, packets));
  }

  private static List<String> flows(RuleSet rs, List<Pkt> packets) {
    Metering m = Metering.start(Driver.PME, rs);
    for (Pkt p : packets) {
      m.send(p);
    }
    List<String> out = new ArrayList<>();
    for (Flow f : m.flows(rs.number())) {
      out.add(f.toString());
    }
    return out;
  }
}
