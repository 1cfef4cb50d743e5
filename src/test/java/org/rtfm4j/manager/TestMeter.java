package org.rtfm4j.manager;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rtfm4j.agent.AgentConfig;
import org.rtfm4j.agent.AgentConfigFile;
import org.rtfm4j.agent.SnmpAgent;
import org.rtfm4j.capture.CaptureFiles;
import org.rtfm4j.capture.PacketSource;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterTarget;
import org.rtfm4j.flow.FlowCsvWriter;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.mib.FlowControlTables;
import org.rtfm4j.mib.FlowMeterMib;
import org.rtfm4j.mib.MeterStatisticsMib;

/**
 * A meter with its SNMP agent on 127.0.0.1 (port 0, read back), as {@code rtfm meter --snmp
 * --rw-community} serves it: community {@value #RW} writes, {@code public} reads. Meter time is
 * packet time, so a capture fed after a download is metered as {@code rtfm meter -r} meters it.
 */
final class TestMeter implements AutoCloseable {
  static final String RW = "s3cret";
  static final String LOOPBACK = "127.0.0.1";
  /** What rtfm meter uses unless told otherwise (--max-flows). */
  static final int DEFAULT_MAX_FLOWS = 1 << 20;

  final Meter meter;
  final FlowControlTables tables;
  private final List<String> log = new ArrayList<>();
  private final SnmpAgent agent;
  private final int port;
  private final List<MeterClient> clients = new ArrayList<>();

  TestMeter() throws Exception {
    this(DEFAULT_MAX_FLOWS, null);
  }

  /** @param snmpConf an agent configuration file (examples/snmp.conf syntax), or null */
  TestMeter(int maxFlows, Path snmpConf) throws Exception {
    meter = new Meter(maxFlows, MeterClock.packetTime(), OctetCounting.IP);
    tables = new FlowControlTables(meter, line -> {
      synchronized (log) {
        log.add(line);
      }
    });
    AgentConfig c = new AgentConfig(new InetSocketAddress(LOOPBACK, 0),
        snmpConf == null ? RW : null, "test", "", "", "");
    if (snmpConf != null) {
      // The file's agentAddress would win: tests always take a free port.
      c = AgentConfigFile.read(snmpConf).applyTo(c)
          .withAddress(new InetSocketAddress(LOOPBACK, 0));
    }
    agent = new SnmpAgent(c, meter.clock()::now);
    agent.register(new FlowMeterMib(meter));
    agent.register(new MeterStatisticsMib(meter));
    agent.register(tables);
    agent.start();
    port = agent.address().getPort();
  }

  int port() {
    return port;
  }

  String address() {
    return LOOPBACK + ":" + port;
  }

  List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  MeterTarget target(String community) {
    return MeterTarget.community(LOOPBACK, port, MeterTarget.Version.V2C, community);
  }

  MeterClient client(MeterTarget t, int timeoutMillis, int retries) throws Exception {
    MeterClient c = MeterClient.open(t, timeoutMillis, retries);
    clients.add(c);
    return c;
  }

  /** A manager with the read-write community. */
  Manager manager(String owner) throws Exception {
    return new Manager(client(target(RW), 2000, 1), owner, new PendingRuleSets());
  }

  /**
   * Feeds a capture into the meter as {@code rtfm meter -r} does and returns the flows as its
   * CSV: the flows the meter recovers on the way (inactivity timeout) first, as they go, then
   * the flow table.
   */
  String replay(Path capture) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FlowCsvWriter csv = new FlowCsvWriter(out);
    meter.flowTable().setRecoveryListener(csv::write);
    Meter.CaptureSession session = meter.captureSession();
    try (PacketSource source = CaptureFiles.open(capture)) {
      meter.addInterfaces(source);
      source.run(meter.sink());
    } finally {
      session.close();
      meter.flowTable().setRecoveryListener((table, slot) -> { });
    }
    csv.writeAll(meter.flowTable());
    csv.flush();
    return out.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    clients.forEach(MeterClient::close);
    agent.stop();
  }
}
