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
 * <p>A direction may fall short of the truth only by packets tshark itself reported errors for,
 * and only when the meter reports malformed packets; everything else must be equal.
 */
final class FlowComparison {

  /** Cap on listed mismatches per capture, so a broken meter gives a readable report. */
  static final int MAX_LISTED = 40;

  final List<String> mismatches = new ArrayList<>();
  /** How many mismatches there were in all (only {@link #MAX_LISTED} are listed). */
  int mismatchCount;
  long meterPackets;
  long meterIpBytes;
  /** Packets and bytes missing from flows that contain packets tshark reported errors for. */
  long toleratedPackets;
  long toleratedBytes;

  private FlowComparison() {}

  /** Compares; {@code malformedReported} allows shortfalls in flows holding suspect packets. */
  static FlowComparison compare(
      FlowTruth truth, List<MeterOutput.FlowRecord> records, boolean malformedReported) {
    FlowComparison cmp = new FlowComparison();
    Map<FlowKey, FlowCounts> meter = new LinkedHashMap<>();
    Map<FlowKey, String> firstTimes = new LinkedHashMap<>();
    for (MeterOutput.FlowRecord r : records) {
      FlowKey.Endpoint src;
      FlowKey.Endpoint dst;
      try {
        src = new FlowKey.Endpoint(Addresses.canonical(r.srcAddress()), r.srcPort());
        dst = new FlowKey.Endpoint(Addresses.canonical(r.dstAddress()), r.dstPort());
      } catch (IllegalArgumentException e) {
        cmp.report("flow record with unreadable address: " + r + " (" + e.getMessage() + ")");
        continue;
      }
      FlowKey key = comparable(FlowKey.of(r.protocol(), src, dst));
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
      cmp.meterPackets += r.toPdus() + r.fromPdus();
      cmp.meterIpBytes += r.toOctets() + r.fromOctets();
    }
    Map<FlowKey, FlowCounts> expected = new LinkedHashMap<>();
    for (Map.Entry<FlowKey, FlowCounts> e : truth.flows.entrySet()) {
      expected.computeIfAbsent(comparable(e.getKey()), k -> new FlowCounts()).addAll(e.getValue());
    }
    Set<FlowKey> keys = new LinkedHashSet<>(expected.keySet());
    keys.addAll(meter.keySet());
    FlowCounts none = new FlowCounts();
    for (FlowKey key : keys) {
      FlowCounts t = expected.getOrDefault(key, none);
      FlowCounts m = meter.getOrDefault(key, none);
      for (int d = 0; d < 2; d++) {
        cmp.compareDirection(key, d, t, m, malformedReported);
      }
      if (t.firstDirection >= 0 && m.records == 1 && ProtocolNames.hasPorts(key.protocol())
          && m.firstDirection != t.firstDirection) {
        FlowKey.Endpoint first = t.firstDirection == 0 ? key.low() : key.high();
        cmp.report(key + ": source should be " + first + " (sent frame " + t.firstFrame
            + " first), the meter's record has the other side");
      }
    }
    return cmp;
  }

  private void compareDirection(FlowKey key, int d, FlowCounts t, FlowCounts m,
      boolean malformedReported) {
    long tp = t.packets[d];
    long mp = m.packets[d];
    long tb = t.ipBytes[d];
    long mb = m.ipBytes[d];
    if (tp == mp && tb == mb) {
      return;
    }
    long missingPackets = tp - mp;
    long missingBytes = tb - mb;
    if (malformedReported && missingPackets > 0 && missingPackets <= t.suspectPackets[d]
        && missingBytes >= 0 && missingBytes <= t.suspectBytes[d]) {
      toleratedPackets += missingPackets;
      toleratedBytes += missingBytes;
      return;
    }
    FlowKey.Endpoint src = d == 0 ? key.low() : key.high();
    FlowKey.Endpoint dst = d == 0 ? key.high() : key.low();
    report(ProtocolNames.name(key.protocol()) + " " + src + " -> " + dst
        + ": packets truth " + tp + " meter " + mp + ", IP bytes truth " + tb + " meter " + mb
        + (t.firstFrame > 0 ? " (flow's first frame " + t.firstFrame + ")" : " (no such flow in tshark)")
        + (t.problems.length() > 0 ? " [tshark: " + t.problems + "]" : ""));
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

  /** FirstTime order: numerically when both are numbers, else as text. */
  private static boolean earlier(String a, String b) {
    try {
      return Double.parseDouble(a) < Double.parseDouble(b);
    } catch (NumberFormatException e) {
      return a.compareTo(b) < 0;
    }
  }
}
