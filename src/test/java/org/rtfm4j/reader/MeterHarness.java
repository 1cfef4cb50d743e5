package org.rtfm4j.reader;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rtfm4j.agent.AgentConfig;
import org.rtfm4j.agent.SnmpAgent;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterTarget;
import org.rtfm4j.flow.FlowCsvWriter;
import org.rtfm4j.flow.FlowRecord;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.mib.FlowControlTables;
import org.rtfm4j.mib.FlowDataTables;
import org.rtfm4j.mib.FlowMeterMib;
import org.rtfm4j.rules.RuleFileParser;

/**
 * A meter in this JVM serving the Meter MIB on a loopback port, fed packet by packet by the test
 * (meter time is packet time), which keeps every flow it measured: those it recovered, as they
 * were recovered, and those in its table. That is what a reader's passes must add up to.
 */
final class MeterHarness implements AutoCloseable {
  static final String RW = "harness-rw";
  /** LINKTYPE_RAW. */
  private static final int RAW_IP = 101;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long START_NANOS = 1_700_000_000L * NANOS_PER_SECOND;

  final Meter meter;
  private final SnmpAgent agent;
  private final List<FlowRecord> recovered = new ArrayList<>();

  MeterHarness(int inactivitySeconds) throws Exception {
    meter = new Meter(FlowTable.DEFAULT_MAX_FLOWS, MeterClock.packetTime(), OctetCounting.IP);
    meter.flowTable().setInactivityTimeout(inactivitySeconds);
    meter.addRuleSet(RuleFileParser.parse(Path.of("rulesets/five-tuple.rules")));
    meter.setTask(1, 5, 0, 0);
    meter.flowTable().setRecoveryListener((table, slot) -> {
      synchronized (recovered) {
        recovered.add(table.record(slot));
      }
    });
    agent = new SnmpAgent(new AgentConfig(new InetSocketAddress("127.0.0.1", 0), RW, "test",
        "", "", ""), () -> meter.clock().now());
    agent.register(new FlowMeterMib(meter));
    agent.register(new FlowControlTables(meter, line -> { }));
    agent.register(new FlowDataTables(meter));
    agent.start();
  }

  /** A client of this meter's agent with the write community. */
  MeterClient client() throws Exception {
    return MeterClient.open(MeterTarget.community("127.0.0.1", agent.address().getPort(),
        MeterTarget.Version.V2C, RW), 2000, 1);
  }

  /** One IP packet captured {@code seconds} after the start. */
  void packet(double seconds, byte[] ip) {
    try (Meter.CaptureSession s = meter.captureSession()) {
      meter.sink().packet(1, RAW_IP, START_NANOS + (long) (seconds * NANOS_PER_SECOND), ip, 0,
          ip.length, ip.length);
    }
  }

  /** Recovers every idle flow the readers let the meter recover now. */
  int recoverIdle() {
    return meter.flowTable().recoverAllIdle(meter.clock().now());
  }

  int recoveredFlows() {
    synchronized (recovered) {
      return recovered.size();
    }
  }

  /** Every flow measured, as the meter's --flows-out writes it (without its header). */
  List<String> allFlows() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FlowCsvWriter csv = new FlowCsvWriter(out);
    synchronized (recovered) {
      for (FlowRecord r : recovered) {
        csv.write(r);
      }
    }
    csv.writeAll(meter.flowTable());
    csv.flush();
    List<String> lines = new ArrayList<>(out.toString(StandardCharsets.US_ASCII).lines().toList());
    return lines.subList(1, lines.size());
  }

  @Override
  public void close() {
    agent.stop();
  }
}
