package org.rtfm4j.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Keeps a copy of every packet delivered, for field-by-field checks. */
final class RecordingSink implements PacketSink {
  /** One delivered packet. */
  record Packet(int interfaceNumber, int linkType, long timestampNanos, byte[] data,
      int wireLength) {
    int capturedLength() {
      return data.length;
    }
  }

  final List<Packet> packets = new ArrayList<>();
  long wireBytes;
  long capturedBytes;

  @Override
  public void packet(int interfaceNumber, int linkType, long timestampNanos, byte[] data,
      int offset, int capturedLength, int wireLength) {
    packets.add(new Packet(interfaceNumber, linkType, timestampNanos,
        Arrays.copyOfRange(data, offset, offset + capturedLength), wireLength));
    wireBytes += wireLength;
    capturedBytes += capturedLength;
  }

  Packet get(int i) {
    return packets.get(i);
  }

  int size() {
    return packets.size();
  }
}
