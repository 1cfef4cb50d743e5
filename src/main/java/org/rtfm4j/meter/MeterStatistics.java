package org.rtfm4j.meter;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rtfm4j.packet.DecodeResult;
import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.packet.MalformedReason;

/**
 * What the meter did with every packet it read. Each packet has exactly one disposition, so the
 * dispositions add up to {@link #read()}; truncation is a separate flag.
 */
public final class MeterStatistics {
  /** The one thing that happened to a packet. */
  public enum Disposition {
    /** Counted in a flow of at least one running rule set. */
    COUNTED("counted"),
    /** Every running rule set ignored it or matched it in neither direction. */
    IGNORED("ignored"),
    /** A well-formed frame without IP (ARP, LLDP, ...). */
    NON_IP("nonip"),
    /** The capture's link type is not decoded. */
    UNSUPPORTED_LINK("unsupported_link"),
    /** Damaged headers; see the reasons. */
    MALFORMED("malformed"),
    /** Left out by the interface's 1-in-N sampling, or the interface's sample rate is 0. */
    NOT_SAMPLED("not_sampled"),
    /** Its flow would be new but the flow table was full. */
    REFUSED("refused"),
    /** A rule set misbehaved while matching it (loop, stack overflow). */
    PME_ERROR("pme_error");

    private final String key;

    Disposition(String key) {
      this.key = key;
    }

    /** Name used in the statistics file, e.g. {@code packets.not_sampled}. */
    public String key() {
      return key;
    }
  }

  /** The figures of the packet-matching threads, when the meter runs several (added in). */
  private final MeterStatistics[] matching;
  private final long[] disposition = new long[Disposition.values().length];
  private final long[] malformed = new long[MalformedReason.values().length];
  private long read;
  private long truncated;
  private long octets;

  MeterStatistics() {
    this(new MeterStatistics[0]);
  }

  /** Figures of the packet thread, to which those of {@code matching} threads are added. */
  MeterStatistics(MeterStatistics[] matching) {
    this.matching = matching;
  }

  void recordRead() {
    read++;
  }

  void record(Disposition d) {
    disposition[d.ordinal()]++;
  }

  void recordMalformed(MalformedReason reason) {
    disposition[Disposition.MALFORMED.ordinal()]++;
    malformed[reason.ordinal()]++;
  }

  /**
   * Records what decoding a packet found: truncation, and the disposition of a packet that is
   * not IP (non-IP, unsupported link, malformed for {@code reason}).
   *
   * @return true for an IP packet, which matching then disposes of
   */
  boolean recordDecoded(DecodeResult result, DecodedPacket packet, MalformedReason reason) {
    if (packet.truncated) {
      recordTruncated();
    }
    switch (result) {
      case IP:
        return true;
      case NON_IP:
        record(Disposition.NON_IP);
        return false;
      case UNSUPPORTED_LINK_TYPE:
        record(Disposition.UNSUPPORTED_LINK);
        return false;
      default:
        recordMalformed(reason);
        return false;
    }
  }

  void recordTruncated() {
    truncated++;
  }

  void recordCountedOctets(long n) {
    octets += n;
  }

  /** Packets read from the sources. */
  public long read() {
    return read;
  }

  public long get(Disposition d) {
    long n = disposition[d.ordinal()];
    for (MeterStatistics m : matching) {
      n += m.get(d);
    }
    return n;
  }

  public long malformed(MalformedReason reason) {
    long n = malformed[reason.ordinal()];
    for (MeterStatistics m : matching) {
      n += m.malformed(reason);
    }
    return n;
  }

  /** Packets the capture cut short (they may still have been counted). */
  public long truncated() {
    long n = truncated;
    for (MeterStatistics m : matching) {
      n += m.truncated();
    }
    return n;
  }

  /** Octets of the counted packets (in the first rule set that counted each). */
  public long countedOctets() {
    long n = octets;
    for (MeterStatistics m : matching) {
      n += m.countedOctets();
    }
    return n;
  }

  /** The figures as ordered {@code key=value} pairs, as the statistics file writes them. */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("packets.read", read);
    for (Disposition d : Disposition.values()) {
      m.put("packets." + d.key(), get(d));
    }
    m.put("packets.truncated", truncated());
    for (MalformedReason r : MalformedReason.values()) {
      m.put("packets.malformed." + r.name(), malformed(r));
    }
    return m;
  }
}
