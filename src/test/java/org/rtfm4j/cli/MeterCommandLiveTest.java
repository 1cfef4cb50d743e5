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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

  @ParameterizedTest(name = "--threads {0}")
  @ValueSource(ints = {1, 2})
  @Timeout(60)
  void metersLoopbackTrafficAndStopsAfterTheDuration(int threads, @TempDir Path dir)
      throws Exception {
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
              "--stats-out", stats.toString(), "--threads", Integer.toString(threads)},
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

  /**
   * With -i the agent answers while the capture runs: the datagrams sent meanwhile show up in
   * flowActiveFlows and in RTFM4J-METER-MIB's packets read before the capture ends.
   */
  @Test
  @Timeout(60)
  void servesSnmpWhileCapturing() throws Exception {
    Assumptions.assumeTrue(LiveCapture.libpcapVersion() != null, "libpcap not available");
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "not root");
    Assumptions.assumeTrue(org.rtfm4j.testutil.Command.onPath("snmpget"), "no snmpget");
    int snmpPort;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      snmpPort = s.getLocalPort();
    }
    try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket sender = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int port = receiver.getLocalPort();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      long started = System.nanoTime();
      CompletableFuture<Integer> meter = CompletableFuture.supplyAsync(() -> Main.run(
          new String[] {"meter", "-i", "lo", "-f", "udp and port " + port, "-R",
              "rulesets/five-tuple.rules", "--duration", "8", "--flows-out", "/dev/null",
              "--snmp", "127.0.0.1:" + snmpPort},
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8)));
      Thread.sleep(1500); // let libpcap open the interface
      byte[] payload = new byte[PAYLOAD];
      for (int i = 0; i < DATAGRAMS; i++) {
        sender.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(),
            port));
      }
      String read = "";
      for (int tries = 0; tries < 40 && !read.equals(DATAGRAMS + " 1"); tries++) {
        Thread.sleep(100);
        read = org.rtfm4j.testutil.Command.run(List.of("snmpget", "-v2c", "-c", "public", "-On",
            "-Oqv", "-t", "1", "-r", "0", "127.0.0.1:" + snmpPort,
            ".1.3.6.1.3.2722.1.1.1.0", ".1.3.6.1.2.1.40.1.7.0")).out().strip()
            .replace('\n', ' ');
      }
      assertTrue(!meter.isDone(), "the capture ended before the agent was asked");
      assertTrue(System.nanoTime() - started < 8_000_000_000L, "asked too late to prove it");
      // packets read, then flowActiveFlows: all datagrams, one flow.
      assertEquals(DATAGRAMS + " 1", read, err.toString(StandardCharsets.UTF_8));
      assertEquals(ExitCode.OK, (int) meter.get(), err.toString(StandardCharsets.UTF_8));
    }
  }
}
