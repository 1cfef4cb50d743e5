package org.rtfm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.testutil.Command;

/**
 * {@code rtfm meter --snmp --serve} serves flowDataTable: the flows of its own --flows-out, also
 * when several threads hold parts of the flow table ({@code --threads}).
 */
class MeterCommandFlowDataTest {
  /** flowDataToOctets (RFC 2720: flowData 2, flowDataTable 1, entry 1, column 27). */
  private static final String TO_OCTETS = ".1.3.6.1.2.1.40.2.1.1.27";
  private static final long WAIT_SECONDS = 30;

  @ParameterizedTest(name = "{0} --threads {1}")
  @CsvSource({"examples/stun.pcap, 1", "examples/stun.pcap, 2",
      "src/test/resources/captures/teredo.pcap, 2", "src/test/resources/captures/teredo.pcap, 3"})
  void servesTheFlowsItWrote(String capture, int threads, @TempDir Path dir) throws Exception {
    assumeTrue(Command.onPath("snmpbulkwalk"), "snmpbulkwalk not installed (Debian package snmp)");
    int port;
    try (DatagramSocket s = new DatagramSocket(
        new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
      port = s.getLocalPort();
    }
    Path csv = dir.resolve("flows.csv");
    Path stats = dir.resolve("stats.txt");
    CountDownLatch stop = new CountDownLatch(1);
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Thread meter = new Thread(() -> Main.run(new String[] {"meter", "-q", "-r",
        capture, "-R", "rulesets/five-tuple.rules", "-R", "rulesets/host-pairs.rules",
        "--snmp", "127.0.0.1:" + port, "--serve", "--flows-out", csv.toString(),
        "--stats-out", stats.toString(), "--threads", Integer.toString(threads)}, sink, sink,
        stop), "meter-under-test");
    meter.start();
    try {
      long active = awaitActive(stats);
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      // Flows recovered while metering come first in the CSV; the table's flows end it.
      TreeMap<String, String> expected = new TreeMap<>();
      Set<Integer> parts = new TreeSet<>();
      for (String line : lines.subList(lines.size() - (int) active, lines.size())) {
        String[] f = line.split(",", -1);
        expected.put(TO_OCTETS + "." + f[0] + ".0." + f[1], f[18]); // RuleSet, FlowIndex, ToOctets
        parts.add((Integer.parseInt(f[1]) - 1) % threads); // FlowIndex - 1 = slot, its part
      }
      if (threads > 2 && capture.contains("teredo")) {
        // teredo.pcap's five conversations are spread over more than one thread's part.
        assertTrue(parts.size() > 1, "every flow in one part: " + parts);
      }
      Command.Result r = Command.run(List.of("snmpbulkwalk", "-v2c", "-c", "public", "-On",
          "-Oq", "-t", "5", "-r", "0", "127.0.0.1:" + port, TO_OCTETS));
      assertEquals(0, r.exitCode(), r.out());
      TreeMap<String, String> served = new TreeMap<>();
      r.out().lines().map(l -> l.split(" ")).forEach(p -> served.put(p[0], p[1]));
      assertEquals(expected, served);
    } finally {
      stop.countDown();
      meter.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }
  }

  private static long awaitActive(Path stats) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (Files.exists(stats)) {
        String text = Files.readString(stats, StandardCharsets.UTF_8);
        if (text.contains("seconds=")) {
          for (String line : text.lines().toList()) {
            if (line.startsWith("flows.active=")) {
              return Long.parseLong(line.substring("flows.active=".length()));
            }
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no summary in " + stats);
  }
}
