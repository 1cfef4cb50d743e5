package org.rtfm4j.capture;

import java.util.List;

/** A source of packets: a capture file or live interfaces. */
public interface PacketSource extends AutoCloseable {
  /**
   * Delivers packets to {@code sink} until the input ends or {@link #stop()} is called. A damaged
   * file delivers every packet before the damage, then throws.
   *
   * @throws CaptureException when the input cannot be opened or read, or is damaged
   */
  void run(PacketSink sink) throws CaptureException;

  /** Asks {@link #run} to return soon; safe from any thread. */
  void stop();

  /** The interfaces seen so far: number (1-origin), name and link type. */
  List<CaptureInterface> interfaces();

  /** Packets the capture lost on this interface (flowInterfaceLostPackets); 0 for files. */
  long lostPackets(int interfaceNumber);

  @Override
  void close();
}
