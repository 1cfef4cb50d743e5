package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtfm4j.agent.AgentConfig;
import org.rtfm4j.agent.SnmpAgent;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.testutil.Command;
import org.rtfm4j.testutil.Frames;

/**
 * GETBULK while the meter counts: a thread feeds packets of one size round the same flows as
 * fast as it can while net-snmp reads the flow data. Every packet is {@link #IP_OCTETS} long, so
 * a row read at one moment has ToOctets = ToPDUs x {@link #IP_OCTETS}; a row stitched from two
 * moments would not.
 */
class FlowDataLiveTest {
  private static final String ENTRY = ".1.3.6.1.2.1.40.2.1.1";
  private static final String PACKAGE_DATA = ".1.3.6.1.2.1.40.2.3.1.5";
  private static final int RS = 5; // rulesets/five-tuple.rules
  private static final int FLOWS = 300;
  private static final int PAYLOAD = 100;
  /** IPv4 header 20 + UDP header 8 + payload: what the meter counts (OctetCounting.IP). */
  private static final long IP_OCTETS = 20 + 8 + PAYLOAD;
  private static final int ETHERNET = 1;
  private static final int[] COLUMNS = {27, 28, 31, 32}; // ToOctets ToPDUs FirstTime LastActive
  private static final long WAIT_MILLIS = 20_000;
  private static final long PAUSE_EVERY = 20_000;
  private static final long PAUSE_NANOS = 1_000_000;

  private Meter meter;
  private SnmpAgent agent;
  private Thread feeder;
  private final AtomicBoolean feeding = new AtomicBoolean(true);
  private final AtomicLong fed = new AtomicLong();

  @BeforeEach
  void startFeedingAndServing() throws Exception {
    for (String tool : List.of("snmpbulkget", "snmpbulkwalk")) {
      assumeTrue(Command.onPath(tool), tool + " not installed (Debian package snmp)");
    }
    meter = new Meter(1 << 16, MeterClock.system(), OctetCounting.IP);
    RuleSet rs = RuleFileParser.parse(Path.of("rulesets/five-tuple.rules"));
    meter.addRuleSet(rs);
    meter.setTask(1, rs.number(), 0, 0);
    byte[][] frames = new byte[FLOWS][];
    for (int i = 0; i < FLOWS; i++) {
      frames[i] = Frames.ipv4("10.1." + (i / 250) + "." + (i % 250 + 1), 1024 + i,
          "192.168.0.1", 53, 17, PAYLOAD);
    }
    feeder = new Thread(() -> {
      long n = 0;
      while (feeding.get()) {
        byte[] f = frames[(int) (n % FLOWS)];
        meter.sink().packet(1, ETHERNET, System.nanoTime(), f, 0, f.length, f.length);
        fed.lazySet(++n);
        if (n % PAUSE_EVERY == 0) {
          // Leave the agent (and the machine) some CPU: the point is change, not speed.
          LockSupport.parkNanos(PAUSE_NANOS);
        }
      }
    }, "packet-feeder");
    feeder.start();
    agent = new SnmpAgent(
        new AgentConfig(new InetSocketAddress("127.0.0.1", 0), null, "test", "", "", ""),
        meter.clock()::now);
    agent.register(new FlowDataTables(meter));
    agent.start();
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (meter.flowTable().flowRecords(RS) < FLOWS && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(FLOWS, meter.flowTable().flowRecords(RS));
  }

  @AfterEach
  void stop() throws Exception {
    feeding.set(false);
    if (feeder != null) {
      feeder.join(TimeUnit.SECONDS.toMillis(10));
    }
    if (agent != null) {
      agent.stop();
    }
  }

  /**
   * snmptable's way of reading: GETBULK of several columns, each repetition one row, continued
   * from the last row. Every row's varbinds name the same flow and were read at one moment.
   */
  @Test
  void eachRowOfAGetBulkIsOneConsistentCopy() throws Exception {
    int port = agent.address().getPort();
    long fedBefore = fed.get();
    long rows = 0;
    long pdusFirstPass = 0;
    long pdusLastPass = 0;
    for (int pass = 0; pass < 3; pass++) {
      String[] from = new String[COLUMNS.length];
      for (int c = 0; c < COLUMNS.length; c++) {
        from[c] = ENTRY + "." + COLUMNS[c] + "." + RS;
      }
      long lastIndex = 0;
      long pdus = 0;
      boolean more = true;
      while (more) {
        List<Map.Entry<String, String>> vbs = new ArrayList<>(NetSnmp.varbinds("snmpbulkget",
            port, List.of("-Cn0", "-Cr25"), from).entrySet());
        assertEquals(0, vbs.size() % COLUMNS.length, vbs.toString());
        for (int r = 0; r < vbs.size() / COLUMNS.length && more; r++) {
          long[] v = new long[COLUMNS.length];
          long index = -1;
          for (int c = 0; c < COLUMNS.length; c++) {
            Map.Entry<String, String> vb = vbs.get(r * COLUMNS.length + c);
            String prefix = ENTRY + "." + COLUMNS[c] + "." + RS + ".0.";
            if (!vb.getKey().startsWith(prefix)) {
              more = false;
              break;
            }
            long i = Long.parseLong(vb.getKey().substring(prefix.length()));
            assertTrue(index < 0 || index == i, "one row per repetition: " + vbs);
            index = i;
            v[c] = Long.parseLong(vb.getValue());
            from[c] = vb.getKey();
          }
          if (!more) {
            break;
          }
          assertTrue(index > lastIndex, "rows in FlowIndex order: " + index + " after "
              + lastIndex);
          lastIndex = index;
          assertEquals(IP_OCTETS * v[1], v[0], "ToOctets of row " + index + " read apart");
          assertTrue(v[2] <= v[3], "FirstTime after LastActiveTime in row " + index);
          pdus += v[1];
          rows++;
        }
      }
      if (pass == 0) {
        pdusFirstPass = pdus;
      }
      pdusLastPass = pdus;
    }
    assertEquals(3L * FLOWS, rows);
    assertTrue(fed.get() > fedBefore && pdusLastPass > pdusFirstPass,
        "the meter was not counting while the table was read");
  }

  /** A whole-table bulk walk while counting: net-snmp fails on any OID that does not increase. */
  @Test
  void bulkWalksStayOrderedAndCompleteWhileCounting() throws Exception {
    int port = agent.address().getPort();
    for (String r : List.of("-Cr25", "-Cr50")) {
      Map<String, String> vbs =
          NetSnmp.under(NetSnmp.varbinds("snmpbulkwalk", port, List.of(r), ENTRY), ENTRY);
      for (int column : COLUMNS) {
        long n = vbs.keySet().stream()
            .filter(k -> k.startsWith(ENTRY + "." + column + "." + RS + ".0.")).count();
        assertEquals(FLOWS, n, "column " + column);
      }
      Map<String, String> packages = NetSnmp.under(
          NetSnmp.varbinds("snmpbulkwalk", port, List.of(r), PACKAGE_DATA + ".2.27.28"),
          PACKAGE_DATA + ".2.27.28");
      assertEquals(FLOWS, packages.size());
      for (Map.Entry<String, String> p : packages.entrySet()) {
        List<String> v = Ber.sequence(NetSnmp.bytes(p.getValue()));
        assertEquals(IP_OCTETS * Long.parseLong(v.get(1)), Long.parseLong(v.get(0)),
            p.getKey());
      }
    }
  }
}
