package org.rtfm4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code rtfm meter ... --snmp 127.0.0.1:PORT --serve --flows-out F --stats-out S} in this JVM,
 * as a meter readers collect from: its flow CSV is the truth they are compared with.
 */
final class ServedMeter implements AutoCloseable {
  static final String LOOPBACK = "127.0.0.1";
  /** A community that may write (flowReaderInfoTable rows). */
  static final String RW = "rtfm-test-rw";
  private static final long WAIT_SECONDS = 60;

  final int port;
  final Path flows;
  final Path stats;
  private final Thread thread;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private ServedMeter(int port, Path flows, Path stats, List<String> args) {
    this.port = port;
    this.flows = flows;
    this.stats = stats;
    PrintStream p = new PrintStream(log, true, StandardCharsets.UTF_8);
    this.thread = new Thread(() -> Main.run(args.toArray(new String[0]), p, p, stop),
        "served-meter-" + port);
  }

  /** Starts the meter with {@code meterArgs} (capture, rule files, ...) plus serving options. */
  static ServedMeter start(Path dir, String... meterArgs) throws Exception {
    int port = freePort();
    Path flows = dir.resolve("meter-" + port + ".csv");
    Path stats = dir.resolve("meter-" + port + ".stats");
    List<String> args = new ArrayList<>(List.of("meter", "-q"));
    args.addAll(List.of(meterArgs));
    args.addAll(List.of("--snmp", LOOPBACK + ":" + port, "--serve", "--flows-out",
        flows.toString(), "--stats-out", stats.toString()));
    if (!args.contains("--config")) {
      args.addAll(List.of("--rw-community", RW));
    }
    ServedMeter m = new ServedMeter(port, flows, stats, args);
    m.thread.start();
    return m;
  }

  /** {@link #start}, then waits until the capture is metered (the meter only serves). */
  static ServedMeter metered(Path dir, String... meterArgs) throws Exception {
    ServedMeter m = start(dir, meterArgs);
    try {
      m.awaitMetered();
    } catch (Exception | AssertionError e) {
      m.close();
      throw e;
    }
    return m;
  }

  static int freePort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(
        new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0))) {
      return s.getLocalPort();
    }
  }

  /** Waits until the capture is metered and the flows written; returns the summary. */
  String awaitMetered() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (Files.exists(stats)) {
        String text = Files.readString(stats, StandardCharsets.UTF_8);
        if (text.contains("seconds=")) {
          return text;
        }
      }
      if (!thread.isAlive()) {
        throw new AssertionError("the meter ended: " + log());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the meter did not finish metering: " + log());
  }

  /** A figure of the summary, e.g. flows.active. */
  long figure(String key) throws Exception {
    for (String line : awaitMetered().lines().toList()) {
      if (line.startsWith(key + "=")) {
        return Long.parseLong(line.substring(key.length() + 1));
      }
    }
    throw new AssertionError("no " + key + " in the summary");
  }

  /** The CSV lines of the flows left in the table (the file ends with them), without header. */
  List<String> tableLines() throws Exception {
    long active = figure("flows.active");
    List<String> lines = Files.readAllLines(flows, StandardCharsets.UTF_8);
    return new ArrayList<>(lines.subList(lines.size() - (int) active, lines.size()));
  }

  /** Every flow line of the CSV (recovered flows and the table's), without header. */
  List<String> allLines() throws Exception {
    awaitMetered();
    List<String> lines = Files.readAllLines(flows, StandardCharsets.UTF_8);
    return new ArrayList<>(lines.subList(1, lines.size()));
  }

  String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    stop.countDown();
    thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
  }
}
