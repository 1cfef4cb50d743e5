package org.rtfm4j.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture on the loopback interface of traffic the test sends itself (UDP to a local port,
 * with a BPF filter for that port). Needs root (or CAP_NET_RAW) and libpcap; skipped otherwise.
 */
@Timeout(60)
class LiveCaptureTest {
  private static final int DATAGRAMS = 20;
  private static final int ETHERNET = 1;
  /** Linux lo frames: a 14-byte Ethernet header, IPv4 (20) and UDP (8) before the payload. */
  private static final int HEADERS = 14 + 20 + 8;
  private static final long WAIT_SECONDS = 10;

  private DatagramSocket receiver;
  private int port;

  @BeforeEach
  void needsCapturePrivileges() throws IOException {
    Assumptions.assumeTrue(LiveCapture.libpcapVersion() != null, "libpcap not available");
    Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    Assumptions.assumeTrue(Integer.valueOf(0).equals(uid), "not root");
  }

  private void listen() throws IOException {
    receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    port = receiver.getLocalPort();
  }

  private String filter() {
    return "udp and dst host 127.0.0.1 and dst port " + port;
  }

  private static byte[] payload(int i, int length) {
    byte[] p = new byte[length];
    Arrays.fill(p, (byte) i);
    p[0] = (byte) 0xab;
    return p;
  }

  private void send(int count, int length) throws IOException {
    try (DatagramSocket sender = new DatagramSocket()) {
      for (int i = 0; i < count; i++) {
        byte[] p = payload(i, length);
        sender.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), port));
      }
    }
  }

  /** Runs the capture in a thread until {@code expected} packets arrived or time ran out. */
  private static Thread start(LiveCapture capture, PacketSink sink, List<Throwable> errors) {
    Thread t = new Thread(() -> {
      try {
        capture.run(sink);
      } catch (CaptureException | RuntimeException e) {
        errors.add(e);
      }
    }, "live-capture-test");
    t.start();
    return t;
  }

  @Test
  void loopbackDeliversWhatTheTestSent() throws Exception {
    listen();
    RecordingSink recorded = new RecordingSink();
    CountDownLatch all = new CountDownLatch(DATAGRAMS);
    List<Throwable> errors = new ArrayList<>();
    long before;
    long after;
    try (LiveCapture capture = LiveCapture.open(List.of("lo"), LiveCaptureOptions.defaults()
        .withFilter(filter()).withPromiscuous(false).withReadTimeoutMillis(20))) {
      assertEquals(List.of(new CaptureInterface(1, "lo", ETHERNET)), capture.interfaces());
      Thread t = start(capture, (i, l, ts, d, o, c, w) -> {
        recorded.packet(i, l, ts, d, o, c, w);
        all.countDown();
      }, errors);
      before = System.currentTimeMillis() * 1_000_000L;
      send(DATAGRAMS, 100);
      assertTrue(all.await(WAIT_SECONDS, TimeUnit.SECONDS), "captured " + recorded.size());
      after = System.currentTimeMillis() * 1_000_000L;
      capture.stop();
      t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      assertFalse(t.isAlive(), "run() did not return after stop()");
      assertEquals(DATAGRAMS, capture.packetsRead(1));
      assertTrue(capture.lostPackets(1) >= 0);
    }
    assertEquals(List.of(), errors);
    assertEquals(DATAGRAMS, recorded.size());
    for (int i = 0; i < DATAGRAMS; i++) {
      RecordingSink.Packet p = recorded.get(i);
      assertEquals(1, p.interfaceNumber());
      assertEquals(ETHERNET, p.linkType());
      assertEquals(HEADERS + 100, p.wireLength());
      assertEquals(HEADERS + 100, p.capturedLength());
      assertArrayEquals(payload(i, 100), Arrays.copyOfRange(p.data(), HEADERS, HEADERS + 100));
      // The kernel's clock and ours: allow for millisecond rounding.
      assertTrue(p.timestampNanos() >= before - 1_000_000_000L
          && p.timestampNanos() <= after + 1_000_000_000L, "timestamp " + p.timestampNanos());
    }
    receiver.close();
  }

  @Test
  void snapLengthKeepsTheWireLength() throws Exception {
    listen();
    RecordingSink recorded = new RecordingSink();
    CountDownLatch all = new CountDownLatch(3);
    List<Throwable> errors = new ArrayList<>();
    try (LiveCapture capture = LiveCapture.open(List.of("loop"), LiveCaptureOptions.defaults()
        .withFilter(filter()).withSnapLength(60).withReadTimeoutMillis(20))) {
      Thread t = start(capture, (i, l, ts, d, o, c, w) -> {
        recorded.packet(i, l, ts, d, o, c, w);
        all.countDown();
      }, errors);
      send(3, 1000);
      assertTrue(all.await(WAIT_SECONDS, TimeUnit.SECONDS), "captured " + recorded.size());
      capture.stop();
      t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }
    assertEquals(List.of(), errors);
    for (RecordingSink.Packet p : recorded.packets) {
      assertEquals(60, p.capturedLength());
      assertEquals(HEADERS + 1000, p.wireLength());
    }
    receiver.close();
  }

  @Test
  void twoInterfacesAreNumberedInOrderAndNeverDeliverAtOnce() throws Exception {
    listen();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    int[] perInterface = new int[3];
    CountDownLatch all = new CountDownLatch(2 * DATAGRAMS);
    List<Throwable> errors = new ArrayList<>();
    try (LiveCapture capture = LiveCapture.open(List.of("lo", "loop"), LiveCaptureOptions
        .defaults().withFilter(filter()).withReadTimeoutMillis(10))) {
      assertEquals(List.of(1, 2), capture.interfaces().stream().map(CaptureInterface::number)
          .toList());
      Thread t = start(capture, (i, l, ts, d, o, c, w) -> {
        if (inside.incrementAndGet() != 1) {
          overlaps.incrementAndGet();
        }
        perInterface[i]++;
        Thread.onSpinWait();
        inside.decrementAndGet();
        all.countDown();
      }, errors);
      send(DATAGRAMS, 50);
      assertTrue(all.await(WAIT_SECONDS, TimeUnit.SECONDS), "captured " + Arrays.toString(
          perInterface));
      capture.stop();
      t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      assertFalse(t.isAlive());
    }
    assertEquals(List.of(), errors);
    assertEquals(0, overlaps.get());
    assertEquals(DATAGRAMS, perInterface[1]);
    assertEquals(DATAGRAMS, perInterface[2]);
    receiver.close();
  }

  @Test
  void stopBreaksAnIdleLoopPromptly() throws Exception {
    listen();
    List<Throwable> errors = new ArrayList<>();
    try (LiveCapture capture = LiveCapture.open(List.of("lo"), LiveCaptureOptions.defaults()
        .withFilter(filter()).withReadTimeoutMillis(1000))) {
      Thread t = start(capture, (i, l, ts, d, o, c, w) -> { }, errors);
      Thread.sleep(300);
      long start = System.nanoTime();
      capture.stop();
      t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      assertFalse(t.isAlive(), "run() did not return after stop()");
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "slow stop");
      // Stopped stays stopped.
      capture.run((i, l, ts, d, o, c, w) -> { });
    }
    assertEquals(List.of(), errors);
    receiver.close();
  }

  @Test
  void sinkFailureStopsTheCaptureAndComesOutOfRun() throws Exception {
    listen();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    try (LiveCapture capture = LiveCapture.open(List.of("lo"), LiveCaptureOptions.defaults()
        .withFilter(filter()).withReadTimeoutMillis(20))) {
      Thread t = new Thread(() -> {
        try {
          capture.run((i, l, ts, d, o, c, w) -> {
            throw new IllegalStateException("sink broke");
          });
        } catch (CaptureException | RuntimeException e) {
          thrown.set(e);
        }
      });
      t.start();
      send(3, 10);
      t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      assertFalse(t.isAlive());
    }
    assertEquals("sink broke", thrown.get().getMessage());
    receiver.close();
  }

  @Test
  void unknownInterfaceSaysWhatExists() {
    CaptureException e = assertThrows(CaptureException.class, () -> LiveCapture.open(
        List.of("rtfm4j-none0"), LiveCaptureOptions.defaults()));
    assertTrue(e.getMessage().startsWith("no capture interface named 'rtfm4j-none0'; available: "),
        e.getMessage());
    assertTrue(e.getMessage().contains("lo"), e.getMessage());
  }

  @Test
  void badFilterIsReported() {
    CaptureException e = assertThrows(CaptureException.class, () -> LiveCapture.open(
        List.of("lo"), LiveCaptureOptions.defaults().withFilter("udp port (")));
    assertTrue(e.getMessage().startsWith("BPF filter 'udp port (' does not compile for 'lo': "),
        e.getMessage());
  }

  /** A JVM run as "nobody" is told how to get the right to capture. */
  @Test
  void unprivilegedUserIsToldWhatToDo(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(ExternalTools.available("runuser"), "runuser not installed");
    Assumptions.assumeTrue(ExternalTools.run("id", "-u", "nobody").exitCode() == 0, "no nobody");
    // nobody cannot read ~/.m2 or target/: copy what the probe needs to a readable place.
    List<String> classpath = new ArrayList<>();
    for (Class<?> c : new Class<?>[] {LiveCapture.class, LiveCaptureProbe.class,
        org.pcap4j.core.Pcaps.class, com.sun.jna.Native.class, org.slf4j.LoggerFactory.class}) {
      Path from = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path to = tmp.resolve("cp" + classpath.size() + (Files.isDirectory(from) ? "" : ".jar"));
      copy(from, to);
      classpath.add(to.toString());
    }
    ExternalTools.run("chmod", "-R", "a+rX", tmp.toString());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ExternalTools.Result r = ExternalTools.run("runuser", "-u", "nobody", "--", java, "-cp",
        String.join(":", classpath), LiveCaptureProbe.class.getName(), "lo");
    assertTrue(r.out().startsWith("not permitted to capture on 'lo': run as root, or give the"
        + " java binary the capture capabilities: sudo setcap cap_net_raw,cap_net_admin=eip "),
        r.out() + r.err());
  }

  private static void copy(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      Files.copy(from, to);
      return;
    }
    try (java.util.stream.Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @Test
  void secondInterfaceFailingReleasesTheFirst() {
    assertThrows(CaptureException.class, () -> LiveCapture.open(List.of("lo", "rtfm4j-none0"),
        LiveCaptureOptions.defaults()));
  }
}
