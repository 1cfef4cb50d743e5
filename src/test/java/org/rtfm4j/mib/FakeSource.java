package org.rtfm4j.mib;

import java.util.List;
import org.rtfm4j.capture.CaptureInterface;
import org.rtfm4j.capture.PacketSink;
import org.rtfm4j.capture.PacketSource;

/** A packet source that only reports interfaces and their lost packets, as live capture does. */
final class FakeSource implements PacketSource {
  private final List<CaptureInterface> interfaces;
  final long[] lost;

  FakeSource(List<CaptureInterface> interfaces) {
    this.interfaces = interfaces;
    this.lost = new long[interfaces.size() + 1];
  }

  @Override
  public void run(PacketSink sink) {}

  @Override
  public void stop() {}

  @Override
  public List<CaptureInterface> interfaces() {
    return interfaces;
  }

  @Override
  public long lostPackets(int interfaceNumber) {
    return lost[interfaceNumber];
  }

  @Override
  public void close() {}
}
