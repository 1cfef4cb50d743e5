package org.rtfm4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.agent.AgentConfig;
import org.rtfm4j.agent.AgentConfigFile;
import org.rtfm4j.agent.SnmpAgent;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.mib.FlowMeterMib;
import org.rtfm4j.testutil.Command;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.VariableBinding;

/**
 * The client the manager and reader share, against a real agent run with examples/snmp.conf:
 * v2c and v3 reads, v3 writes, and each way of failing reported in plain words.
 */
class MeterClientTest {
  private static final OID FLOW_CONTROL = new OID("1.3.6.1.2.1.40.1");
  private static final OID FLOOD_MARK = new OID("1.3.6.1.2.1.40.1.5.0");
  private static final String EXAMPLE = "examples/snmp.conf";
  /** The example's users, as examples/snmp.conf defines them. */
  private static final String[] MANAGER = {"-v", "3", "-u", "manager", "-l", "authPriv", "-a",
      "SHA-512", "-A", "manager auth passphrase", "-x", "AES-256", "-X",
      "manager privacy passphrase"};
  private static final String[] READER = {"-v", "3", "-u", "reader", "-l", "authPriv", "-a",
      "SHA-256", "-A", "reader auth passphrase", "-x", "AES", "-X", "reader privacy passphrase"};

  private Meter meter;
  private SnmpAgent agent;
  private int port;
  private final List<MeterClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    meter = new Meter(1000, MeterClock.packetTime(), OctetCounting.IP);
    AgentConfig c = AgentConfigFile.read(Path.of(EXAMPLE)).applyTo(
        new AgentConfig(new InetSocketAddress("127.0.0.1", 0), null, "test", "", "", ""));
    agent = new SnmpAgent(c, () -> 4242L);
    agent.register(new FlowMeterMib(meter));
    agent.start();
    port = agent.address().getPort();
  }

  @AfterEach
  void stop() {
    clients.forEach(MeterClient::close);
    agent.stop();
  }

  private MeterClient client(String... args) throws Exception {
    String[] all = new String[args.length + 2];
    all[0] = "--meter";
    all[1] = "127.0.0.1:" + port;
    System.arraycopy(args, 0, all, 2, args.length);
    CommandLine cl = new DefaultParser().parse(ClientOptions.add(new Options()), all);
    MeterClient m = MeterClient.open(ClientOptions.targets(cl).get(0), 500, 0);
    clients.add(m);
    return m;
  }

  @Test
  void readsWithV2cPublicAndV3Users() throws Exception {
    assertEquals(4242L, client().sysUpTime());
    assertEquals(new Integer32(Meter.DEFAULT_FLOOD_MARK), client(READER).get(FLOOD_MARK));
    assertEquals(new Integer32(Meter.DEFAULT_FLOOD_MARK), client(MANAGER).get(FLOOD_MARK));
  }

  @Test
  void managerWritesReaderIsRefusedInPlainWords() throws Exception {
    client(MANAGER).set(List.of(new VariableBinding(FLOOD_MARK, new Integer32(50))));
    assertEquals(50, meter.floodMark());
    MeterException e = assertThrows(MeterException.class, () -> client(READER)
        .set(List.of(new VariableBinding(FLOOD_MARK, new Integer32(60)))));
    assertEquals(MeterException.Kind.ERROR_STATUS, e.kind());
    assertTrue(e.getMessage().contains("noAccess")
        && e.getMessage().contains("may not write"), e.getMessage());
    assertEquals(50, meter.floodMark());
    MeterException wrong = assertThrows(MeterException.class, () -> client(MANAGER)
        .set(List.of(new VariableBinding(FLOOD_MARK, new Integer32(101)))));
    assertEquals("wrongValue", ErrorStatus.name(wrong.errorStatus()));
    assertEquals(FLOOD_MARK, wrong.failedObject());
  }

  @Test
  void unknownUserAndWrongPassphraseAreReportsNotTimeouts() throws Exception {
    MeterException unknown = assertThrows(MeterException.class, () -> client("-v", "3", "-u",
        "nobody", "-l", "authNoPriv", "-a", "SHA-256", "-A", "whatever123").sysUpTime());
    assertEquals(MeterException.Kind.REPORT, unknown.kind());
    assertTrue(unknown.getMessage().contains("unknown user name"), unknown.getMessage());
    String[] badAuth = MANAGER.clone();
    badAuth[9] = "not the passphrase";
    MeterException auth = assertThrows(MeterException.class, () -> client(badAuth).sysUpTime());
    assertEquals(MeterException.Kind.REPORT, auth.kind());
    assertTrue(auth.getMessage().contains("authentication failure"), auth.getMessage());
  }

  @Test
  void wrongCommunityTimesOutWithAHint() throws Exception {
    MeterException e = assertThrows(MeterException.class,
        () -> client("-c", "nope").sysUpTime());
    assertEquals(MeterException.Kind.TIMEOUT, e.kind());
    assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
    assertTrue(!e.getMessage().contains("nope"), "the message must not show the community");
  }

  @Test
  void walkGivesWhatSnmpwalkGives() throws Exception {
    assumeTrue(Command.onPath("snmpwalk"), "snmpwalk not installed");
    List<String> ours = new ArrayList<>();
    client().walk(FLOW_CONTROL, 3, vb -> ours.add("." + vb.getOid() + " = "
        + vb.getVariable().toString()));
    Command.Result r = Command.run(List.of("snmpwalk", "-v2c", "-c", "public", "-On", "-Oq",
        "-t", "2", "127.0.0.1:" + port, "." + FLOW_CONTROL));
    List<String> theirs = r.out().lines().map(l -> l.replaceFirst(" ", " = ")).toList();
    assertEquals(theirs, ours);
    assertTrue(ours.size() >= 5, ours.toString());
  }

  @Test
  void meterListFileLinesOverrideTheCommandLine(@TempDir Path dir) throws Exception {
    Path list = dir.resolve("meters");
    Files.writeString(list, String.join("\n",
        "# two meters",
        "meter 127.0.0.1:" + port + " -c other",
        "meter [::1]:16161 -v 3 -u manager -l authPriv -a SHA-512 -A \"a b c d e f\""
            + " -x AES-256 -X 'g h i j k l'",
        ""));
    CommandLine cl = new DefaultParser().parse(ClientOptions.add(new Options()),
        new String[] {"--meters", list.toString(), "-c", "fallback"});
    List<MeterTarget> t = ClientOptions.targets(cl);
    assertEquals(2, t.size());
    assertEquals("other", t.get(0).community());
    assertEquals("::1", t.get(1).host());
    assertEquals("g h i j k l", t.get(1).privPassphrase());
    assertEquals("[::1]:16161 as user manager (authPriv)", t.get(1).toString());

    Files.writeString(list, "meter 127.0.0.1:16161\nmeters oops\n");
    ClientOptions.UsageException e = assertThrows(ClientOptions.UsageException.class,
        () -> ClientOptions.targets(cl));
    assertEquals(list + ":2:1: expected 'meter HOST:PORT [options]'", e.getMessage());
    Files.writeString(list, "meter ::1:16161\n");
    e = assertThrows(ClientOptions.UsageException.class, () -> ClientOptions.targets(cl));
    assertTrue(e.getMessage().startsWith(list + ":1:7: write an IPv6 address in brackets"),
        e.getMessage());
  }
}
