package org.rtfm4j.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The comparison must catch every difference outside its two allowances, and name the capture's
 * five-tuple with both numbers: hand-made packets and flow records, no meter involved.
 */
class FlowComparisonTest {

  private static final String A = "10.0.0.1";
  private static final String B = "10.0.0.2";

  private static TsharkPacket tcp(int frame, String src, int sport, String dst, int dport,
      long bytes) {
    return new TsharkPacket(frame, bytes + 14, bytes + 14, TsharkPacket.Kind.IP, 4, src, dst,
        ProtocolNames.TCP, bytes, sport, dport, true, "eth:ethertype", "");
  }

  /** A TCP packet tshark could not read the ports of (it reported an error first). */
  private static TsharkPacket tcpUnreadPorts(int frame, String src, String dst, long bytes) {
    return new TsharkPacket(frame, bytes + 14, bytes + 14, TsharkPacket.Kind.IP, 4, src, dst,
        ProtocolNames.TCP, bytes, 0, 0, false, "eth:ethertype", "Malformed Packet");
  }

  private static MeterOutput.FlowRecord record(String src, int sport, String dst, int dport,
      int protocol, long toOctets, long toPdus, long fromOctets, long fromPdus) {
    return new MeterOutput.FlowRecord("5", "1", src, dst, protocol, sport, dport, toOctets,
        toPdus, fromOctets, fromPdus);
  }

  private static final List<TsharkPacket> CONVERSATION =
      List.of(tcp(1, A, 1000, B, 80, 60), tcp(2, B, 80, A, 1000, 60), tcp(3, A, 1000, B, 80, 52));

  @Test
  void equalFlowsPass() {
    FlowComparison c = FlowComparison.compare(FlowTruth.of(CONVERSATION, Long.MAX_VALUE),
        List.of(record(A, 1000, B, 80, 6, 112, 2, 60, 1)), false);
    assertEquals(List.of(), c.mismatches);
    assertEquals(3, c.meterPackets);
    assertEquals(172, c.meterIpBytes);
  }

  @Test
  void recordsOfOneFiveTupleAreSummedWhicheverSideIsSource() {
    FlowComparison c = FlowComparison.compare(FlowTruth.of(CONVERSATION, Long.MAX_VALUE),
        List.of(record(A, 1000, B, 80, 6, 60, 1, 0, 0), record(B, 80, A, 1000, 6, 60, 1, 52, 1)),
        false);
    assertEquals(List.of(), c.mismatches);
  }

  @Test
  void extraPacketIsReportedWithTupleAndBothNumbers() {
    FlowComparison c = FlowComparison.compare(FlowTruth.of(CONVERSATION, Long.MAX_VALUE),
        List.of(record(A, 1000, B, 80, 6, 112, 3, 60, 1)), false);
    assertEquals(List.of("tcp 10.0.0.1:1000 -> 10.0.0.2:80: packets truth 2 meter 3, IP bytes"
        + " truth 112 meter 112 (flow's first frame 1)"), c.mismatches);
  }

  @Test
  void wrongSourceIsReported() {
    FlowComparison c = FlowComparison.compare(FlowTruth.of(CONVERSATION, Long.MAX_VALUE),
        List.of(record(B, 80, A, 1000, 6, 60, 1, 112, 2)), false);
    assertEquals(1, c.mismatchCount);
    assertTrue(c.mismatches.get(0).contains("source should be 10.0.0.1:1000"),
        c.mismatches::toString);
  }

  @Test
  void missingPacketNeedsMalformedReportAndTsharkError() {
    List<TsharkPacket> packets = List.of(tcp(1, A, 1000, B, 80, 60),
        new TsharkPacket(2, 74, 74, TsharkPacket.Kind.IP, 4, A, B, 6, 60, 1000, 80, true,
            "eth:ethertype", "Bogus IP length"));
    List<MeterOutput.FlowRecord> meter = List.of(record(A, 1000, B, 80, 6, 60, 1, 0, 0));
    FlowComparison notReported = FlowComparison.compare(FlowTruth.of(packets, 2), meter, false);
    assertEquals(1, notReported.mismatchCount);
    FlowComparison reported = FlowComparison.compare(FlowTruth.of(packets, 2), meter, true);
    assertEquals(List.of(), reported.mismatches);
    assertEquals(1, reported.toleratedPackets);
    assertEquals(60, reported.toleratedBytes);
    FlowComparison cleanPacketMissing =
        FlowComparison.compare(FlowTruth.of(CONVERSATION, 3),
            List.of(record(A, 1000, B, 80, 6, 60, 1, 60, 1)), true);
    assertEquals(1, cleanPacketMissing.mismatchCount);
  }

  @Test
  void unreadPortsMayBeRekeyedOnlyWithinTheirAddressPair() {
    List<TsharkPacket> packets = List.of(tcp(1, A, 1000, B, 80, 60), tcpUnreadPorts(2, A, B, 52));
    FlowComparison rekeyed = FlowComparison.compare(FlowTruth.of(packets, 2),
        List.of(record(A, 1000, B, 80, 6, 112, 2, 0, 0)), false);
    assertEquals(List.of(), rekeyed.mismatches);
    assertEquals(1, rekeyed.rekeyedPackets);
    FlowComparison otherPair = FlowComparison.compare(FlowTruth.of(packets, 2),
        List.of(record(A, 1000, B, 80, 6, 60, 1, 0, 0), record(A, 1000, "10.0.0.3", 80, 6, 52, 1,
            0, 0)), false);
    // The unread packet is missing from A->B and turns up in A->C: both are reported.
    assertEquals(List.of(
        "tcp 10.0.0.1:0 -> 10.0.0.2:0: packets truth 1 meter 0, IP bytes truth 52 meter 0"
            + " (flow's first frame 2) [tshark: frame 2: Malformed Packet]",
        "tcp 10.0.0.1:1000 -> 10.0.0.3:80: packets truth 0 meter 1, IP bytes truth 0 meter 52"
            + " (no such flow in tshark)"), otherPair.mismatches);
  }

  @Test
  void portlessProtocolsAreComparedPerAddressPair() {
    List<TsharkPacket> packets = List.of(new TsharkPacket(1, 98, 98, TsharkPacket.Kind.IP, 4, A,
        B, 132, 84, 0, 0, true, "eth:ethertype", ""));
    FlowComparison sctpPorts = FlowComparison.compare(FlowTruth.of(packets, 1),
        List.of(record(A, 5000, B, 6000, 132, 84, 1, 0, 0)), false);
    assertEquals(List.of(), sctpPorts.mismatches);
    FlowComparison reversed = FlowComparison.compare(FlowTruth.of(packets, 1),
        List.of(record(B, 6000, A, 5000, 132, 0, 0, 84, 1)), false);
    assertEquals(List.of(), reversed.mismatches);
    FlowComparison wrongBytes = FlowComparison.compare(FlowTruth.of(packets, 1),
        List.of(record(A, 0, B, 0, 132, 85, 1, 0, 0)), false);
    assertEquals(1, wrongBytes.mismatchCount);
  }
}
