package org.rtfm4j.capture;

import java.util.List;

/** Turns libpcap's failures into messages that tell the operator what to do. */
final class LiveCaptureErrors {
  /** pcap_activate return codes (pcap/pcap.h). */
  static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
  static final int PCAP_ERROR_PERM_DENIED = -8;
  static final int PCAP_ERROR_IFACE_NOT_UP = -9;

  private LiveCaptureErrors() {}

  /**
   * An interface could not be opened.
   *
   * @param code libpcap's return code, or null when unknown
   * @param pcapMessage libpcap's error text
   * @param available interface names libpcap lists, or null when it could not list them
   * @param javaCommand the java binary, for the setcap hint
   */
  static String openFailure(String device, Integer code, String pcapMessage,
      List<String> available, String javaCommand) {
    String text = pcapMessage == null ? "" : pcapMessage;
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    int c = code == null ? 0 : code;
    if (c == PCAP_ERROR_NO_SUCH_DEVICE || lower.contains("no such device")) {
      return "no capture interface named '" + device + "'; available: "
          + (available == null ? "(libpcap could not list them)" : String.join(", ", available))
          + " (libpcap: " + text + ")";
    }
    if (c == PCAP_ERROR_PERM_DENIED || lower.contains("permission")
        || lower.contains("operation not permitted")) {
      return "not permitted to capture on '" + device + "': run as root, or give the java binary"
          + " the capture capabilities: sudo setcap cap_net_raw,cap_net_admin=eip "
          + javaCommand + " (libpcap: " + text + ")";
    }
    if (c == PCAP_ERROR_IFACE_NOT_UP) {
      return "interface '" + device + "' is down: bring it up first (ip link set " + device
          + " up) (libpcap: " + text + ")";
    }
    return "cannot capture on '" + device + "': " + text;
  }

  /** The filter expression does not compile. */
  static String badFilter(String device, String filter, String pcapMessage) {
    return "BPF filter '" + filter + "' does not compile for '" + device + "': " + pcapMessage
        + " (see pcap-filter(7))";
  }

  /** libpcap itself cannot be loaded. */
  static String noLibpcap(Throwable cause) {
    return "libpcap cannot be loaded (" + cause.getMessage() + "): install it (Debian/Ubuntu: "
        + "apt-get install libpcap0.8; Fedora/RHEL: dnf install libpcap)";
  }
}
