package org.rtfm4j.capture;

/**
 * Settings of a live capture, applied to every interface (libpcap's pcap_set_* and
 * pcap_setfilter).
 *
 * @param filter BPF filter expression (pcap-filter(7)); empty for every packet
 * @param snapLength bytes kept of each packet, 1..262144
 * @param promiscuous put the interfaces in promiscuous mode, so that a meter on a shared LAN sees
 *     all its traffic (RFC 2722 §4)
 * @param readTimeoutMillis how long libpcap may hold packets to deliver them in batches
 * @param bufferBytes kernel capture buffer size; 0 keeps libpcap's default
 */
public record LiveCaptureOptions(String filter, int snapLength, boolean promiscuous,
    int readTimeoutMillis, int bufferBytes) {
  /** libpcap's MAXIMUM_SNAPLEN: whole packets, even on loopback with large MTUs. */
  public static final int DEFAULT_SNAP_LENGTH = 262_144;
  /** Short enough that packets reach the meter promptly, long enough to batch under load. */
  public static final int DEFAULT_READ_TIMEOUT_MILLIS = 100;

  /** Checks the values. */
  public LiveCaptureOptions {
    if (filter == null) {
      filter = "";
    }
    if (snapLength < 1 || snapLength > DEFAULT_SNAP_LENGTH) {
      throw new IllegalArgumentException("snap length " + snapLength + " is not in 1.."
          + DEFAULT_SNAP_LENGTH);
    }
    if (readTimeoutMillis < 0) {
      throw new IllegalArgumentException("read timeout " + readTimeoutMillis + " ms < 0");
    }
    if (bufferBytes < 0) {
      throw new IllegalArgumentException("buffer size " + bufferBytes + " < 0");
    }
  }

  /** No filter, 262144-byte snaplen, promiscuous, 100 ms read timeout, default buffer. */
  public static LiveCaptureOptions defaults() {
    return new LiveCaptureOptions("", DEFAULT_SNAP_LENGTH, true, DEFAULT_READ_TIMEOUT_MILLIS, 0);
  }

  public LiveCaptureOptions withFilter(String newFilter) {
    return new LiveCaptureOptions(newFilter, snapLength, promiscuous, readTimeoutMillis,
        bufferBytes);
  }

  public LiveCaptureOptions withSnapLength(int newSnapLength) {
    return new LiveCaptureOptions(filter, newSnapLength, promiscuous, readTimeoutMillis,
        bufferBytes);
  }

  public LiveCaptureOptions withPromiscuous(boolean on) {
    return new LiveCaptureOptions(filter, snapLength, on, readTimeoutMillis, bufferBytes);
  }

  public LiveCaptureOptions withReadTimeoutMillis(int millis) {
    return new LiveCaptureOptions(filter, snapLength, promiscuous, millis, bufferBytes);
  }

  public LiveCaptureOptions withBufferBytes(int bytes) {
    return new LiveCaptureOptions(filter, snapLength, promiscuous, readTimeoutMillis, bytes);
  }
}
