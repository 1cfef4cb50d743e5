package org.rtfm4j.capture;

/** Counts packets and bytes without keeping them. */
final class CountingSink implements PacketSink {
  long packets;
  long wireBytes;
  long capturedBytes;

  @Override
  public void packet(int interfaceNumber, int linkType, long timestampNanos, byte[] data,
      int offset, int capturedLength, int wireLength) {
    packets++;
    wireBytes += wireLength;
    capturedBytes += capturedLength;
  }
}
