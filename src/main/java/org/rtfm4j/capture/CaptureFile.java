package org.rtfm4j.capture;

import java.nio.file.Path;

/**
 * A capture file (pcap or pcapng) being read as a {@link PacketSource}. After {@link #stop()},
 * {@link #run} resumes with the next record; after damage it throws the same exception again.
 */
public interface CaptureFile extends PacketSource {
  /** The file, as given to {@link CaptureFiles#open}. */
  Path path();

  /** "pcap", "pcapng", or "empty" for a zero-byte file. */
  String format();

  /** Packet records delivered so far, all interfaces. */
  long packetsRead();

  /** Packet records delivered so far on one interface (1-origin number); 0 if unknown. */
  long packetsRead(int interfaceNumber);
}
