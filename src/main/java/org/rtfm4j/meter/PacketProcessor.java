package org.rtfm4j.meter;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rtfm4j.capture.PacketSink;
import org.rtfm4j.meter.MeterStatistics.Disposition;
import org.rtfm4j.packet.DecodeResult;
import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.packet.FragmentTable;
import org.rtfm4j.packet.PacketDecoder;

/**
 * The Packet Processor of RFC 2722 §4.1 on the packet thread: keeps meter time, samples, decodes
 * each packet and hands IP packets to matching (RFC 2722 §4.3): to its own {@link PacketMatcher}
 * when the meter matches on this thread, or to the {@link PacketShards} threads. Allocates
 * nothing per packet.
 */
final class PacketProcessor implements PacketSink {
  private final MeterClock clock;
  private final MeterStatistics stats;
  private final InterfaceSampling sampling;
  private final OctetCounting octetCounting;
  private final ControlMailbox mailbox;
  private final PacketDecoder decoder;
  private final DecodedPacket packet = new DecodedPacket();
  /** Matches on this thread; null when {@link #shards} do. */
  private PacketMatcher matcher;
  private PacketShards shards;
  private volatile boolean streamCache = true;

  PacketProcessor(MeterClock clock, MeterStatistics stats, InterfaceSampling sampling,
      OctetCounting octetCounting, FragmentTable fragments, ControlMailbox mailbox) {
    this.mailbox = mailbox;
    this.decoder = new PacketDecoder(fragments);
    this.clock = clock;
    this.stats = stats;
    this.sampling = sampling;
    this.octetCounting = octetCounting;
  }

  /** Matches on this thread with {@code m}. */
  void matchHere(PacketMatcher m) {
    matcher = m;
    shards = null;
  }

  /** Hands packets to {@code s}. */
  void matchOn(PacketShards s) {
    shards = s;
    matcher = null;
  }

  @Override
  public void packet(int interfaceNumber, int linkType, long timestampNanos, byte[] data,
      int offset, int capturedLength, int wireLength) {
    if (mailbox.pending()) {
      // Control actions that change the flow table run here, between two packets, while no
      // other thread changes it.
      awaitMatched();
      mailbox.runPending();
    }
    stats.recordRead();
    long now = clock.packetTime(timestampNanos);
    if (matcher != null) {
      matcher.advance(now);
    }
    if (!sampling.sample(interfaceNumber)) {
      stats.record(Disposition.NOT_SAMPLED);
      return;
    }
    DecodeResult result =
        decoder.decode(linkType, data, offset, capturedLength, wireLength, timestampNanos, packet);
    packet.interfaceNumber = interfaceNumber; // the decoder fills everything else
    if (packet.truncated) {
      stats.recordTruncated();
    }
    switch (result) {
      case IP:
        break;
      case NON_IP:
        stats.record(Disposition.NON_IP);
        return;
      case UNSUPPORTED_LINK_TYPE:
        stats.record(Disposition.UNSUPPORTED_LINK);
        return;
      default:
        stats.recordMalformed(decoder.lastMalformedReason());
        return;
    }
    long octets = octetCounting == OctetCounting.IP ? packet.ipLength : wireLength;
    if (matcher != null) {
      matcher.match(packet, octets, now, streamCache);
    } else {
      shards.hand(packet, octets, now);
    }
  }

  /** Packet thread: returns once every packet handed over so far has been matched. */
  void awaitMatched() {
    if (shards != null) {
      shards.quiesce();
    }
  }

  /** The decoder's own figures: fragments and lengths it had to work around. */
  Map<String, Long> decoderFigures() {
    Map<String, Long> m = new LinkedHashMap<>();
    FragmentTable f = decoder.fragmentTable();
    m.put("fragments.table_size", (long) f.capacity());
    m.put("fragments.evicted_while_full", f.evictedWhileFull());
    m.put("fragments.later_without_first", f.laterWithoutFirst());
    m.put("decoder.ip_length_zero", decoder.zeroLengthPackets());
    m.put("decoder.ip_length_beyond_frame", decoder.lengthBeyondFrame());
    m.put("decoder.faults", decoder.decoderFaults());
    return m;
  }

  void setStreamCache(boolean on) {
    streamCache = on;
  }

  boolean streamCache() {
    return streamCache;
  }
}
