package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtfm4j.behaviour.Metering.Driver;
import org.rtfm4j.behaviour.Metering.Flow;
import org.rtfm4j.rules.RuleSet;

/**
 * RFC 2722 §3.3: "Each packet is counted in at most one flow for each running ruleset". All five
 * shipped rule sets run at once: each counts every packet it accepts exactly once, and makes
 * the same flows, with the same counters, as when it runs alone.
 */
class RuleSetsTogetherTest {
  private static final List<String> SHIPPED = List.of("five-tuple", "host-pairs", "subnets",
      "applications", "netramet-example");

  /** A mixed trace: web, DNS, ICMP, IPv6, university traffic, unclassified ports, ARP. */
  private static List<Pkt> trace() {
    List<Pkt> t = new ArrayList<>();
    Pkt web = Pkt.tcp("192.0.2.10", 40000, "198.51.100.20", 443);
    t.add(web);
    t.add(web.reply());
    t.add(web.reply());
    Pkt dns = Pkt.udp("192.0.2.10", 33000, "192.0.2.53", 53);
    t.add(dns);
    t.add(dns.reply());
    t.add(Pkt.udp("192.0.2.53", 53, "203.0.113.1", 53));
    t.add(Pkt.icmp("198.51.100.20", "192.0.2.10"));
    Pkt v6 = Pkt.tcp("2001:db8:1::10", 50000, "2001:db8:2::20", 22);
    t.add(v6);
    t.add(v6.reply());
    t.add(Pkt.icmp("2001:db8:2::20", "2001:db8:1::10"));
    Pkt ua = Pkt.tcp("130.216.5.6", 40000, "192.0.2.1", 80);
    t.add(ua);
    t.add(ua.reply());
    t.add(Pkt.udp("198.51.100.9", 123, "130.216.1.1", 123));
    t.add(Pkt.tcp("130.216.1.1", 40000, "130.216.2.2", 22));
    t.add(Pkt.tcp("192.0.2.10", 6000, "198.51.100.20", 7000));
    t.add(Pkt.laterFragment(Pkt.UDP, "192.0.2.10", "198.51.100.20"));
    t.add(Pkt.arp());
    return t;
  }

  /** Packets each rule set accepts, from its header comment: every IP packet, or ... */
  private static long accepted(String name, List<Pkt> trace) {
    long n = 0;
    for (Pkt p : trace) {
      if (name.equals("netramet-example") ? touchesUniversity(p) : p.isIp()) {
        n++;
      }
    }
    return n;
  }

  /** ... for netramet-example, IPv4 packets with an end in 130.216/16. */
  private static boolean touchesUniversity(Pkt p) {
    return p.isIp() && !p.isIpv6() && (inUa(p.src) || inUa(p.dst));
  }

  private static boolean inUa(byte[] a) {
    return (a[0] & 0xFF) == 130 && (a[1] & 0xFF) == 216;
  }

  private static RuleSet[] all() {
    RuleSet[] out = new RuleSet[SHIPPED.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = RuleFiles.shipped(SHIPPED.get(i));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void eachRuleSetCountsEachPacketOnceAndAsItWouldAlone(Driver driver) {
    List<Pkt> trace = trace();
    RuleSet[] sets = all();
    Metering together = Metering.start(driver, sets);
    for (Pkt p : trace) {
      together.send(p);
    }
    for (RuleSet rs : sets) {
      assertEquals(accepted(rs.name(), trace), together.countedPdus(rs.number()), rs.name());
      Metering alone = Metering.start(driver, rs);
      for (Pkt p : trace) {
        alone.send(p);
      }
      assertEquals(describe(alone.flows(rs.number())), describe(together.flows(rs.number())),
          rs.name());
    }
  }

  /** Flows without their FlowIndex (which depends on what other rule sets created first). */
  private static List<String> describe(List<Flow> flows) {
    List<String> out = new ArrayList<>();
    for (Flow f : flows) {
      out.add(Keys.describe(f.key()) + " to " + f.toPdus() + "/" + f.toOctets() + " from "
          + f.fromPdus() + "/" + f.fromOctets());
    }
    out.sort(null);
    return out;
  }
}
