package org.rtfm4j.capture;

/** Receives the packets a {@link PacketSource} reads; never called by two threads at once. */
public interface PacketSink {
  /**
   * One packet. {@code data} is only valid during the call (sources reuse their buffers).
   *
   * @param interfaceNumber the meter interface number, 1-origin
   * @param linkType the LINKTYPE_* number of the link header at {@code offset}
   * @param timestampNanos capture time, nanoseconds since the Unix epoch
   * @param capturedLength bytes present in {@code data}
   * @param wireLength bytes the packet had on the wire
   */
  void packet(int interfaceNumber, int linkType, long timestampNanos, byte[] data, int offset,
      int capturedLength, int wireLength);
}
