package org.rtfm4j.hardening;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rtfm4j.agent.AccessControl.AuthProtocol;
import org.rtfm4j.agent.AccessControl.PrivProtocol;
import org.rtfm4j.agent.AgentConfig;
import org.rtfm4j.agent.AgentConfigFile;
import org.rtfm4j.agent.SnmpAgent;
import org.rtfm4j.capture.CaptureFiles;
import org.rtfm4j.capture.PacketSource;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterTarget;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.mib.FlowControlTables;
import org.rtfm4j.mib.FlowMeterMib;
import org.rtfm4j.mib.MeterStatisticsMib;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * A meter as an operator would run it with examples/snmp.conf and {@code --rw-community}: SNMPv3
 * users reader and manager, community public read-only, one read-write community, on a free
 * loopback port. It holds rule set 5 run by task 1, rule set 7 downloaded and not in service, an
 * active reader row 3, a task row 2 not in service, interface 1 and the flows of a small capture,
 * so every control table has rows a hostile SET could touch.
 */
final class HostileMeter implements AutoCloseable {
  static final String LOOPBACK = "127.0.0.1";
  static final String RW = "s3cret";
  static final Path SNMP_CONF = Path.of("examples/snmp.conf");
  static final Path CAPTURE = Path.of("src/test/resources/captures/ndpi__dns.pcap");

  // RFC 2720 object identifiers, from the RFC text: flowMIB = mib-2 40.
  static final String RULE_INFO = "1.3.6.1.2.1.40.1.1.1";
  static final String READER = "1.3.6.1.2.1.40.1.3.1";
  static final String MANAGER = "1.3.6.1.2.1.40.1.4.1";
  static final String RULE = "1.3.6.1.2.1.40.3.1.1";
  /** snmpEngineID.0 (RFC 3411). */
  static final OID ENGINE_ID = new OID("1.3.6.1.6.3.10.2.1.1.0");

  final Meter meter;
  private final SnmpAgent agent;
  private final int port;
  private final List<MeterClient> clients = new ArrayList<>();

  HostileMeter(int maxFlows) throws Exception {
    meter = new Meter(maxFlows, MeterClock.packetTime(), OctetCounting.IP);
    RuleSet five = RuleFileParser.parse(Path.of("rulesets/five-tuple.rules"));
    meter.addRuleSet(five);
    meter.setTask(1, five.number(), 0, 0);
    try (PacketSource source = CaptureFiles.open(CAPTURE)) {
      meter.addInterfaces(source);
      source.run(meter.sink());
    }
    AgentConfig c = AgentConfigFile.read(SNMP_CONF)
        .applyTo(new AgentConfig(new InetSocketAddress(LOOPBACK, 0), null, "test", "", "", ""))
        .withAddress(new InetSocketAddress(LOOPBACK, 0))
        .withRwCommunity(RW);
    agent = new SnmpAgent(c, meter.clock()::now);
    agent.register(new FlowMeterMib(meter));
    agent.register(new MeterStatisticsMib(meter));
    agent.register(new FlowControlTables(meter, line -> { }));
    agent.start();
    port = agent.address().getPort();
    controlRows();
  }

  int port() {
    return port;
  }

  /** A v1/v2c client, closed with the meter. */
  MeterClient community(MeterTarget.Version v, String community, int timeoutMillis, int retries)
      throws Exception {
    return open(MeterTarget.community(LOOPBACK, port, v, community), timeoutMillis, retries);
  }

  /** A client for {@code target}, closed with the meter. */
  MeterClient open(MeterTarget target, int timeoutMillis, int retries) throws Exception {
    MeterClient c = MeterClient.open(target, timeoutMillis, retries);
    synchronized (clients) {
      clients.add(c);
    }
    return c;
  }

  /** examples/snmp.conf's manager at authPriv, talking to {@code port} (the meter or a relay). */
  static MeterTarget manager(int toPort) {
    return new MeterTarget(LOOPBACK, toPort, MeterTarget.Version.V3, null, "manager",
        MeterTarget.Level.AUTH_PRIV, AuthProtocol.SHA512, "manager auth passphrase",
        PrivProtocol.AES256, "manager privacy passphrase", false);
  }

  /** examples/snmp.conf's reader at {@code level}. */
  static MeterTarget reader(int toPort, MeterTarget.Level level) {
    boolean priv = level == MeterTarget.Level.AUTH_PRIV;
    boolean auth = level != MeterTarget.Level.NO_AUTH_NO_PRIV;
    return new MeterTarget(LOOPBACK, toPort, MeterTarget.Version.V3, null, "reader", level,
        auth ? AuthProtocol.SHA256 : null, auth ? "reader auth passphrase" : null,
        priv ? PrivProtocol.AES128 : null, priv ? "reader privacy passphrase" : null,
        false);
  }

  /**
   * Everything under {@code 1.3} that a manager could change, as OID = value lines, read with
   * the read-write community: counters, clocks and statistics that move by themselves are left
   * out (they are listed in {@code VOLATILE}).
   */
  Map<String, String> writableState() throws Exception {
    MeterClient c = community(MeterTarget.Version.V2C, RW, 2000, 1);
    Map<String, String> m = new LinkedHashMap<>();
    c.walk(new OID("1.3"), 25, vb -> {
      String oid = vb.getOid().toDottedString();
      if (!isVolatile(oid)) {
        m.put(oid, vb.getVariable().getSyntaxString() + ": " + vb.getVariable());
      }
      return true;
    });
    return m;
  }

  /** Objects that change without a SET: counters, clocks, statistics. */
  private static final List<String> VOLATILE = List.of(
      "1.3.6.1.2.1.1.3.",         // sysUpTime
      "1.3.6.1.2.1.11.",          // snmp group counters (snmpEnableAuthenTraps is kept below)
      "1.3.6.1.2.1.92.1.2.",      // nlmStats: notifications logged
      "1.3.6.1.2.1.92.1.3.",      // nlmLogTable: the notifications themselves
      "1.3.6.1.2.1.198.2.1.",     // snmpTlstmSessionStats
      "1.3.6.1.3.2722.",          // RTFM4J-METER-MIB packet statistics
      "1.3.6.1.6.3.10.2.1.3.",    // snmpEngineTime
      "1.3.6.1.6.3.11.2.1.",      // snmpMPDStats
      "1.3.6.1.6.3.12.1.4.",      // snmpUnavailableContexts
      "1.3.6.1.6.3.12.1.5.",      // snmpUnknownContexts
      "1.3.6.1.6.3.15.1.1.",      // usmStats
      "1.3.6.1.4.1.4976.1.1.",    // SNMP4J statistics
      // snmp4jLogFactory: SNMP4J names its default log factory object, a new one at each read.
      "1.3.6.1.4.1.4976.10.1.1.1.1.1.1.0");

  private static boolean isVolatile(String oid) {
    if (oid.equals("1.3.6.1.2.1.11.30.0")) {
      return false; // snmpEnableAuthenTraps is writable
    }
    for (String p : VOLATILE) {
      if (oid.startsWith(p) || oid.equals(p)) {
        return true;
      }
    }
    return false;
  }

  /** Rule set 7 (2 rules, not in service), reader row 3 (active), task row 2 (not in service). */
  private void controlRows() throws Exception {
    MeterClient c = community(MeterTarget.Version.V2C, RW, 2000, 1);
    c.set(List.of(
        vb(RULE_INFO + ".5.7", new Integer32(5)),
        vb(RULE_INFO + ".2.7", new Integer32(2)),
        vb(RULE_INFO + ".6.7", new OctetString("seven")),
        vb(RULE_INFO + ".3.7", new OctetString("tester"))));
    List<VariableBinding> rules = new ArrayList<>();
    // Null & 0 = 0: GotoAct, 2;  SourcePeerType & 255 = 0: CountPkt, 0 (rule set 1's idea).
    rules.addAll(rule(7, 1, 0, new byte[2], new byte[2], 11, 2));
    rules.addAll(rule(7, 2, 8, new byte[] {(byte) 0xFF, 0}, new byte[2], 4, 0));
    c.set(rules);
    c.set(List.of(vb(READER + ".7.3", new Integer32(5)), vb(READER + ".6.3", new Integer32(4))));
    c.set(List.of(vb(MANAGER + ".2.2", new Integer32(5)),
        vb(MANAGER + ".8.2", new Integer32(5))));
  }

  private static List<VariableBinding> rule(int set, int i, int selector, byte[] mask,
      byte[] value, int action, int parameter) {
    String idx = "." + set + "." + i;
    return List.of(vb(RULE + ".3" + idx, new Integer32(selector)),
        vb(RULE + ".4" + idx, new OctetString(mask)),
        vb(RULE + ".5" + idx, new OctetString(value)),
        vb(RULE + ".6" + idx, new Integer32(action)),
        vb(RULE + ".7" + idx, new Integer32(parameter)));
  }

  static VariableBinding vb(String oid, Variable v) {
    return new VariableBinding(new OID(oid), v);
  }

  @Override
  public void close() {
    synchronized (clients) {
      clients.forEach(MeterClient::close);
    }
    agent.stop();
  }
}
