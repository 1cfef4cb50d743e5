package org.rtfm4j.capture;

/** One pcapng Interface Description Block (pcapng §4.2) and the packets read on it. */
final class PcapngInterface {
  /** Meter interface number: IDB index within the file, counting across sections, plus one. */
  final int number;
  final String name;
  final int linkType;
  /** SnapLen, unsigned; 0 means no limit. */
  final long snapLength;
  final TimestampScale scale;
  long packets;

  PcapngInterface(int number, String name, int linkType, long snapLength, TimestampScale scale) {
    this.number = number;
    this.name = name;
    this.linkType = linkType;
    this.snapLength = snapLength;
    this.scale = scale;
  }

  CaptureInterface describe() {
    return new CaptureInterface(number, name, linkType);
  }
}
