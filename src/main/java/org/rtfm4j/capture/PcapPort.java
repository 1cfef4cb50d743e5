package org.rtfm4j.capture;

import java.sql.Timestamp;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;

/** One live interface: its pcap4j handle, meter interface number and counters. */
final class PcapPort {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long MILLIS_PER_SECOND = 1_000L;

  final int number;
  final String name;
  final PcapHandle handle;
  final int linkType;
  /** Packets delivered; written by this port's capture thread only. */
  volatile long packets;
  private long lost;
  private long statisticsFailures;

  private PcapPort(int number, String name, PcapHandle handle) {
    this.number = number;
    this.name = name;
    this.handle = handle;
    this.linkType = handle.getDlt().value();
  }

  /** Opens and activates {@code device}, then sets the filter. */
  static PcapPort open(int number, String device, LiveCaptureOptions options)
      throws PcapNativeException, NotOpenException, BadFilter {
    PcapHandle.Builder builder = new PcapHandle.Builder(device)
        .snaplen(options.snapLength())
        .promiscuousMode(options.promiscuous()
            ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
            : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
        .timeoutMillis(options.readTimeoutMillis())
        .timestampPrecision(PcapHandle.TimestampPrecision.NANO);
    if (options.bufferBytes() > 0) {
      builder.bufferSize(options.bufferBytes());
    }
    PcapHandle handle = builder.build();
    try {
      if (!options.filter().isEmpty()) {
        try {
          handle.setFilter(options.filter(), BpfProgram.BpfCompileMode.OPTIMIZE);
        } catch (PcapNativeException e) {
          throw new BadFilter(e.getMessage());
        }
      }
      return new PcapPort(number, device, handle);
    } catch (BadFilter | RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  /** The filter did not compile; carries libpcap's message. */
  static final class BadFilter extends Exception {
    private static final long serialVersionUID = 1L;

    BadFilter(String message) {
      super(message);
    }
  }

  /**
   * Captures until {@link #breakLoop} or an error, handing packets to {@code listener}.
   *
   * @return normally when broken
   */
  void loop(RawPacketListener listener) throws PcapNativeException, NotOpenException {
    try {
      handle.loop(-1, listener);
    } catch (InterruptedException e) {
      // pcap4j reports pcap_breakloop this way: the stop we asked for, not an interruption.
    }
  }

  /** Capture time of the packet being delivered to the listener, nanoseconds since the epoch. */
  long timestampNanos() {
    Timestamp ts = handle.getTimestamp();
    return Math.floorDiv(ts.getTime(), MILLIS_PER_SECOND) * NANOS_PER_SECOND + ts.getNanos();
  }

  /** Wire length of the packet being delivered to the listener. */
  int wireLength() {
    Integer length = handle.getOriginalLength();
    return length == null ? 0 : length;
  }

  /** Asks the loop to return; harmless when it is not running. */
  void breakLoop() {
    try {
      handle.breakLoop();
    } catch (NotOpenException e) {
      // Closed already: no loop left to break.
    }
  }

  /**
   * Packets lost: dropped by the kernel (ps_drop) plus by the interface (ps_ifdrop), from
   * pcap_stats now, or the last value read when the handle is closed or the call fails.
   */
  synchronized long lost() {
    if (handle.isOpen()) {
      try {
        PcapStat s = handle.getStats();
        lost = s.getNumPacketsDropped() + s.getNumPacketsDroppedByIf();
      } catch (PcapNativeException | NotOpenException e) {
        statisticsFailures++;
      }
    }
    return lost;
  }

  /** pcap_stats calls that failed; {@link #lost()} then kept the previous value. */
  synchronized long statisticsFailures() {
    return statisticsFailures;
  }

  /** Reads the statistics a last time, then releases the handle. */
  synchronized void close() {
    if (handle.isOpen()) {
      lost();
      handle.close();
    }
  }
}
