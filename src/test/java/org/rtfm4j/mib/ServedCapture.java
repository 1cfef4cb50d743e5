package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rtfm4j.agent.AgentConfig;
import org.rtfm4j.agent.SnmpAgent;
import org.rtfm4j.capture.CaptureFiles;
import org.rtfm4j.capture.PacketSource;
import org.rtfm4j.cli.Main;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;

/**
 * A capture metered twice with the same rule files: once offline by {@code rtfm meter
 * --flows-out} (the truth: its CSV and summary), once in this JVM by a {@link Meter} whose flow
 * data an {@link SnmpAgent} serves on a loopback port. Meter time is packet time, so both runs
 * end with the same flow table.
 */
final class ServedCapture implements AutoCloseable {
  private static final String LOOPBACK = "127.0.0.1";
  /** A community that may write whatever the MIB lets anyone write. */
  static final String RW_COMMUNITY = "s3cret";

  final Meter meter;
  final int port;
  /** The CSV records of the flows still in the table at the end, each by RFC 2722 name. */
  final List<Map<String, String>> tableFlows;
  private final SnmpAgent agent;

  private ServedCapture(Meter meter, SnmpAgent agent, List<Map<String, String>> tableFlows) {
    this.meter = meter;
    this.agent = agent;
    this.port = agent.address().getPort();
    this.tableFlows = tableFlows;
  }

  static ServedCapture start(Path capture, List<String> ruleFiles, Path dir) throws Exception {
    List<Map<String, String>> flows = offlineTableFlows(capture, ruleFiles, dir);
    Meter meter = new Meter(FlowTable.DEFAULT_MAX_FLOWS, MeterClock.packetTime(),
        OctetCounting.IP);
    int task = 1;
    for (String file : ruleFiles) {
      RuleSet rs = RuleFileParser.parse(Path.of(file));
      meter.addRuleSet(rs);
      meter.setTask(task++, rs.number(), 0, 0);
    }
    try (PacketSource source = CaptureFiles.open(capture)) {
      source.run(meter.sink());
    }
    SnmpAgent agent = new SnmpAgent(
        new AgentConfig(new InetSocketAddress(LOOPBACK, 0), RW_COMMUNITY, "test", "", "", ""),
        meter.clock()::now);
    agent.register(new FlowDataTables(meter));
    agent.start();
    return new ServedCapture(meter, agent, flows);
  }

  /**
   * Runs {@code rtfm meter} and returns the records of the flows left in its table: the CSV ends
   * with them (flows recovered while metering are written first), and the summary says how many.
   */
  private static List<Map<String, String>> offlineTableFlows(Path capture, List<String> ruleFiles,
      Path dir) throws Exception {
    Path csv = dir.resolve(capture.getFileName() + ".flows.csv");
    Path stats = dir.resolve(capture.getFileName() + ".stats.txt");
    List<String> args = new ArrayList<>(List.of("meter", "-q", "-r", capture.toString(),
        "--flows-out", csv.toString(), "--stats-out", stats.toString()));
    for (String f : ruleFiles) {
      args.add("-R");
      args.add(f);
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args.toArray(new String[0]),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    int active = -1;
    for (String line : Files.readAllLines(stats, StandardCharsets.UTF_8)) {
      if (line.startsWith("flows.active=")) {
        active = Integer.parseInt(line.substring("flows.active=".length()));
      }
    }
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    String[] header = lines.get(0).split(",", -1);
    List<Map<String, String>> flows = new ArrayList<>();
    for (String line : lines.subList(lines.size() - active, lines.size())) {
      String[] fields = line.split(",", -1);
      Map<String, String> flow = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        flow.put(header[i], fields[i]);
      }
      flows.add(flow);
    }
    return flows;
  }

  @Override
  public void close() {
    agent.stop();
  }
}
