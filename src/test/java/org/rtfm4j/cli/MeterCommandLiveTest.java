package org.rtfm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.capture.LiveCapture;

/**
 * {@code rtfm meter -i lo} end to end: datagrams this test sends on the loopback interface are
 * metered into one flow with the right counts, and --duration ends the capture and writes the
 * flows. Needs root and libpcap; skipped otherwise.
 */
class MeterCommandLiveTest {
  private static final int DATAGRAMS = 20;
  private static final int PAYLOAD = 100;

  @Test
  @Timeout(60)
  void metersLoopbackTrafficAndStopsAfterTheDuration(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(LiveCapture.libpcapVersion() != null, "libpcap not available");
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "not root");
    try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket sender = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int port = receiver.getLocalPort();
      Path flows = dir.resolve("flows.csv");
      Path stats = dir.resolve("stats.txt");
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      CompletableFuture<Integer> meter = CompletableFuture.supplyAsync(() -> Main.run(
          new String[] {"meter", "-i", "lo", "-f", "udp and port " + port, "-R",
              "rulesets/five-tuple.rules", "--duration", "4", "--flows-out", flows.toString(),
              "--stats-out", stats.toString()},
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8)));
      Thread.sleep(1500); // let libpcap open the interface
      byte[] payload = new byte[PAYLOAD];
      for (int i = 0; i < DATAGRAMS; i++) {
        sender.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(),
            port));
      }
      assertEquals(ExitCode.OK, (int) meter.get(), err.toString(StandardCharsets.UTF_8));
      List<String> lines = Files.readAllLines(flows);
      assertEquals(2, lines.size(), String.join("\n", lines));
      String[] f = lines.get(1).split(",", -1);
      assertEquals("127.0.0.1", f[8]);
      assertEquals("17", f[9]);
      assertEquals(Integer.toString(sender.getLocalPort()), f[10]);
      assertEquals(Integer.toString(port), f[17]);
      assertEquals(Integer.toString(DATAGRAMS * (20 + 8 + PAYLOAD)), f[18], "ToOctets");
      assertEquals(Integer.toString(DATAGRAMS), f[19], "ToPDUs");
      String s = Files.readString(stats);
      assertTrue(s.contains("packets.read=" + DATAGRAMS + "\n"), s);
      assertTrue(s.contains("interface.1.lost=0"), s);
    }
  }
}
