package org.rtfm4j.meter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.rtfm4j.capture.PacketSink;
import org.rtfm4j.meter.MeterStatistics.Disposition;
import org.rtfm4j.packet.DecodeResult;
import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.packet.FragmentTable;
import org.rtfm4j.packet.PacketDecoder;
import org.rtfm4j.packet.PeerPeek;

/**
 * The Packet Processor of RFC 2722 §4.1 on the packet thread: keeps meter time, samples, decodes
 * each packet and matches IP packets (RFC 2722 §4.3) with its own {@link PacketMatcher}, or,
 * when the meter runs several matching threads, hands those of the other parts of the flow table
 * to the {@link PacketShards} threads. Allocates nothing per packet.
 */
final class PacketProcessor implements PacketSink {
  private final MeterClock clock;
  private final MeterStatistics stats;
  private final InterfaceSampling sampling;
  private final OctetCounting octetCounting;
  private final ControlMailbox mailbox;
  private final PacketDecoder decoder;
  private final DecodedPacket packet = new DecodedPacket();
  /** The peer addresses {@link PeerPeek} found, for picking a matching thread. */
  private final DecodedPacket peeked = new DecodedPacket();
  /** Matches the packets of part 0 of the flow table (all of them without {@link #shards}). */
  private PacketMatcher matcher;
  /** The other parts' threads; null when this thread matches every packet. */
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

  /** Matches packets of part 0 (all packets until {@link #matchOn}) with {@code m}. */
  void matchHere(PacketMatcher m) {
    matcher = m;
  }

  /** Hands packets of the other parts to {@code s}. */
  void matchOn(PacketShards s) {
    shards = s;
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
    matcher.advance(now);
    if (!sampling.sample(interfaceNumber)) {
      stats.record(Disposition.NOT_SAMPLED);
      return;
    }
    if (shards != null && capturedLength <= ShardRing.MAX_CAPTURED_LENGTH) {
      // The common packet of another thread's part is decoded by that thread; only its leading
      // bytes travel. Anything else (and every fragment, which needs this thread's fragment
      // table) is decoded here.
      int bytes = PeerPeek.peek(linkType, data, offset, capturedLength, peeked);
      if (bytes > 0) {
        int part = shards.partOf(peeked);
        if (part != 0) {
          shards.handRaw(part, interfaceNumber, linkType, timestampNanos, data, offset, bytes,
              capturedLength, wireLength, now);
          return;
        }
      }
    }
    DecodeResult result =
        decoder.decode(linkType, data, offset, capturedLength, wireLength, timestampNanos, packet);
    packet.interfaceNumber = interfaceNumber; // the decoder fills everything else
    if (!stats.recordDecoded(result, packet, decoder.lastMalformedReason())) {
      return;
    }
    long octets = octetCounting.octets(packet, wireLength);
    int part = shards == null ? 0 : shards.partOf(packet);
    if (part == 0) {
      matcher.match(packet, octets, now, streamCache);
    } else {
      shards.hand(part, packet, octets, now);
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
    m.put("decoder.ip_length_zero", decoded(PacketDecoder::zeroLengthPackets));
    m.put("decoder.ip_length_beyond_frame", decoded(PacketDecoder::lengthBeyondFrame));
    m.put("decoder.faults", decoded(PacketDecoder::decoderFaults));
    return m;
  }

  /** A decoder figure over every packet: this thread's, and the matching threads' decoding. */
  private long decoded(ToLongFunction<PacketDecoder> figure) {
    PacketShards s = shards;
    return figure.applyAsLong(decoder) + (s == null ? 0 : s.decoders(figure));
  }

  void setStreamCache(boolean on) {
    streamCache = on;
  }

  boolean streamCache() {
    return streamCache;
  }
}
