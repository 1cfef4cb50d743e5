package org.rtfm4j.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Per packet, interface, timestamp, wire and captured length as Wireshark reads them
 * ({@code tshark -T fields -e frame.time_epoch ...}): microsecond and nanosecond pcap, pcapng
 * with several interfaces and if_tsresol 9.
 */
class TsharkTimestampTest {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int NANO_DIGITS = 9;

  @TempDir Path tmp;

  @BeforeEach
  void tshark() {
    Assumptions.assumeTrue(ExternalTools.available("tshark"), "tshark not installed");
  }

  static Path resource(String name) throws URISyntaxException {
    return Path.of(TsharkTimestampTest.class.getResource("/captures/" + name).toURI());
  }

  /**
   * frame.time_epoch as nanoseconds: seconds, then the fraction. tshark 4.0 prints the stored
   * fraction as it is even when it is not below one second ("1418145370.1000000000") and
   * prefixes a sign when it reaches 2^31; pcap defines the time as seconds plus the fraction
   * (draft-ietf-opsawg-pcap §5), so digits beyond nine are still nanoseconds.
   */
  static long epochNanos(String epoch) {
    String s = epoch.startsWith("-") ? epoch.substring(1) : epoch;
    int dot = s.indexOf('.');
    String fraction = s.substring(dot + 1);
    while (fraction.length() < NANO_DIGITS) {
      fraction += "0";
    }
    return Long.parseLong(s.substring(0, dot)) * NANOS_PER_SECOND + Long.parseLong(fraction);
  }

  /** Compares every packet; returns how many. */
  static int compare(Path file) throws CaptureException {
    RecordingSink sink = new RecordingSink();
    try (CaptureFile capture = CaptureFiles.open(file)) {
      capture.run(sink);
    }
    List<String> lines = ExternalTools.run("tshark", "-n", "-r", file.toString(), "-T",
        "fields", "-e", "frame.interface_id", "-e", "frame.time_epoch", "-e", "frame.len",
        "-e", "frame.cap_len").lines();
    assertEquals(lines.size(), sink.size(), file + " packets");
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t", -1);
      RecordingSink.Packet p = sink.get(i);
      String what = file.getFileName() + " packet " + (i + 1);
      // Single-section files: tshark's interface id is the IDB index (0 for pcap).
      assertEquals(f[0].isEmpty() ? 1 : Integer.parseInt(f[0]) + 1, p.interfaceNumber(),
          what + " interface");
      assertEquals(epochNanos(f[1]), p.timestampNanos(), what + " timestamp " + f[1]);
      assertEquals(Integer.parseInt(f[2]), p.wireLength(), what + " wire length");
      assertEquals(Integer.parseInt(f[3]), p.capturedLength(), what + " captured length");
    }
    return lines.size();
  }

  @ParameterizedTest
  @ValueSource(strings = {"teredo.pcap", "nfsv3.pcap", "gre.pcapng", "dns-google-nsid.pcapng",
      "timestamp_invalid_nano.pcap"})
  void smallCaptures(String name) throws Exception {
    assertTrue(compare(resource(name)) > 0);
  }

  @Test
  void nanosecondPcapWrittenByEditcap() throws Exception {
    Assumptions.assumeTrue(ExternalTools.available("editcap"), "editcap not installed");
    Path nanos = tmp.resolve("teredo-ns.pcap");
    ExternalTools.Result r = ExternalTools.run("editcap", "-F", "nsecpcap",
        resource("teredo.pcap").toString(), nanos.toString());
    assertEquals(0, r.exitCode(), r.err());
    try (CaptureFile capture = CaptureFiles.open(nanos)) {
      assertEquals("pcap", capture.format());
    }
    assertEquals(ExternalTools.tcpdumpCount(resource("teredo.pcap")), compare(nanos));
  }

  @Test
  void pcapngWithNanosecondInterfacesFromTheCorpus() throws Exception {
    Path corpus = ExternalTools.corpus();
    Assumptions.assumeTrue(corpus != null, "corpus not found (system property rtfm4j.corpus)");
    // steam.pcapng: 4 interfaces with if_tsresol 9; stun.pcap is pcapng with 5 interfaces.
    for (String name : new String[] {"ndpi/steam.pcapng", "ndpi/stun.pcap",
        "ndpi/anydesk.pcapng"}) {
      Path file = corpus.resolve(name);
      Assumptions.assumeTrue(Files.isRegularFile(file), name);
      assertTrue(compare(file) > 0, name);
    }
  }
}
