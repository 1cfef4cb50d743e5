package org.rtfm4j.corpus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a perfect five-tuple meter reports for a capture, built from tshark's dissection: one
 * entry per two-way five-tuple in order of first appearance, and capture totals.
 */
final class FlowTruth {

  /** Flows, in order of their first packet. */
  final Map<FlowKey, FlowCounts> flows = new LinkedHashMap<>();
  long frames;
  long wireBytes;
  long capturedBytes;
  long nonIpFrames;
  long nonIpWireBytes;
  /** Frames with an IP layer tshark could not read addresses, protocol or length from. */
  long brokenIpFrames;
  long ipPackets;
  long ipBytes;
  long suspectIpPackets;
  long suspectIpBytes;
  /** IP packets per chain of layers tshark dissected before the outer IP header. */
  final Map<String, Long> ipPacketsByEncapsulation = new TreeMap<>();
  /** IP packets left out because the meter is not expected to decode their encapsulation. */
  final Map<String, Long> undecodedIpPackets = new TreeMap<>();
  long undecodedIpPacketCount;
  private final Predicate<String> undecoded;

  private FlowTruth(Predicate<String> undecoded) {
    this.undecoded = undecoded;
  }

  /** Aggregates the first {@code limit} frames of {@code packets}. */
  static FlowTruth of(List<TsharkPacket> packets, long limit) {
    return of(packets, limit, encapsulation -> false);
  }

  /**
   * Aggregates the first {@code limit} frames, leaving out (and counting apart) IP packets whose
   * encapsulation, the layers before the outer IP header, {@code undecoded} accepts.
   */
  static FlowTruth of(List<TsharkPacket> packets, long limit, Predicate<String> undecoded) {
    FlowTruth t = new FlowTruth(undecoded);
    long n = Math.min(limit, packets.size());
    for (int i = 0; i < n; i++) {
      t.add(packets.get(i));
    }
    return t;
  }

  private void add(TsharkPacket p) {
    frames++;
    wireBytes += p.wireLength();
    capturedBytes += p.capturedLength();
    switch (p.kind()) {
      case NON_IP:
        nonIpFrames++;
        nonIpWireBytes += p.wireLength();
        return;
      case BROKEN_IP:
        brokenIpFrames++;
        return;
      case IP:
      default:
        break;
    }
    if (undecoded.test(p.encapsulation())) {
      undecodedIpPackets.merge(p.encapsulation(), 1L, Long::sum);
      undecodedIpPacketCount++;
      return;
    }
    ipPackets++;
    ipBytes += p.ipBytes();
    ipPacketsByEncapsulation.merge(p.encapsulation(), 1L, Long::sum);
    FlowKey.Endpoint src = new FlowKey.Endpoint(Addresses.canonical(p.src()), p.srcPort());
    FlowKey.Endpoint dst = new FlowKey.Endpoint(Addresses.canonical(p.dst()), p.dstPort());
    FlowKey key = FlowKey.of(p.protocol(), src, dst);
    FlowCounts c = flows.get(key);
    if (c == null) {
      c = new FlowCounts();
      c.firstFrame = p.frame();
      c.firstDirection = key.direction(src);
      flows.put(key, c);
    }
    int d = key.direction(src);
    c.add(d, 1, p.ipBytes());
    c.wireBytes[d] += p.wireLength();
    c.capturedBytes[d] += p.capturedLength();
    if (!p.portsKnown()) {
      c.unreadPortPackets[d]++;
      c.unreadPortBytes[d] += p.ipBytes();
    }
    if (p.suspect()) {
      suspectIpPackets++;
      suspectIpBytes += p.ipBytes();
      c.suspectPackets[d]++;
      c.suspectBytes[d] += p.ipBytes();
      if (c.problems.length() < 200) {
        c.problems.append(c.problems.length() == 0 ? "" : "; ")
            .append("frame ").append(p.frame()).append(": ").append(p.problems());
      }
    }
  }
}
