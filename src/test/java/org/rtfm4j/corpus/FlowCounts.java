package org.rtfm4j.corpus;

/**
 * Per-direction counters of one two-way flow; index 0 counts packets from the key's low endpoint
 * to its high endpoint, index 1 the reverse.
 */
final class FlowCounts {

  final long[] packets = new long[2];
  final long[] ipBytes = new long[2];
  final long[] wireBytes = new long[2];
  final long[] capturedBytes = new long[2];
  /** Packets tshark reported errors for: the meter may report these as malformed instead. */
  final long[] suspectPackets = new long[2];
  final long[] suspectBytes = new long[2];
  /** TCP/UDP packets whose ports tshark could not read: the meter may key them on real ports. */
  final long[] unreadPortPackets = new long[2];
  final long[] unreadPortBytes = new long[2];
  /** Frame number of the first packet (truth) or 0 (meter). */
  int firstFrame;
  /** Direction of the first packet: which endpoint is the flow's source. */
  int firstDirection = -1;
  /** Flow records the meter wrote for this key. */
  int records;
  /** Expert messages of the suspect packets, for reports. */
  final StringBuilder problems = new StringBuilder();

  void add(int direction, long pkts, long bytes) {
    packets[direction] += pkts;
    ipBytes[direction] += bytes;
  }

  void addAll(FlowCounts o) {
    for (int d = 0; d < 2; d++) {
      packets[d] += o.packets[d];
      ipBytes[d] += o.ipBytes[d];
      wireBytes[d] += o.wireBytes[d];
      capturedBytes[d] += o.capturedBytes[d];
      suspectPackets[d] += o.suspectPackets[d];
      suspectBytes[d] += o.suspectBytes[d];
      unreadPortPackets[d] += o.unreadPortPackets[d];
      unreadPortBytes[d] += o.unreadPortBytes[d];
    }
    records += o.records;
    if (firstDirection < 0 || (o.firstFrame > 0 && o.firstFrame < firstFrame)) {
      firstFrame = o.firstFrame;
      firstDirection = o.firstDirection;
    }
    if (o.problems.length() > 0 && problems.length() < 200) {
      problems.append(problems.length() == 0 ? "" : "; ").append(o.problems);
    }
  }

  long totalPackets() {
    return packets[0] + packets[1];
  }

  long totalIpBytes() {
    return ipBytes[0] + ipBytes[1];
  }

  long totalSuspectPackets() {
    return suspectPackets[0] + suspectPackets[1];
  }
}
