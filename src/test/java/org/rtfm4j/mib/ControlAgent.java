package org.rtfm4j.mib;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rtfm4j.agent.AgentConfig;
import org.rtfm4j.agent.SnmpAgent;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.testutil.Command;
import org.rtfm4j.testutil.Command.Result;
import org.snmp4j.agent.MOGroup;

/**
 * A meter's agent serving the control tables on loopback (port 0, read back), driven with
 * net-snmp's command-line tools as a manager would.
 */
final class ControlAgent implements AutoCloseable {
  static final String LOOPBACK = "127.0.0.1";
  static final String RW = "s3cret";

  // RFC 2720 object identifiers, from the RFC text: flowMIB = mib-2 40.
  static final String FLOW_CONTROL = ".1.3.6.1.2.1.40.1";
  static final String RULE_INFO = FLOW_CONTROL + ".1.1";
  static final String INTERFACE = FLOW_CONTROL + ".2.1";
  static final String READER = FLOW_CONTROL + ".3.1";
  static final String MANAGER = FLOW_CONTROL + ".4.1";
  static final String RULE = ".1.3.6.1.2.1.40.3.1.1";

  final Meter meter;
  final FlowControlTables tables;
  final List<String> log = new ArrayList<>();
  private final SnmpAgent agent;
  private final int port;

  ControlAgent(Meter meter, MOGroup... more) throws Exception {
    this.meter = meter;
    this.tables = new FlowControlTables(meter, line -> {
      synchronized (log) {
        log.add(line);
      }
    });
    agent = new SnmpAgent(
        new AgentConfig(new InetSocketAddress(LOOPBACK, 0), RW, "test", "", "", ""),
        meter.clock()::now);
    agent.register(new FlowMeterMib(meter));
    agent.register(tables);
    for (MOGroup g : more) {
      agent.register(g);
    }
    agent.start();
    port = agent.address().getPort();
  }

  static boolean netSnmpInstalled() throws Exception {
    for (String tool : List.of("snmpget", "snmpset", "snmpwalk", "snmpbulkwalk")) {
      if (!Command.onPath(tool)) {
        return false;
      }
    }
    return true;
  }

  List<String> logLines() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** A net-snmp v2c command with the read-write community: numeric OIDs, one try. */
  Result snmp(String tool, String... args) throws Exception {
    return snmpAs(RW, tool, args);
  }

  /** A net-snmp v2c command with {@code community}. */
  Result snmpAs(String community, String tool, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(tool, "-On", "-t", "2", "-r", "0", "-v2c", "-c",
        community, LOOPBACK + ":" + port));
    cmd.addAll(List.of(args));
    return Command.run(cmd);
  }

  /** snmpset with the read-write community. */
  Result set(String... args) throws Exception {
    return snmp("snmpset", args);
  }

  /** The value part of one snmpget answer (after " = "), e.g. "INTEGER: 1". */
  String get(String oid) throws Exception {
    Result r = snmp("snmpget", oid);
    if (r.exitCode() != 0) {
      throw new AssertionError("snmpget " + oid + ": " + r.out());
    }
    String line = r.out().strip();
    return line.substring(line.indexOf(" = ") + 3);
  }

  /** Every "OID = value" line of a walk of {@code oid}. */
  List<String> walk(String oid) throws Exception {
    Result r = snmp("snmpwalk", oid);
    if (r.exitCode() != 0) {
      throw new AssertionError("snmpwalk " + oid + ": " + r.out());
    }
    // An empty subtree: net-snmp says so on a line of its own ("No Such Object ..."); only
    // instances below oid count.
    return r.out().lines().filter(l -> l.startsWith(oid + ".") && l.contains(" = ")).toList();
  }

  /**
   * A walk of {@code oid} with octet strings always in hex (-Ox), as OID -> value text (e.g.
   * "Hex-STRING: FF 00", "INTEGER: 8").
   */
  Map<String, String> walkHex(String oid) throws Exception {
    Result r = snmp("snmpbulkwalk", "-Ox", "-Cr25", oid);
    if (r.exitCode() != 0) {
      throw new AssertionError("snmpwalk " + oid + ": " + r.out());
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : r.out().lines().toList()) {
      int eq = line.indexOf(" = ");
      if (eq > 0) {
        m.put(line.substring(0, eq), line.substring(eq + 3).strip());
      }
    }
    return m;
  }

  @Override
  public void close() {
    agent.stop();
  }
}
