package org.rtfm4j.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.meter.MeterStatistics.Disposition;
import org.rtfm4j.rules.Action;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.Rule;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.testutil.Frames;

/** The packet processing algorithm of RFC 2722 §4.3 and the control variables of §4.6. */
class MeterTest {
  private static final byte[] NONE = {};
  private static final byte[] FF = {(byte) 0xFF};
  private static final byte[] FFFF = {(byte) 0xFF, (byte) 0xFF};
  private static final byte[] HOST = {(byte) 255, (byte) 255, (byte) 255, (byte) 255};
  private static final long SECOND = 1_000_000_000L;
  private static final int ETHERNET = 1;

  private static Rule r(Attribute a, byte[] mask, byte[] value, Action action, int parameter) {
    return new Rule(a, mask, value, action, parameter, 0);
  }

  /** Counts every IPv4 packet by address pair and ports, as a five-tuple rule set would. */
  static RuleSet fiveTuple(int number) {
    return new RuleSet(number, "five", List.of(
        r(Attribute.SOURCE_PEER_TYPE, FF, new byte[] {1}, Action.PUSH_PKT_TO_ACT, 2),
        r(Attribute.SOURCE_PEER_ADDRESS, HOST, NONE, Action.PUSH_PKT_TO_ACT, 3),
        r(Attribute.DEST_PEER_ADDRESS, HOST, NONE, Action.PUSH_PKT_TO_ACT, 4),
        r(Attribute.SOURCE_TRANS_TYPE, FF, NONE, Action.PUSH_PKT_TO_ACT, 5),
        r(Attribute.SOURCE_TRANS_ADDRESS, FFFF, NONE, Action.PUSH_PKT_TO_ACT, 6),
        r(Attribute.DEST_TRANS_ADDRESS, FFFF, NONE, Action.COUNT_PKT, 0)), List.of(), false);
  }

  /** Web flows only, keyed client -> server:80; a reply matches only reversed. */
  static RuleSet webServer(int number) {
    return new RuleSet(number, "web", List.of(
        r(Attribute.DEST_TRANS_ADDRESS, FFFF, new byte[] {0, 80}, Action.PUSH_PKT_TO_ACT, 3),
        r(Attribute.NULL, NONE, NONE, Action.NO_MATCH, 0),
        r(Attribute.SOURCE_PEER_ADDRESS, HOST, NONE, Action.PUSH_PKT_TO_ACT, 4),
        r(Attribute.DEST_PEER_ADDRESS, HOST, NONE, Action.COUNT_PKT, 0)), List.of(), false);
  }

  private final Meter meter = new Meter(100, MeterClock.packetTime(), OctetCounting.IP);
  private final List<Integer> recovered = new ArrayList<>();

  private void run(RuleSet... sets) {
    int task = 1;
    for (RuleSet rs : sets) {
      meter.addRuleSet(rs);
      meter.setTask(task++, rs.number(), 0, 0);
    }
  }

  private void send(long t, String src, int sport, String dst, int dport) {
    byte[] f = Frames.ipv4(src, sport, dst, dport, 6, 100);
    meter.sink().packet(1, ETHERNET, t, f, 0, f.length, f.length);
  }

  private int onlyFlow(int ruleSet) {
    FlowTable t = meter.flowTable();
    int found = -1;
    for (int s = 0; s < t.slotLimit(); s++) {
      if (t.inUse(s) && t.ruleSet(s) == ruleSet) {
        assertEquals(-1, found, "more than one flow in rule set " + ruleSet);
        found = s;
      }
    }
    assertTrue(found >= 0, "no flow in rule set " + ruleSet);
    return found;
  }

  private FlowKey keyOf(int slot) {
    FlowKey k = new FlowKey();
    k.decode(meter.flowTable().key(slot));
    return k;
  }

  @Test
  void bothDirectionsCountInOneFlowWithTheFirstSenderAsSource() {
    run(fiveTuple(5));
    send(10 * SECOND, "10.0.0.1", 1234, "10.0.0.2", 80);
    send(10 * SECOND + 50_000_000L, "10.0.0.2", 80, "10.0.0.1", 1234);
    send(12 * SECOND, "10.0.0.2", 80, "10.0.0.1", 1234);
    int s = onlyFlow(5);
    FlowTable t = meter.flowTable();
    assertEquals(1, t.toPdus(s));
    assertEquals(2, t.fromPdus(s));
    assertEquals(140, t.toOctets(s), "IPv4 total length: 20 + 20 + 100");
    assertEquals(280, t.fromOctets(s));
    assertEquals(0, t.firstTime(s), "meter time starts at the first packet");
    assertEquals(200, t.lastActiveTime(s), "centiseconds");
    FlowKey k = keyOf(s);
    assertEquals(0x0A00_0001L << 32, k.valueHi(9));
    assertEquals(1234, k.number(12));
    assertEquals(3, meter.statistics().get(Disposition.COUNTED));
  }

  @Test
  void aPacketMatchingOnlyReversedCountsBackwards() {
    run(webServer(6));
    // The server's reply comes first: match(S->D) says NoMatch, match(D->S) succeeds, so the
    // flow is created D->S and the packet counted in its reverse counters (RFC 2722 §4.3).
    send(SECOND, "10.0.0.2", 80, "10.0.0.1", 1234);
    send(2 * SECOND, "10.0.0.1", 1234, "10.0.0.2", 80);
    int s = onlyFlow(6);
    FlowKey k = keyOf(s);
    assertEquals(0x0A00_0001L << 32, k.valueHi(9), "the client is the source");
    assertEquals(80, k.number(22));
    assertEquals(1, meter.flowTable().fromPdus(s));
    assertEquals(1, meter.flowTable().toPdus(s));
  }

  @Test
  void packetsNoRuleSetCountsAreIgnored() {
    run(webServer(6));
    send(SECOND, "10.0.0.2", 22, "10.0.0.1", 1234);
    assertEquals(1, meter.statistics().get(Disposition.IGNORED));
    assertEquals(0, meter.flowTable().activeFlows());
  }

  @Test
  void eachRunningRuleSetCountsThePacketOnce() {
    run(fiveTuple(5), webServer(6));
    meter.setTask(3, 5, 0, 0); // a second task running rule set 5 does not count twice
    send(SECOND, "10.0.0.1", 1234, "10.0.0.2", 80);
    assertEquals(1, meter.flowTable().toPdus(onlyFlow(5)));
    assertEquals(1, meter.flowTable().toPdus(onlyFlow(6)));
    assertEquals(1, meter.statistics().get(Disposition.COUNTED));
  }

  @Test
  void aFullTableRefusesNewFlowsButKeepsCountingOldOnes() {
    Meter small = new Meter(2, MeterClock.packetTime(), OctetCounting.IP);
    small.addRuleSet(fiveTuple(5));
    small.setTask(1, 5, 0, 0);
    small.setFloodMark(0);
    for (int i = 0; i < 5; i++) {
      byte[] f = Frames.ipv4("10.0.0.1", 1000 + i, "10.0.0.2", 80, 6, 0);
      small.sink().packet(1, ETHERNET, SECOND, f, 0, f.length, f.length);
    }
    byte[] f = Frames.ipv4("10.0.0.2", 80, "10.0.0.1", 1000, 6, 0);
    small.sink().packet(1, ETHERNET, SECOND, f, 0, f.length, f.length);
    assertEquals(3, small.flowTable().refusedFlows());
    assertEquals(3, small.statistics().get(Disposition.REFUSED));
    assertEquals(3, small.statistics().get(Disposition.COUNTED));
  }

  @Test
  void highWaterMarkSwitchesATaskToItsStandbyAndFloodMarkSetsFloodMode() {
    meter.addRuleSet(fiveTuple(5));
    meter.addRuleSet(webServer(6));
    Task task = meter.setTask(1, 5, 6, 10);
    meter.setFloodMark(20);
    for (int i = 0; i < 10; i++) {
      send(SECOND, "10.0.0.1", 2000 + i, "10.0.0.2", 22);
    }
    assertTrue(task.runningStandby(), "10 of 100 flows: the task passed its 10% mark");
    assertEquals(6, meter.runningRuleSets()[0]);
    assertFalse(meter.floodMode());
    meter.setTask(2, 5, 0, 0);
    for (int i = 0; i < 10; i++) {
      send(SECOND, "10.0.0.1", 3000 + i, "10.0.0.2", 22);
    }
    assertTrue(meter.floodMode(), "20 of 100 flows: past the flood mark");
    meter.setRunningStandby(1, false);
    assertFalse(task.runningStandby());
    meter.setFloodMode(false);
    assertFalse(meter.floodMode());
  }

  @Test
  void aLoopingRuleSetIsCountedAsAnErrorAndOthersStillCount() {
    run(fiveTuple(5), new RuleSet(7, "loop",
        List.of(r(Attribute.NULL, NONE, NONE, Action.GOTO, 1)), List.of(), false));
    send(SECOND, "10.0.0.1", 1234, "10.0.0.2", 80);
    assertEquals(1, meter.statistics().get(Disposition.COUNTED));
    assertEquals(1L, meter.pmeErrors().get(7));
    meter.removeTask(1);
    send(SECOND, "10.0.0.1", 1234, "10.0.0.2", 80);
    assertEquals(1, meter.statistics().get(Disposition.PME_ERROR));
  }

  @Test
  void idleFlowsAreRecoveredInPacketTime() {
    run(fiveTuple(5));
    meter.flowTable().setInactivityTimeout(60);
    meter.flowTable().setRecoveryListener((t, s) -> recovered.add(FlowTable.flowIndex(s)));
    send(0, "10.0.0.1", 1234, "10.0.0.2", 80);
    send(59 * SECOND, "10.0.0.3", 1234, "10.0.0.2", 80);
    assertTrue(recovered.isEmpty());
    send(62 * SECOND, "10.0.0.4", 1234, "10.0.0.2", 80);
    assertEquals(List.of(1), recovered);
    assertEquals(2, meter.flowTable().activeFlows());
  }

  @Test
  void sampleRateZeroIgnoresAnInterfaceAndNCountsAboutOneInN() {
    run(fiveTuple(5));
    meter.sampling().setRate(1, 0);
    send(SECOND, "10.0.0.1", 1234, "10.0.0.2", 80);
    assertEquals(1, meter.statistics().get(Disposition.NOT_SAMPLED));
    meter.sampling().setRate(1, 10);
    long[] gaps = new long[20_000];
    long last = 0;
    int sampled = 0;
    for (int i = 1; i <= gaps.length; i++) {
      long before = meter.statistics().get(Disposition.COUNTED);
      send(SECOND, "10.0.0.1", 1234, "10.0.0.2", 80);
      if (meter.statistics().get(Disposition.COUNTED) > before) {
        gaps[sampled++] = i - last;
        last = i;
      }
    }
    assertTrue(sampled > 1800 && sampled < 2200, "about 1 in 10: " + sampled);
    long[] seen = Arrays.stream(gaps, 0, sampled).distinct().toArray();
    assertTrue(seen.length > 5, "gaps vary, not exactly every Nth packet");
  }

  @Test
  void ruleSetOneIsBuiltInAndCannotBeReplaced() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> meter.addRuleSet(fiveTuple(1)));
    meter.addRuleSet(fiveTuple(5));
    meter.setTask(1, 5, 0, 0);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> meter.addRuleSet(webServer(5)), "a running rule set cannot be changed");
  }
}
