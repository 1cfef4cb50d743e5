package org.rtfm4j.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.meter.MeterStatistics.Disposition;
import org.rtfm4j.packet.FragmentTable;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.testutil.Frames;

/**
 * A meter that matches on several threads ({@code --threads}) keeps flowMaxFlows, flood mode,
 * high-water marks and rule-set destruction as one thread does: each scenario runs with 1, 2 and
 * 3 threads and must give the same figures.
 */
class MeterThreadsTest {
  private static final long SECOND = 1_000_000_000L;
  private static final int ETHERNET = 1;
  private static final int[] THREADS = {1, 2, 3};

  private static RuleSet rules(String file) throws Exception {
    return RuleFileParser.parse(Path.of("rulesets", file));
  }

  private static Meter meter(int maxFlows, int threads, RuleSet... sets) {
    Meter m = new Meter(maxFlows, MeterClock.packetTime(), OctetCounting.IP, new FragmentTable(),
        threads);
    int task = 1;
    for (RuleSet rs : sets) {
      m.addRuleSet(rs);
      m.setTask(task++, rs.number(), 0, 0);
    }
    return m;
  }

  /** A TCP packet of conversation {@code i}: hosts spread over many address pairs. */
  private static void send(Meter m, long t, int i) {
    byte[] f = Frames.ipv4("10." + (i % 7) + "." + (i % 13) + "." + (i % 251), 1000 + i,
        "192.168." + (i % 5) + "." + (1 + i % 17), 80, 6, 10);
    m.sink().packet(1, ETHERNET, t, f, 0, f.length, f.length);
  }

  @Test
  void aFullTableRefusesTheSameFlowsWhateverTheThreads() throws Exception {
    List<String> seen = new ArrayList<>();
    for (int threads : THREADS) {
      Meter m = meter(10, threads, rules("five-tuple.rules"));
      m.setFloodMark(0);
      Meter.CaptureSession session = m.captureSession();
      for (int i = 0; i < 30; i++) {
        send(m, SECOND, i);
      }
      session.close();
      FlowTable t = m.flowTable();
      seen.add(t.activeFlows() + " active, " + t.refusedFlows() + " refused, "
          + m.statistics().get(Disposition.REFUSED) + " packets refused, "
          + m.statistics().get(Disposition.COUNTED) + " counted");
      m.close();
    }
    assertEquals("10 active, 20 refused, 20 packets refused, 10 counted", seen.get(0));
    assertEquals(List.of(seen.get(0), seen.get(0), seen.get(0)), seen);
  }

  @Test
  void floodModeRecoversEveryIdleFlowOnEveryThread() throws Exception {
    for (int threads : THREADS) {
      Meter m = meter(100, threads, rules("five-tuple.rules"));
      m.flowTable().setInactivityTimeout(10);
      m.setFloodMark(50);
      AtomicInteger recovered = new AtomicInteger();
      m.flowTable().setRecoveryListener((t, s) -> recovered.incrementAndGet());
      Meter.CaptureSession session = m.captureSession();
      for (int i = 0; i < 40; i++) {
        send(m, SECOND, i); // idle from t = 11 s on
      }
      for (int i = 40; i < 80; i++) {
        send(m, 5 * SECOND, i); // not idle at t = 12 s
      }
      m.awaitMatched();
      assertTrue(m.floodMode(), threads + " threads: 80 of 100 flows is past the 50% mark");
      for (int i = 100; i < 140; i++) {
        send(m, 12 * SECOND, i); // new flows: each thread sweeps its part once
      }
      session.close();
      assertEquals(40, recovered.get(), threads + " threads: the 40 idle flows recovered");
      assertEquals(80, m.flowTable().activeFlows(), threads + " threads");
      m.close();
    }
  }

  @Test
  void highWaterMarkSwitchesToStandbyOnAnyThread() throws Exception {
    for (int threads : THREADS) {
      Meter m = meter(100, threads);
      m.addRuleSet(rules("five-tuple.rules"));
      m.addRuleSet(rules("host-pairs.rules"));
      Task task = m.setTask(1, 5, 6, 10);
      Meter.CaptureSession session = m.captureSession();
      for (int i = 0; i < 9; i++) {
        send(m, SECOND, i);
      }
      m.awaitMatched();
      assertFalse(task.runningStandby(), threads + " threads: 9 of 100 flows");
      send(m, SECOND, 9);
      m.awaitMatched();
      assertTrue(task.runningStandby(), threads + " threads: 10 of 100 flows");
      session.close();
      m.close();
    }
  }

  @Test
  void destroyingARuleSetRemovesItsFlowsFromEveryPart() throws Exception {
    for (int threads : THREADS) {
      Meter m = meter(1000, threads, rules("five-tuple.rules"), rules("host-pairs.rules"));
      List<Integer> removed = new ArrayList<>();
      m.flowTable().setRecoveryListener((t, s) -> {
        synchronized (removed) {
          removed.add(t.ruleSet(s));
        }
      });
      Meter.CaptureSession session = m.captureSession();
      for (int i = 0; i < 200; i++) {
        send(m, SECOND, i);
      }
      m.awaitMatched();
      int hostPairs = m.flowTable().flowRecords(6);
      assertTrue(hostPairs > 1, "host pairs: " + hostPairs);
      m.removeTask(2);
      assertTrue(m.destroyRuleSet(6));
      assertFalse(m.ruleSetLive(6));
      send(m, 2 * SECOND, 0); // the packet thread runs the removal before this packet
      m.awaitMatched();
      assertEquals(0, m.flowTable().flowRecords(6), threads + " threads");
      assertEquals(200, m.flowTable().flowRecords(5), threads + " threads");
      assertEquals(hostPairs, removed.size(), threads + " threads");
      session.close();
      m.close();
    }
  }

  @Test
  void aRuleSetKeyedOnCoarserAddressesCannotJoinLater() throws Exception {
    Meter m = meter(1000, 2, rules("five-tuple.rules"));
    m.addRuleSet(rules("subnets.rules"));
    Meter.CaptureSession session = m.captureSession();
    assertEquals(ShardKey.WHOLE_ADDRESSES, m.shardKey());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.setTask(2, 7, 0, 0));
    assertTrue(e.getMessage().contains("rule set 7 cannot run on this meter's 2 matching"
        + " threads"), e.getMessage());
    m.setTask(2, 5, 0, 0); // five-tuple in a second task: the same keys, fine
    session.close();
    m.close();

    Meter one = meter(1000, 1, rules("five-tuple.rules"));
    one.addRuleSet(rules("subnets.rules"));
    Meter.CaptureSession s1 = one.captureSession();
    one.setTask(2, 7, 0, 0); // one thread: any rule set
    s1.close();
  }

  @Test
  void ruleSetsGivenTogetherShareTheCoarsestKey() throws Exception {
    Meter m = meter(1000, 2, rules("five-tuple.rules"), rules("subnets.rules"));
    Meter.CaptureSession session = m.captureSession();
    assertEquals("/24 (IPv4), /64 (IPv6)", m.shardKey().toString());
    session.close();
    m.close();
  }

  @Test
  void ruleSetOneRunsOnOneMatchingThread() throws Exception {
    Meter m = meter(1000, 2);
    m.setTask(1, Meter.BUILTIN_RULE_SET, 0, 0);
    Meter.CaptureSession session = m.captureSession();
    assertNull(m.shardKey());
    for (int i = 0; i < 50; i++) {
      send(m, SECOND, i);
    }
    session.close();
    assertEquals(50, m.statistics().get(Disposition.COUNTED));
    assertEquals(1, m.flowTable().activeFlows(), "one flow per PeerType");
    m.close();
  }
}
