package org.rtfm4j.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.rtfm4j.capture.CaptureInterface;
import org.rtfm4j.capture.PacketSink;
import org.rtfm4j.capture.PacketSource;
import org.rtfm4j.testutil.Frames;

/**
 * Control from other threads (the SNMP agent) while a packet thread runs: destroying a rule set
 * (RFC 2720 flowRuleInfoStatus destroy) removes its flows on the packet thread, between packets,
 * or at once when no packet thread runs; the interfaces the meter learns from its sources.
 */
class MeterControlTest {
  private static final long SECOND = 1_000_000_000L;
  private static final int ETHERNET = 1;
  private static final int FIVE = 5;

  private final Meter meter = new Meter(1000, MeterClock.packetTime(), OctetCounting.IP);
  private final List<Integer> recovered = new ArrayList<>();

  MeterControlTest() {
    meter.flowTable().setRecoveryListener((t, slot) -> recovered.add(t.ruleSet(slot)));
  }

  private void send(long t, int sport) {
    byte[] f = Frames.ipv4("10.0.0.1", sport, "10.0.0.2", 80, 6, 100);
    meter.sink().packet(1, ETHERNET, t, f, 0, f.length, f.length);
  }

  private void runFiveTuple() {
    meter.addRuleSet(MeterTest.fiveTuple(FIVE));
    meter.setTask(1, FIVE, 0, 0);
  }

  @Test
  void withoutAPacketThreadDestroyRemovesTheFlowsAtOnce() {
    runFiveTuple();
    send(SECOND, 1001);
    send(SECOND, 1002);
    send(SECOND, 1003);
    assertEquals(3, meter.flowTable().flowRecords(FIVE));
    assertTrue(meter.ruleSetLive(FIVE));
    meter.removeTask(1);
    assertTrue(meter.destroyRuleSet(FIVE));
    assertFalse(meter.ruleSetLive(FIVE));
    assertNull(meter.ruleSet(FIVE));
    assertEquals(0, meter.flowTable().flowRecords(FIVE));
    assertEquals(0, meter.flowTable().activeFlows());
    // The flows were handed to the recovery listener first: a flow file keeps them.
    assertEquals(List.of(FIVE, FIVE, FIVE), recovered);
    assertFalse(meter.destroyRuleSet(FIVE), "already gone");
  }

  @Test
  void duringACaptureTheFlowsGoBetweenTwoPacketsAndAreNotLiveMeanwhile() {
    runFiveTuple();
    Meter.CaptureSession session = meter.captureSession();
    try {
      send(SECOND, 1001);
      send(SECOND, 1002);
      meter.removeTask(1);
      meter.destroyRuleSet(FIVE);
      // Queued for the packet thread: still in the table, but not the live rule set's.
      assertEquals(2, meter.flowTable().flowRecords(FIVE));
      assertFalse(meter.ruleSetLive(FIVE));
      // A new rule set 5 is not live either while the old one's flows wait.
      runFiveTuple();
      assertFalse(meter.ruleSetLive(FIVE));
      send(2 * SECOND, 2001);
      // The packet thread removed the old flows before it metered the packet.
      assertEquals(List.of(FIVE, FIVE), recovered);
      assertEquals(1, meter.flowTable().flowRecords(FIVE));
      assertTrue(meter.ruleSetLive(FIVE));
    } finally {
      session.close();
    }
  }

  @Test
  void endingTheCaptureRunsWhatIsQueuedThenActionsRunAtOnce() {
    runFiveTuple();
    Meter.CaptureSession s = meter.captureSession();
    send(SECOND, 1001);
    meter.removeTask(1);
    meter.destroyRuleSet(FIVE);
    assertEquals(1, meter.flowTable().flowRecords(FIVE));
    s.close();
    assertEquals(0, meter.flowTable().flowRecords(FIVE));
    assertEquals(List.of(FIVE), recovered);
    Meter.CaptureSession first = meter.captureSession();
    // Two packet threads at once: refused.
    assertThrows(IllegalStateException.class, meter::captureSession);
    first.close();
  }

  @Test
  void theBuiltInRuleSetAndRuleSetsATaskRunsCannotBeDestroyed() {
    runFiveTuple();
    assertThrows(IllegalArgumentException.class, () -> meter.destroyRuleSet(1));
    assertThrows(IllegalArgumentException.class, () -> meter.destroyRuleSet(FIVE));
    assertTrue(meter.ruleSetLive(FIVE));
  }

  @Test
  void destroyingFromAnotherThreadWhilePacketsFlowLosesNothing() throws Exception {
    runFiveTuple();
    int rounds = 50;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread control = new Thread(() -> {
      try {
        for (int i = 0; i < rounds; i++) {
          meter.addRuleSet(MeterTest.fiveTuple(6));
          meter.setTask(2, 6, 0, 0);
          // Let the packet thread remove the last round's flows and make new ones.
          long deadline = System.nanoTime() + 5 * SECOND;
          while (!(meter.ruleSetLive(6) && meter.flowTable().flowRecords(6) > 0)
              && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
          meter.removeTask(2);
          meter.destroyRuleSet(6);
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "control");
    Meter.CaptureSession session = meter.captureSession();
    try {
      control.start();
      int port = 1;
      while (control.isAlive()) {
        send(SECOND + port, 1000 + (port++ % 500));
      }
      control.join();
    } finally {
      session.close();
    }
    assertNull(failure.get());
    // Each round destroyed at least one flow of rule set 6.
    assertTrue(recovered.stream().filter(n -> n == 6).count() >= rounds, recovered.toString());
    // Every flow of the destroyed rule sets went; the other rule set's are all still there.
    assertEquals(0, meter.flowTable().flowRecords(6));
    assertEquals(meter.flowTable().flowRecords(FIVE), meter.flowTable().activeFlows());
    assertFalse(meter.ruleSetLive(6));
  }

  @Test
  void interfacesComeFromThePacketSourcesAndALaterSourceWins() {
    assertEquals(List.of(), meter.interfaces());
    meter.addInterfaces(new FakeSource(List.of(new CaptureInterface(1, "a.pcap", ETHERNET)),
        new long[] {0, 0}));
    FakeSource live = new FakeSource(List.of(new CaptureInterface(1, "eth0", ETHERNET),
        new CaptureInterface(2, "eth1", ETHERNET)), new long[] {0, 7, 9});
    meter.addInterfaces(live);
    assertEquals(List.of(new Meter.MeterInterface(1, "eth0", 7),
        new Meter.MeterInterface(2, "eth1", 9)), meter.interfaces());
    live.lost[2] = 10;
    assertEquals(10, meter.interfaces().get(1).lostPackets(), "read now, not copied");
  }

  /** A source that only reports interfaces and losses. */
  static final class FakeSource implements PacketSource {
    final List<CaptureInterface> interfaces;
    final long[] lost;

    FakeSource(List<CaptureInterface> interfaces, long[] lost) {
      this.interfaces = interfaces;
      this.lost = lost;
    }

    @Override
    public void run(PacketSink sink) {}

    @Override
    public void stop() {}

    @Override
    public List<CaptureInterface> interfaces() {
      return interfaces;
    }

    @Override
    public long lostPackets(int interfaceNumber) {
      return lost[interfaceNumber];
    }

    @Override
    public void close() {}
  }
}
