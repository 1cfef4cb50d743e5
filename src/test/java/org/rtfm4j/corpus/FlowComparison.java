package org.rtfm4j.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the meter's flow records with the truth, flow by flow and direction by direction.
 *
 * <p>TCP and UDP flows are compared on the full five-tuple. Flows of other protocols are compared
 * per (protocol, address pair) with ports ignored: the contract gives them ports 0, and this keeps
 * the comparison independent of whether a meter also reads, say, SCTP ports. Records of one
 * five-tuple are summed (a flow recovered during the run is written again when it restarts).
 *
 * <p>Every direction must match exactly, with two allowances, both confined to packets tshark
 * itself had trouble with and to one protocol and one sender/receiver address pair:
 *
 * <ul>
 *   <li>TCP/UDP packets whose ports tshark could not read (it stopped before the transport
 *       header, e.g. on a malformed IP option) are in the truth with ports 0; the meter may count
 *       them under their real ports instead.
 *   <li>When the meter reports malformed packets, it may leave out packets tshark reported
 *       errors for.
 * </ul>
 */
final class FlowComparison {

  /** Cap on listed mismatches per capture, so a broken meter gives a readable report. */
  static final int MAX_LISTED = 40;

  final List<String> mismatches = new ArrayList<>();
  /** How many mismatches there were in all (only {@link #MAX_LISTED} are listed). */
  int mismatchCount;
  long meterPackets;
  long meterIpBytes;
  /** Packets and bytes left out by the meter within the allowances. */
  long toleratedPackets;
  long toleratedBytes;
  /** Packets with unread ports in tshark that the meter keyed on ports. */
  long rekeyedPackets;

  /** A flow direction whose counts differ. */
  private record Difference(FlowKey key, int direction, FlowCounts truth, FlowCounts meter) {
    long excessPackets() {
      return Math.max(0, meter.packets[direction] - truth.packets[direction]);
    }

    long excessBytes() {
      return Math.max(0, meter.ipBytes[direction] - truth.ipBytes[direction]);
    }

    long missingPackets() {
      return Math.max(0, truth.packets[direction] - meter.packets[direction]);
    }

    long missingBytes() {
      return Math.max(0, truth.ipBytes[direction] - meter.ipBytes[direction]);
    }
  }

  /** Differences sharing protocol, sender address and receiver address. */
  private record AddressPair(int protocol, String src, String dst) {}

  private FlowComparison() {}

  /** Compares; {@code malformedReported} allows leaving out packets tshark reported errors for. */
  static FlowComparison compare(
      FlowTruth truth, List<MeterOutput.FlowRecord> records, boolean malformedReported) {
    FlowComparison cmp = new FlowComparison();
    Map<FlowKey, FlowCounts> meter = cmp.aggregate(records);
    Map<FlowKey, FlowCounts> expected = new LinkedHashMap<>();
    for (Map.Entry<FlowKey, FlowCounts> e : truth.flows.entrySet()) {
      // Truth keys of port-less protocols already have ports 0, so their order is unchanged.
      expected.computeIfAbsent(comparable(e.getKey()), k -> new FlowCounts()).addAll(e.getValue());
    }
    Set<FlowKey> keys = new LinkedHashSet<>(expected.keySet());
    keys.addAll(meter.keySet());
    FlowCounts none = new FlowCounts();
    Map<AddressPair, List<Difference>> differences = new LinkedHashMap<>();
    for (FlowKey key : keys) {
      FlowCounts t = expected.getOrDefault(key, none);
      FlowCounts m = meter.getOrDefault(key, none);
      for (int d = 0; d < 2; d++) {
        if (t.packets[d] != m.packets[d] || t.ipBytes[d] != m.ipBytes[d]) {
          FlowKey.Endpoint src = d == 0 ? key.low() : key.high();
          FlowKey.Endpoint dst = d == 0 ? key.high() : key.low();
          differences
              .computeIfAbsent(new AddressPair(key.protocol(), src.address(), dst.address()),
                  p -> new ArrayList<>())
              .add(new Difference(key, d, t, m));
        }
      }
      if (t.firstDirection >= 0 && m.records == 1 && ProtocolNames.hasPorts(key.protocol())
          && m.firstDirection != t.firstDirection) {
        FlowKey.Endpoint first = t.firstDirection == 0 ? key.low() : key.high();
        cmp.report(key + ": source should be " + first + " (sent frame " + t.firstFrame
            + " first), the meter's record has the other side");
      }
    }
    for (List<Difference> group : differences.values()) {
      cmp.judge(group, malformedReported);
    }
    return cmp;
  }

  /** Sums the meter's records per comparable key. */
  private Map<FlowKey, FlowCounts> aggregate(List<MeterOutput.FlowRecord> records) {
    Map<FlowKey, FlowCounts> meter = new LinkedHashMap<>();
    Map<FlowKey, String> firstTimes = new LinkedHashMap<>();
    for (MeterOutput.FlowRecord r : records) {
      meterPackets += r.toPdus() + r.fromPdus();
      meterIpBytes += r.toOctets() + r.fromOctets();
      boolean ports = ProtocolNames.hasPorts(r.protocol());
      FlowKey.Endpoint src;
      FlowKey.Endpoint dst;
      try {
        src = new FlowKey.Endpoint(Addresses.canonical(r.srcAddress()), ports ? r.srcPort() : 0);
        dst = new FlowKey.Endpoint(Addresses.canonical(r.dstAddress()), ports ? r.dstPort() : 0);
      } catch (IllegalArgumentException e) {
        report("flow record with unreadable address: " + r + " (" + e.getMessage() + ")");
        continue;
      }
      FlowKey key = FlowKey.of(r.protocol(), src, dst);
      int d = key.direction(src);
      FlowCounts c = meter.computeIfAbsent(key, k -> new FlowCounts());
      c.add(d, r.toPdus(), r.toOctets());
      c.add(1 - d, r.fromPdus(), r.fromOctets());
      c.records++;
      String earliest = firstTimes.get(key);
      if (earliest == null || earlier(r.firstTime(), earliest)) {
        firstTimes.put(key, r.firstTime());
        c.firstDirection = d;
      }
    }
    return meter;
  }

  /** Accepts a group of differences within the allowances, or reports every one of them. */
  private void judge(List<Difference> group, boolean malformedReported) {
    long excessPackets = 0;
    long excessBytes = 0;
    long missingPackets = 0;
    long missingBytes = 0;
    long unreadPackets = 0;
    long unreadBytes = 0;
    long suspectPackets = 0;
    long suspectBytes = 0;
    for (Difference x : group) {
      excessPackets += x.excessPackets();
      excessBytes += x.excessBytes();
      missingPackets += x.missingPackets();
      missingBytes += x.missingBytes();
      unreadPackets += x.truth.unreadPortPackets[x.direction];
      unreadBytes += x.truth.unreadPortBytes[x.direction];
      suspectPackets += x.truth.suspectPackets[x.direction];
      suspectBytes += x.truth.suspectBytes[x.direction];
    }
    long leftOutPackets = missingPackets - excessPackets;
    long leftOutBytes = missingBytes - excessBytes;
    boolean rekeyed = excessPackets <= unreadPackets && excessBytes <= unreadBytes;
    boolean leftOut =
        leftOutPackets == 0 && leftOutBytes == 0
            || malformedReported && leftOutPackets > 0 && leftOutPackets <= suspectPackets
                && leftOutBytes >= 0 && leftOutBytes <= suspectBytes;
    if (rekeyed && leftOut) {
      rekeyedPackets += excessPackets;
      toleratedPackets += leftOutPackets;
      toleratedBytes += leftOutBytes;
      return;
    }
    for (Difference x : group) {
      FlowKey key = x.key;
      int d = x.direction;
      FlowKey.Endpoint src = d == 0 ? key.low() : key.high();
      FlowKey.Endpoint dst = d == 0 ? key.high() : key.low();
      FlowCounts t = x.truth;
      report(ProtocolNames.name(key.protocol()) + " " + src + " -> " + dst
          + ": packets truth " + t.packets[d] + " meter " + x.meter.packets[d]
          + ", IP bytes truth " + t.ipBytes[d] + " meter " + x.meter.ipBytes[d]
          + (t.firstFrame > 0 ? " (flow's first frame " + t.firstFrame + ")"
              : " (no such flow in tshark)")
          + (t.problems.length() > 0 ? " [tshark: " + t.problems + "]" : ""));
    }
  }

  private void report(String line) {
    mismatchCount++;
    if (mismatches.size() < MAX_LISTED) {
      mismatches.add(line);
    }
  }

  /** Flows of protocols without ports are compared per address pair. */
  private static FlowKey comparable(FlowKey k) {
    return ProtocolNames.hasPorts(k.protocol()) ? k : k.withoutPorts();
  }

  /** FirstTime order: numerically when both are decimal numbers, else as text. */
  private static boolean earlier(String a, String b) {
    if (a.matches("\\d{1,18}") && b.matches("\\d{1,18}")) {
      return Long.parseLong(a) < Long.parseLong(b);
    }
    return a.compareTo(b) < 0;
  }
}
