package org.rtfm4j.capture;

import java.util.List;

/** STUB: replaced by the capture branch. */
public final class LiveCapture implements PacketSource {
  public LiveCapture(List<String> interfaces, String filter, int snaplen, boolean promiscuous)
      throws CaptureException {
    throw new CaptureException("live capture is not built yet");
  }

  @Override
  public void run(PacketSink sink) {}

  @Override
  public void stop() {}

  @Override
  public List<CaptureInterface> interfaces() {
    return List.of();
  }

  @Override
  public long lostPackets(int interfaceNumber) {
    return 0;
  }

  @Override
  public void close() {}
}
