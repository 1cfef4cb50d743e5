package org.rtfm4j.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.rtfm4j.client.MeterTarget;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.VariableBinding;

/**
 * A storm of bad-community (SNMPv2c) and unknown-user (SNMPv3) datagrams, thousands a second
 * from two threads, while the examples' SNMPv3 manager sets flowInactivityTimeout in a loop
 * (issue 6): every SET succeeds at the first try, its latency is kept, and the agent counts the
 * storm (snmpInBadCommunityNames, RFC 3418; usmStatsUnknownUserNames, RFC 3414 §3.2 step 3).
 */
class StormTest {
  /**
   * Storm datagrams a second each storm thread aims at: 2,500 in the suite (5,000 together, to
   * fit a busy CI machine whose kernel may cap the agent's socket buffer at 208 KiB);
   * -Drtfm4j.storm.rate=N for more.
   */
  private static final int RATE_PER_THREAD = Integer.getInteger("rtfm4j.storm.rate", 2_500);
  private static final long STORM_MILLIS = 3_000;
  /** The storm paces itself in slices of this many milliseconds. */
  private static final int SLICE_MILLIS = 2;
  /** What the storm must reach at least, all threads together (issue 6: thousands a second). */
  private static final int MIN_RATE = 2_000;
  private static final long MAX_SET_MICROS = 1_000_000;
  private static final OID INACTIVITY_TIMEOUT = new OID("1.3.6.1.2.1.40.1.6.0");
  private static final OID BAD_COMMUNITY_NAMES = new OID("1.3.6.1.2.1.11.4.0");
  private static final OID UNKNOWN_USER_NAMES = new OID("1.3.6.1.6.3.15.1.1.3.0");
  private static final OID IN_PKTS = new OID("1.3.6.1.2.1.11.1.0");

  @Test
  void aStormOfBadCredentialsDoesNotStopALegitimateManager() throws Exception {
    try (HostileMeter m = new HostileMeter(1000)) {
      MeterClient rw = m.community(MeterTarget.Version.V2C, HostileMeter.RW, 2000, 1);
      byte[] engineId = ((OctetString) rw.get(HostileMeter.ENGINE_ID)).getValue();
      Map<String, byte[]> seeds = new HostileCorpus(
          WritableObjects.read(Path.of("mibs/FLOW-METER-MIB.txt")), engineId).seeds();
      byte[] badCommunity = seeds.get("get v1 private");
      byte[] unknownUser = seeds.get("v3 unknown user");
      // Resends as any manager makes them: a datagram the kernel drops when the agent's socket
      // buffer overflows (its size is capped by net.core.rmem_max) is not the agent's loss.
      MeterClient manager = m.open(HostileMeter.manager(m.port()), 2000, 2);
      manager.get(INACTIVITY_TIMEOUT); // engine discovery before the storm
      long[] before = counters(rw);
      long kernelDropsBefore = udpReceiveBufferErrors();

      Storm communities = new Storm(m.port(), badCommunity);
      Storm users = new Storm(m.port(), unknownUser);
      Thread t1 = new Thread(communities, "storm-bad-community");
      Thread t2 = new Thread(users, "storm-unknown-user");
      List<Long> micros = new ArrayList<>();
      long start = System.nanoTime();
      t1.start();
      t2.start();
      int value = 600;
      int failed = 0;
      while (System.nanoTime() - start < STORM_MILLIS * 1_000_000L) {
        value = value == 600 ? 601 : 600;
        long t = System.nanoTime();
        try {
          manager.set(List.of(new VariableBinding(INACTIVITY_TIMEOUT, new Integer32(value))));
          micros.add((System.nanoTime() - t) / 1000);
          assertEquals(value, m.meter.flowTable().inactivityTimeout());
        } catch (MeterException e) {
          failed++; // counted, so that the figures below are printed before the test fails
        }
      }
      communities.stop.set(true);
      users.stop.set(true);
      t1.join();
      t2.join();
      long stormMillis = (System.nanoTime() - start) / 1_000_000;
      // The storm's last datagrams are counted before this GET is answered (one reader thread).
      long[] after = counters(rw);
      long kernelDrops = udpReceiveBufferErrors() - kernelDropsBefore;
      communities.close();
      users.close();

      long sent = communities.sent.get() + users.sent.get();
      long rate = sent * 1000 / stormMillis;
      micros.sort(null);
      System.out.printf("StormTest: %d bad-community and %d unknown-user datagrams in %d ms"
              + " (%d a second; %d reports came back); %d SETs by the manager answered, %d"
              + " not: median %d us, max %d us; snmpInBadCommunityNames +%d,"
              + " usmStatsUnknownUserNames +%d; snmpInPkts +%d; UDP receive buffer drops +%d%n",
          communities.sent.get(), users.sent.get(), stormMillis, rate, users.answers.get(),
          micros.size(), failed, micros.get(micros.size() / 2), micros.get(micros.size() - 1),
          after[0] - before[0], after[1] - before[1], after[2] - before[2], kernelDrops);

      assertEquals(0, failed, "SETs the agent did not answer");

      assertTrue(rate >= MIN_RATE, "the storm reached only " + rate + " datagrams a second");
      // The 99th percentile, not the maximum: one SET may wait for a garbage collection or, on a
      // machine whose kernel caps the socket buffer, for a resend; the maximum is printed above.
      long p99 = micros.get(micros.size() * 99 / 100);
      assertTrue(p99 < MAX_SET_MICROS, "99% of SETs took up to " + p99 + " us");
      // Every storm datagram the kernel delivered is counted by its counter; what the kernel
      // dropped (a full socket buffer: RcvbufErrors in /proc/net/snmp, machine-wide) is the
      // only other place one may go. On this project's machine (rmem_max 4 MiB) that is none.
      long counted = (after[0] - before[0]) + (after[1] - before[1]);
      assertTrue(after[0] - before[0] <= communities.sent.get()
          && after[1] - before[1] <= users.sent.get(), "counted more than was sent");
      assertTrue(counted + kernelDrops >= sent, "storm datagrams neither counted nor dropped by"
          + " the kernel: sent " + sent + ", counted " + counted + ", kernel drops " + kernelDrops);
    }
  }

  /** Datagrams the kernel dropped for full UDP receive buffers (Linux), or 0 when unknown. */
  private static long udpReceiveBufferErrors() throws java.io.IOException {
    Path snmp = Path.of("/proc/net/snmp");
    if (!java.nio.file.Files.isReadable(snmp)) {
      return 0;
    }
    List<String> udp = java.nio.file.Files.readAllLines(snmp).stream()
        .filter(l -> l.startsWith("Udp: ")).toList();
    if (udp.size() < 2) {
      return 0;
    }
    List<String> names = List.of(udp.get(0).split(" "));
    int i = names.indexOf("RcvbufErrors");
    return i < 0 ? 0 : Long.parseLong(udp.get(1).split(" ")[i]);
  }

  private static long[] counters(MeterClient c) throws Exception {
    List<VariableBinding> l = c.get(List.of(BAD_COMMUNITY_NAMES, UNKNOWN_USER_NAMES, IN_PKTS));
    return new long[] {l.get(0).getVariable().toLong(), l.get(1).getVariable().toLong(),
        l.get(2).getVariable().toLong()};
  }

  /** One storm thread: the same datagram, paced to its rate, answers read and counted. */
  private static final class Storm implements Runnable {
    private final DatagramSocket socket;
    private final DatagramPacket packet;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong answers = new AtomicLong();

    Storm(int port, byte[] datagram) throws Exception {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      packet = new DatagramPacket(datagram, datagram.length,
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      Thread reader = new Thread(this::readAnswers, "storm-answers");
      reader.setDaemon(true);
      reader.start();
    }

    @Override
    public void run() {
      long start = System.nanoTime();
      try {
        while (!stop.get()) {
          // As many as the rate allows by now, then a short sleep.
          long due = (System.nanoTime() - start) / 1_000_000L * RATE_PER_THREAD / 1000;
          while (sent.get() < due) {
            socket.send(packet);
            sent.incrementAndGet();
          }
          Thread.sleep(SLICE_MILLIS);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private void readAnswers() {
      byte[] buf = new byte[65_535];
      while (!socket.isClosed()) {
        try {
          socket.receive(new DatagramPacket(buf, buf.length));
          answers.incrementAndGet();
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    void close() throws InterruptedException {
      Thread.sleep(200); // the last reports
      socket.close();
    }
  }
}
