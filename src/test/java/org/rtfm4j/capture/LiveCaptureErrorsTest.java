package org.rtfm4j.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Operator messages for libpcap's failures (return codes from pcap/pcap.h). */
class LiveCaptureErrorsTest {
  @Test
  void noSuchDeviceListsTheInterfaces() {
    assertEquals("no capture interface named 'eth9'; available: eth0, lo (libpcap: No such"
        + " device exists)", LiveCaptureErrors.openFailure("eth9", -5, "No such device exists",
            List.of("eth0", "lo"), "/usr/bin/java"));
    assertEquals("no capture interface named 'eth9'; available: (libpcap could not list them)"
        + " (libpcap: eth9: No such device exists)", LiveCaptureErrors.openFailure("eth9", null,
            "eth9: No such device exists", null, "/usr/bin/java"));
  }

  @Test
  void permissionDeniedSaysRootOrCapabilities() {
    assertEquals("not permitted to capture on 'eth0': run as root, or give the java binary the"
        + " capture capabilities: sudo setcap cap_net_raw,cap_net_admin=eip /opt/jdk/bin/java"
        + " (libpcap: socket: Operation not permitted)", LiveCaptureErrors.openFailure("eth0",
            -8, "socket: Operation not permitted", List.of(), "/opt/jdk/bin/java"));
  }

  @Test
  void interfaceDown() {
    assertEquals("interface 'eth1' is down: bring it up first (ip link set eth1 up)"
        + " (libpcap: That device is not up)", LiveCaptureErrors.openFailure("eth1", -9,
            "That device is not up", List.of(), "java"));
  }

  @Test
  void anythingElseKeepsLibpcapsWords() {
    assertEquals("cannot capture on 'eth0': something odd", LiveCaptureErrors.openFailure(
        "eth0", -1, "something odd", List.of(), "java"));
  }

  @Test
  void optionsAreChecked() {
    LiveCaptureOptions d = LiveCaptureOptions.defaults();
    assertEquals(new LiveCaptureOptions("", 262_144, true, 100, 0), d);
    assertEquals(new LiveCaptureOptions("tcp", 96, false, 5, 1 << 24), d.withFilter("tcp")
        .withSnapLength(96).withPromiscuous(false).withReadTimeoutMillis(5)
        .withBufferBytes(1 << 24));
    assertEquals("", new LiveCaptureOptions(null, 1, true, 0, 0).filter());
    assertThrows(IllegalArgumentException.class, () -> d.withSnapLength(0));
    assertThrows(IllegalArgumentException.class, () -> d.withSnapLength(262_145));
    assertThrows(IllegalArgumentException.class, () -> d.withReadTimeoutMillis(-1));
    assertThrows(IllegalArgumentException.class, () -> d.withBufferBytes(-1));
  }
}
