package org.rtfm4j.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.rtfm4j.agent.AgentConfig;
import org.rtfm4j.agent.SnmpAgent;
import org.rtfm4j.capture.PacketSink;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.rtfm4j.client.MeterTarget;
import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.flow.FlowRow;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.manager.Manager;
import org.rtfm4j.manager.PendingRuleSets;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.mib.FlowControlTables;
import org.rtfm4j.mib.FlowMeterMib;
import org.rtfm4j.mib.MeterStatisticsMib;
import org.rtfm4j.packet.LinkType;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.testutil.Frames;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.VariableBinding;

/**
 * Overload (issue 6): two million packets of new flows, a few long-lived flows among them,
 * against a meter of 10,000 flows with a flood mark of 90 %. Task 1 runs the five-tuple rule set
 * 5 with the per-protocol rule set 6 as standby and a high-water mark of 50 %; task 2 runs the
 * five-tuple rule set 8 with no standby, so it keeps creating flows until the table is full.
 * Expected, from RFC 2722 §4.6 and RFC 2720: task 1 switches to its standby at 50 %; the meter
 * enters flood mode at 90 %; once full, every new flow is refused and counted, and the counts
 * read over SNMP equal the meter's; the long-lived flows' counts stay exact in rule set 8 (which
 * keeps running), in rule set 5 up to the switch and in rule set 6's TCP aggregate after it; the
 * heap stays under a cap and SNMP GETs are answered within 1 s throughout; after the manager
 * clears flood mode and resumes task 1, and the flood has stopped, new flows are created again
 * and flood mode stays clear.
 */
class OverloadTest {
  private static final int MAX_FLOWS = 10_000;
  private static final int FLOOD_MARK = 90;
  private static final int HIGH_WATER_MARK = 50;
  private static final int NEW_FLOWS = 2_000_000;
  /** One long-lived packet after every this many new-flow packets. */
  private static final int LONG_LIVED_EVERY = 97;
  private static final int LONG_LIVED = 4;
  private static final int AFTER_FLOOD = 1000;
  /** Packet time: one microsecond apart; the quiet gap is past the 600 s inactivity timeout. */
  private static final long PACKET_NANOS = 1_000;
  private static final long QUIET_GAP_NANOS = 700_000_000_000L;
  private static final int TCP = 6;
  private static final int UDP = 17;
  /** Where the source address sits in an Ethernet + IPv4 frame (RFC 791: offset 12). */
  private static final int SOURCE_ADDRESS = 14 + 12;
  private static final long SNMP_POLL_MILLIS = 1;
  private static final long MAX_SNMP_MICROS = 1_000_000;
  /** Used heap after GC may exceed its value before the meter by at most this. */
  private static final long HEAP_CAP = 64L << 20;
  private static final int FIVE = 5;
  private static final int STANDBY = 6;
  private static final int EIGHT = 8;

  // RFC 2720 and RTFM4J-METER-MIB object identifiers, from the MIB texts.
  private static final OID FLOOD_MODE = new OID("1.3.6.1.2.1.40.1.9.0");
  private static final OID ACTIVE_FLOWS = new OID("1.3.6.1.2.1.40.1.7.0");
  private static final OID RUNNING_STANDBY_1 = new OID("1.3.6.1.2.1.40.1.4.1.9.1");
  private static final OID FLOW_RECORDS = new OID("1.3.6.1.2.1.40.1.1.1.8");
  private static final OID FLOWS_CREATED = new OID("1.3.6.1.3.2722.1.2.1.0");
  private static final OID FLOWS_REFUSED = new OID("1.3.6.1.3.2722.1.2.3.0");
  private static final OID PACKETS_REFUSED = new OID("1.3.6.1.3.2722.1.1.8.0");
  private static final OID PACKETS_READ = new OID("1.3.6.1.3.2722.1.1.1.0");
  private static final int TRUE = 1;
  private static final int FALSE = 2;

  /** Rule set 6: one flow per IP protocol (the standby: few flows whatever comes). */
  private static final String PER_PROTOCOL = String.join("\n",
      "SET 6",
      "RULES",
      "  SourcePeerType & 255 = IPv4:  GotoAct, ipv4;",
      "  Null & 0 = 0:                 Ignore, 0;",
      "ipv4:",
      "  SourcePeerType  & 255 = 0:    PushPktToAct, Next;",
      "  SourceTransType & 255 = 0:    CountPkt, 0;",
      "");

  @Test
  void aFloodOfNewFlowsIsRefusedCountedAndSurvived() throws Exception {
    long heapBase = HostileSnmpTest.usedHeapAfterGc();
    Meter meter = new Meter(MAX_FLOWS, MeterClock.packetTime(), OctetCounting.IP);
    String fiveTuple = Files.readString(Path.of("rulesets/five-tuple.rules"));
    meter.addRuleSet(RuleFileParser.parse("five-tuple.rules", fiveTuple));
    meter.addRuleSet(RuleFileParser.parse("per-protocol", PER_PROTOCOL));
    meter.addRuleSet(RuleFileParser.parse("five-tuple 8", fiveTuple.replace("SET 5", "SET 8")));
    meter.setTask(1, FIVE, STANDBY, HIGH_WATER_MARK);
    meter.setTask(2, EIGHT, 0, 0);
    meter.setFloodMark(FLOOD_MARK);
    SnmpAgent agent = new SnmpAgent(new AgentConfig(new InetSocketAddress(HostileMeter.LOOPBACK,
        0), HostileMeter.RW, "test", "", "", ""), meter.clock()::now);
    agent.register(new FlowMeterMib(meter));
    agent.register(new MeterStatisticsMib(meter));
    agent.register(new FlowControlTables(meter, line -> { }));
    agent.start();
    int port = agent.address().getPort();
    MeterClient reader = MeterClient.open(MeterTarget.community(HostileMeter.LOOPBACK, port,
        MeterTarget.Version.V2C, "public"), 2000, 0);
    MeterClient writer = MeterClient.open(MeterTarget.community(HostileMeter.LOOPBACK, port,
        MeterTarget.Version.V2C, HostileMeter.RW), 2000, 1);
    Poller poller = new Poller(reader);
    Thread polling = new Thread(poller, "snmp-poller");
    try {
      polling.start();
      Flood flood = new Flood(meter);
      long start = System.nanoTime();
      Meter.CaptureSession session = meter.captureSession();
      try {
        flood.run();
      } finally {
        session.close();
      }
      long floodMillis = (System.nanoTime() - start) / 1_000_000;
      poller.stop.set(true);
      polling.join();
      long heapFlood = HostileSnmpTest.usedHeapAfterGc();

      // What the meter says over SNMP, against what was sent.
      List<VariableBinding> got = reader.get(List.of(FLOOD_MODE, ACTIVE_FLOWS, RUNNING_STANDBY_1,
          new OID(FLOW_RECORDS).append(FIVE), new OID(FLOW_RECORDS).append(STANDBY),
          new OID(FLOW_RECORDS).append(EIGHT), FLOWS_CREATED, FLOWS_REFUSED, PACKETS_REFUSED,
          PACKETS_READ));
      long[] v = new long[got.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = got.get(i).getVariable().toLong();
      }
      FlowTable table = meter.flowTable();
      long rs8 = v[5];
      long[] rs5 = flows(table, FIVE);
      long[] rs6 = flows(table, STANDBY);
      long[] rs8Long = flows(table, EIGHT);
      System.out.printf("OverloadTest: %d packets (%d new flows, %d long-lived packets) in %d ms"
              + " (%.2f M packets/s); task 1 to standby after packet %d at %d active flows;"
              + " flood mode after packet %d at %d active flows; table full after packet %d;"
              + " refused flows %d, refused packets %d; SNMP GETs during the flood: %d, median"
              + " %d us, max %d us; used heap after GC %d KiB before the meter, %d KiB after the"
              + " flood%n",
          flood.sent, NEW_FLOWS, flood.longLivedSent(), floodMillis,
          flood.sent / 1000.0 / Math.max(1, floodMillis), flood.switchedAt,
          flood.activeAtSwitch, flood.floodAt, flood.activeAtFlood, flood.fullAt, v[7], v[8],
          poller.count, poller.median(), poller.max, heapBase >> 10, heapFlood >> 10);

      assertEquals(TRUE, v[0], "flowFloodMode");
      assertEquals(MAX_FLOWS, v[1], "flowActiveFlows: the table is full");
      assertEquals(TRUE, v[2], "task 1 runs its standby rule set");
      // At the high-water mark and the flood mark: within the one packet that crossed them
      // (each packet may create one flow in each running rule set).
      assertTrue(flood.activeAtSwitch >= MAX_FLOWS * HIGH_WATER_MARK / 100
          && flood.activeAtSwitch <= MAX_FLOWS * HIGH_WATER_MARK / 100 + 1,
          "switched at " + flood.activeAtSwitch);
      assertTrue(flood.activeAtFlood >= MAX_FLOWS * FLOOD_MARK / 100
          && flood.activeAtFlood <= MAX_FLOWS * FLOOD_MARK / 100 + 1,
          "flood mode at " + flood.activeAtFlood);
      assertEquals(flood.rs5AtSwitch, v[3], "rule set 5 made no flow after the switch");
      // Every distinct five-tuple was offered to rule set 8 once: made a flow or was refused.
      // Rule sets 5 and 6 never met a full table; nothing was idle, so nothing was recovered.
      assertEquals(0, table.recoveredFlows(), "flows recovered during the flood");
      assertEquals(NEW_FLOWS + LONG_LIVED - rs8, v[7], "refused flows");
      assertEquals(table.refusedFlows(), v[7], "rtfm4jFlowsRefused");
      assertEquals(meter.statistics().get(
          org.rtfm4j.meter.MeterStatistics.Disposition.REFUSED), v[8], "rtfm4jPacketsRefused");
      assertEquals(flood.sent, v[9], "rtfm4jPacketsRead");
      assertEquals(v[3] + v[4] + rs8, MAX_FLOWS, "flows per rule set add up to the table");
      // The long-lived flows, exactly.
      for (int k = 0; k < LONG_LIVED; k++) {
        assertEquals(flood.forward[k] + flood.reverse[k], rs8Long[k],
            "long-lived flow " + k + " in rule set 8");
        assertEquals(flood.forwardBeforeSwitch[k] + flood.reverseBeforeSwitch[k], rs5[k],
            "long-lived flow " + k + " in rule set 5, up to the switch");
      }
      assertEquals(flood.longLivedSent() - flood.longLivedBeforeSwitch(), rs6[0],
          "rule set 6's TCP aggregate: the long-lived packets after the switch");
      assertTrue(poller.count > 0 && poller.failures == 0, poller.failures + " GETs failed");
      assertTrue(poller.max < MAX_SNMP_MICROS, "an SNMP GET took " + poller.max + " us");
      assertTrue(heapFlood - heapBase < HEAP_CAP,
          "used heap grew by " + ((heapFlood - heapBase) >> 10) + " KiB");

      // The manager clears flood mode and puts task 1 back on its rule set; the flood is over.
      Manager manager = new Manager(writer, "overload-test", new PendingRuleSets());
      manager.clearFlood();
      manager.resume(1, true); // the task was set up as -R does: it is not this manager's
      long refusedBefore = table.refusedFlows();
      long createdBefore = table.createdFlows();
      session = meter.captureSession();
      try {
        flood.afterTheFlood();
      } finally {
        session.close();
      }
      got = reader.get(List.of(FLOOD_MODE, RUNNING_STANDBY_1, FLOWS_CREATED, FLOWS_REFUSED));
      System.out.printf("OverloadTest: after clear-flood, %d new flows created, %d refused,"
              + " %d recovered%n", got.get(2).getVariable().toLong() - createdBefore,
          got.get(3).getVariable().toLong() - refusedBefore, table.recoveredFlows());
      assertEquals(FALSE, got.get(0).getVariable().toLong(), "flowFloodMode after the flood");
      assertEquals(FALSE, got.get(1).getVariable().toLong(), "task 1 back on rule set 5");
      assertEquals(createdBefore + 2L * AFTER_FLOOD, got.get(2).getVariable().toLong(),
          "a flow in rule sets 5 and 8 for each new conversation");
      assertEquals(refusedBefore, got.get(3).getVariable().toLong(), "refused after the flood");
      assertEquals(MAX_FLOWS, table.recoveredFlows(), "the idle flows made room");
    } finally {
      poller.stop.set(true);
      polling.join();
      reader.close();
      writer.close();
      agent.stop();
    }
  }

  /**
   * In rule set 5 or 8, [k] holds the PDUs of long-lived flow k; in rule set 6, [0] holds those
   * of its TCP aggregate.
   */
  private static long[] flows(FlowTable table, int ruleSet) {
    long[] pdus = new long[LONG_LIVED];
    FlowRow row = new FlowRow();
    FlowKey key = new FlowKey();
    for (int slot = 0; slot < table.readableSlots(); slot++) {
      if (!table.read(slot, row) || row.ruleSet() != ruleSet) {
        continue;
      }
      key.decode(row.key());
      if (key.number(Attribute.SOURCE_TRANS_TYPE.number()) != TCP) {
        continue;
      }
      if (ruleSet == STANDBY) {
        pdus[0] = row.toPdus() + row.fromPdus();
      } else {
        // Each conversation's first packet went forward: the flow's source is its client.
        int k = key.number(Attribute.SOURCE_TRANS_ADDRESS.number()) - LongLived.SOURCE_PORT;
        assertEquals(LongLived.DEST_PORT, key.number(Attribute.DEST_TRANS_ADDRESS.number()));
        pdus[k] = row.toPdus() + row.fromPdus();
      }
    }
    return pdus;
  }

  /** The long-lived conversations: TCP 172.16.0.1:40000+k to 192.168.0.2:5001 and back. */
  private static final class LongLived {
    static final int SOURCE_PORT = 40_000;
    static final int DEST_PORT = 5001;
  }

  /** The packet thread: new flows, long-lived flows among them, then the quiet aftermath. */
  private static final class Flood {
    private final Meter meter;
    private final PacketSink sink;
    private final byte[] newFlow = Frames.ipv4("10.0.0.0", 1024, "192.168.0.1", 53, UDP, 0);
    private final byte[][] forwardFrames = new byte[LONG_LIVED][];
    private final byte[][] reverseFrames = new byte[LONG_LIVED][];
    final long[] forward = new long[LONG_LIVED];
    final long[] reverse = new long[LONG_LIVED];
    final long[] forwardBeforeSwitch = new long[LONG_LIVED];
    final long[] reverseBeforeSwitch = new long[LONG_LIVED];
    long sent;
    long switchedAt = -1;
    long activeAtSwitch;
    long rs5AtSwitch;
    long floodAt = -1;
    long activeAtFlood;
    long fullAt = -1;
    private long time = 1_700_000_000_000_000_000L;
    private int nextAddress;

    Flood(Meter meter) {
      this.meter = meter;
      this.sink = meter.sink();
      for (int k = 0; k < LONG_LIVED; k++) {
        forwardFrames[k] = Frames.ipv4("172.16.0.1", LongLived.SOURCE_PORT + k, "192.168.0.2",
            LongLived.DEST_PORT, TCP, 0);
        reverseFrames[k] = Frames.ipv4("192.168.0.2", LongLived.DEST_PORT, "172.16.0.1",
            LongLived.SOURCE_PORT + k, TCP, 0);
      }
    }

    void run() {
      int k = 0;
      boolean back = false;
      for (int i = 0; i < NEW_FLOWS; i++) {
        sendNewFlow();
        if (i % LONG_LIVED_EVERY == 0) {
          // Forward and reverse in turn, each long-lived conversation in turn.
          feed(back ? reverseFrames[k] : forwardFrames[k]);
          if (back) {
            reverse[k]++;
          } else {
            forward[k]++;
          }
          if (switchedAt < 0) {
            forwardBeforeSwitch[k] = forward[k];
            reverseBeforeSwitch[k] = reverse[k];
          }
          back = !back;
          if (!back) {
            k = (k + 1) % LONG_LIVED;
          }
        }
        watch();
      }
    }

    /** New conversations after a quiet gap past the inactivity timeout. */
    void afterTheFlood() {
      time += QUIET_GAP_NANOS;
      for (int i = 0; i < AFTER_FLOOD; i++) {
        sendNewFlow();
      }
    }

    private void sendNewFlow() {
      int a = 0x0A00_0000 + nextAddress++;
      newFlow[SOURCE_ADDRESS] = (byte) (a >>> 24);
      newFlow[SOURCE_ADDRESS + 1] = (byte) (a >>> 16);
      newFlow[SOURCE_ADDRESS + 2] = (byte) (a >>> 8);
      newFlow[SOURCE_ADDRESS + 3] = (byte) a;
      feed(newFlow);
    }

    private void feed(byte[] frame) {
      time += PACKET_NANOS;
      sink.packet(1, LinkType.ETHERNET, time, frame, 0, frame.length, frame.length);
      sent++;
    }

    /** Notes when the task switched, flood mode began and the table filled. */
    private void watch() {
      FlowTable t = meter.flowTable();
      if (switchedAt < 0 && meter.task(1).runningStandby()) {
        switchedAt = sent;
        activeAtSwitch = t.activeFlows();
        rs5AtSwitch = t.flowRecords(FIVE);
      }
      if (floodAt < 0 && meter.floodMode()) {
        floodAt = sent;
        activeAtFlood = t.activeFlows();
      }
      if (fullAt < 0 && t.activeFlows() == MAX_FLOWS) {
        fullAt = sent;
      }
    }

    long longLivedSent() {
      return Arrays.stream(forward).sum() + Arrays.stream(reverse).sum();
    }

    long longLivedBeforeSwitch() {
      return Arrays.stream(forwardBeforeSwitch).sum() + Arrays.stream(reverseBeforeSwitch).sum();
    }
  }

  /** A manager reading the meter while it floods: GETs every few milliseconds, timed. */
  private static final class Poller implements Runnable {
    private final MeterClient client;
    final AtomicBoolean stop = new AtomicBoolean();
    final List<Long> micros = new ArrayList<>();
    volatile long max;
    volatile int count;
    volatile int failures;

    Poller(MeterClient client) {
      this.client = client;
    }

    @Override
    public void run() {
      while (!stop.get()) {
        long t = System.nanoTime();
        try {
          client.get(List.of(FLOOD_MODE, ACTIVE_FLOWS, FLOWS_REFUSED, RUNNING_STANDBY_1));
          long us = (System.nanoTime() - t) / 1000;
          synchronized (micros) {
            micros.add(us);
          }
          max = Math.max(max, us);
          count++;
        } catch (MeterException e) {
          failures++;
        }
        try {
          Thread.sleep(SNMP_POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    long median() {
      synchronized (micros) {
        if (micros.isEmpty()) {
          return 0;
        }
        List<Long> s = new ArrayList<>(micros);
        s.sort(null);
        return s.get(s.size() / 2);
      }
    }
  }
}
