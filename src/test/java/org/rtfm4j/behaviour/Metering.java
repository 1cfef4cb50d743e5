package org.rtfm4j.behaviour;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.match.CompiledRuleSet;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.packet.DecodeResult;
import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.packet.PacketDecoder;
import org.rtfm4j.rules.RuleSet;

/**
 * Runs rule sets over crafted packets and shows the flows they made, by one of two paths: the
 * Packet Matching Engine fed hand-filled match keys through the RFC 2722 §4.3 algorithm written
 * out in {@link Section43} ({@link Driver#PME}), or the whole meter fed Ethernet frames through
 * {@link Meter#sink()} ({@link Driver#METER}: decoder, PME and the meter's own §4.3 code).
 */
abstract class Metering {
  /** Which path packets take. */
  enum Driver {
    PME,
    METER
  }

  /** Flow table size: far more than any test makes, so no flow is ever refused or recovered. */
  private static final int MAX_FLOWS = 10_000;
  private static final long NANOS_PER_PACKET = 1_000_000L;
  private static final long START_NANOS = 1_000_000_000_000_000_000L;

  /** One flow as the table holds it. */
  record Flow(int ruleSet, int index, FlowKey key, long toPdus, long fromPdus, long toOctets,
      long fromOctets) {
    @Override
    public String toString() {
      return "flow " + index + " of rule set " + ruleSet + " " + Keys.describe(key) + " to "
          + toPdus + "/" + toOctets + " from " + fromPdus + "/" + fromOctets;
    }
  }

  /** Starts metering with {@code ruleSets}, each run by its own task. */
  static Metering start(Driver driver, RuleSet... ruleSets) {
    if (driver == Driver.METER) {
      Assumptions.assumeTrue(decoderIsReal(), "the packet decoder is still the stub that "
          + "refuses Ethernet; Meter.sink() tests run once the real decoder is merged");
      return new ThroughMeter(ruleSets);
    }
    return new ThroughPme(ruleSets);
  }

  /**
   * The stub decoder says UNSUPPORTED_LINK_TYPE for everything; a real one decodes Ethernet
   * (link type 1) and would say IP, NON_IP or MALFORMED, never UNSUPPORTED_LINK_TYPE.
   */
  static boolean decoderIsReal() {
    byte[] f = EthernetFrames.of(Pkt.tcp("192.0.2.1", 1024, "192.0.2.2", 80));
    return new PacketDecoder().decode(EthernetFrames.LINKTYPE_ETHERNET, f, 0, f.length, f.length,
        new DecodedPacket()) != DecodeResult.UNSUPPORTED_LINK_TYPE;
  }

  /** Meters one packet. */
  abstract void send(Pkt p);

  abstract FlowTable table();

  /** Meters each packet in turn. */
  final void send(Pkt... packets) {
    for (Pkt p : packets) {
      send(p);
    }
  }

  /** Meters a packet and then its reply. */
  final void exchange(Pkt p) {
    send(p);
    send(p.reply());
  }

  /** The flows of one rule set, in FlowIndex order. */
  final List<Flow> flows(int ruleSet) {
    FlowTable t = table();
    List<Flow> out = new ArrayList<>();
    for (int s = 0; s < t.slotLimit(); s++) {
      if (t.inUse(s) && t.ruleSet(s) == ruleSet) {
        FlowKey k = new FlowKey();
        k.decode(t.key(s));
        out.add(new Flow(ruleSet, FlowTable.flowIndex(s), k, t.toPdus(s), t.fromPdus(s),
            t.toOctets(s), t.fromOctets(s)));
      }
    }
    return out;
  }

  /** The one flow of a rule set; fails when there are none or several. */
  final Flow onlyFlow(int ruleSet) {
    List<Flow> f = flows(ruleSet);
    Assertions.assertEquals(1, f.size(), () -> "flows of rule set " + ruleSet + ": " + f);
    return f.get(0);
  }

  /** The one flow of a rule set whose key satisfies {@code which}. */
  final Flow flow(int ruleSet, String what, Predicate<FlowKey> which) {
    List<Flow> found = new ArrayList<>();
    for (Flow f : flows(ruleSet)) {
      if (which.test(f.key())) {
        found.add(f);
      }
    }
    Assertions.assertEquals(1, found.size(),
        () -> "flows of rule set " + ruleSet + " with " + what + ": " + flows(ruleSet));
    return found.get(0);
  }

  /** Packets counted by a rule set: the sum of its flows' To and From PDUs. */
  final long countedPdus(int ruleSet) {
    long n = 0;
    for (Flow f : flows(ruleSet)) {
      n += f.toPdus() + f.fromPdus();
    }
    return n;
  }

  /** The PME path: hand-filled match keys through {@link Section43}. */
  private static final class ThroughPme extends Metering {
    private final FlowTable table = new FlowTable(MAX_FLOWS);
    private final Section43 algorithm = new Section43(table);
    private final Map<Integer, CompiledRuleSet> running = new LinkedHashMap<>();
    private final DecodedPacket packet = new DecodedPacket();
    private long now;

    ThroughPme(RuleSet... ruleSets) {
      for (RuleSet rs : ruleSets) {
        running.put(rs.number(), new CompiledRuleSet(rs));
      }
    }

    @Override
    void send(Pkt p) {
      p.decoded(packet);
      for (CompiledRuleSet rules : running.values()) {
        Section43.Outcome o = algorithm.process(rules, packet, p.ipLength(), now);
        Assertions.assertNotEquals(Section43.Outcome.ERROR, o, () -> "rule set "
            + rules.number() + " failed on " + p);
      }
      now++;
    }

    @Override
    FlowTable table() {
      return table;
    }
  }

  /** The meter path: Ethernet frames into {@link Meter#sink()}. */
  private static final class ThroughMeter extends Metering {
    private final Meter meter = new Meter(MAX_FLOWS, MeterClock.packetTime(), OctetCounting.IP);
    private long nanos = START_NANOS;

    ThroughMeter(RuleSet... ruleSets) {
      int task = 1;
      for (RuleSet rs : ruleSets) {
        meter.addRuleSet(rs);
        meter.setTask(task++, rs.number(), 0, 0);
      }
    }

    @Override
    void send(Pkt p) {
      byte[] f = EthernetFrames.of(p);
      meter.sink().packet(p.iface, EthernetFrames.LINKTYPE_ETHERNET, nanos, f, 0, f.length,
          f.length);
      nanos += NANOS_PER_PACKET;
      Assertions.assertEquals(Map.of(), meter.pmeErrors(), () -> "PME errors after " + p);
    }

    @Override
    FlowTable table() {
      return meter.flowTable();
    }
  }
}
