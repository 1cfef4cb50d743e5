package org.rtfm4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.agent.AccessControl.Access;
import org.rtfm4j.agent.AccessControl.AuthProtocol;
import org.rtfm4j.agent.AccessControl.Community;
import org.rtfm4j.agent.AccessControl.Group;
import org.rtfm4j.agent.AccessControl.Level;
import org.rtfm4j.agent.AccessControl.PrivProtocol;
import org.rtfm4j.agent.AccessControl.SecurityModel;
import org.rtfm4j.agent.AccessControl.Source;
import org.rtfm4j.agent.AccessControl.User;
import org.rtfm4j.agent.AccessControl.View;
import org.rtfm4j.testutil.Command;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

/**
 * The SNMP configuration file: good lines become the communities, users and VACM entries they
 * mean in net-snmp's snmpd.conf, and each bad line is refused with FILE:LINE:COLUMN and why.
 */
class AgentConfigFileTest {
  private static final String FILE = "t.conf";
  private static final String GOOD_PASS = "long enough passphrase";

  @Test
  void goodLinesMeanWhatSnmpdConfSays() throws Exception {
    AgentConfigFile f = AgentConfigFile.parse(FILE, String.join("\n",
        "# a comment",
        "   ",
        "agentAddress udp:127.0.0.1:1161",
        "sysName \"meter one\"",
        "sysLocation Room 4, rack 2   # trailing comment",
        "view all included .1",
        "view readerWrite included FLOW-METER-MIB::flowReaderInfoTable",
        "view masked excluded 1.3.6.1.2.1.2.2.1.1 ff:c0",
        "com2sec net 10.0.0.0/255.0.0.0 \"comm with space\"",
        "group netGroup v2c net",
        "access netGroup \"\" any noauth prefix all none none",
        "rocommunity public default system",
        "createUser alice SHA-256 \"" + GOOD_PASS + "\"",
        "createUser bob sha-512 'it\\'s a passphrase' aes-256 \"another passphrase\"",
        "rouser alice",
        "rwuser -s usm bob priv -V readerWrite \"\"",
        "allowInsecureProtocols no"));
    AccessControl ac = f.access();
    assertEquals(new InetSocketAddress("127.0.0.1", 1161), f.address().orElseThrow());
    AgentConfig c = f.applyTo(AgentConfig.defaults());
    assertEquals("meter one", c.sysName());
    assertEquals("Room 4, rack 2", c.sysLocation());
    assertEquals("", c.sysContact(), "not in the file: the base value stays");

    // RFC 2720: flowReaderInfoTable ::= { flowControl 3 }, flowControl ::= { flowMIB 1 },
    // flowMIB ::= { mib-2 40 }; SNMPv2-MIB system ::= { mib-2 1 }.
    assertEquals(List.of(
        new View("all", new OID("1"), new OctetString(), true),
        new View("readerWrite", new OID("1.3.6.1.2.1.40.1.3"), new OctetString(), true),
        new View("masked", new OID("1.3.6.1.2.1.2.2.1.1"),
            new OctetString(new byte[] {(byte) 0xff, (byte) 0xc0}), false),
        new View("rocommunity@12", new OID("1.3.6.1.2.1.1"), new OctetString(), true),
        new View("rouser@15", new OID("1"), new OctetString(), true)), ac.views());
    assertEquals(List.of(
        new Community("comm with space", "net",
            new Source(InetAddress.getByName("10.0.0.0"), 8)),
        new Community("public", "rocommunity@12", null)), ac.communities());
    assertEquals(List.of(
        new Group("netGroup", SecurityModel.V2C, "net"),
        new Group("rocommunity@12", SecurityModel.V1, "rocommunity@12"),
        new Group("rocommunity@12", SecurityModel.V2C, "rocommunity@12"),
        // net-snmp: rouser/rwuser without a level mean authNoPriv.
        new Group("rouser@15", SecurityModel.USM, "alice"),
        new Group("rwuser@16", SecurityModel.USM, "bob")), ac.groups());
    assertEquals(List.of(
        new Access("netGroup", "", SecurityModel.ANY, Level.NO_AUTH, true, "all", "", ""),
        new Access("rocommunity@12", "", SecurityModel.ANY, Level.NO_AUTH, false,
            "rocommunity@12", "", ""),
        new Access("rouser@15", "", SecurityModel.USM, Level.AUTH, false, "rouser@15", "", ""),
        new Access("rwuser@16", "", SecurityModel.USM, Level.PRIV, false, "readerWrite",
            "readerWrite", "")), ac.access());
    assertEquals(List.of(
        new User("alice", AuthProtocol.SHA256, GOOD_PASS, null, null),
        new User("bob", AuthProtocol.SHA512, "it's a passphrase", PrivProtocol.AES256,
            "another passphrase")), ac.users());
    assertFalse(ac.allowInsecureProtocols());
    assertEquals(List.of(), f.warnings());
  }

  @Test
  void everyBadLineIsRefusedWithItsColumnAndReason() {
    // Each case: context lines (good), then the bad line, then the expected message.
    List<String[]> cases = List.of(
        bad("", "disk / 10000", 1,
            "unknown directive 'disk': rtfm4j reads agentAddress, sysContact, sysName,"
                + " sysLocation, view, com2sec, group, access, rocommunity, rwcommunity,"
                + " createUser, rouser, rwuser, allowInsecureProtocols"),
        bad("", "createUser u SHA-256 short1", "short1",
            "the authentication passphrase is shorter than 8 characters (RFC 3414 §11.2)"),
        bad("", "createUser u SHA-256 \"" + GOOD_PASS + "\" AES 1234567", "1234567",
            "the privacy passphrase is shorter than 8 characters (RFC 3414 §11.2)"),
        bad("", "createUser u SHA-999 \"" + GOOD_PASS + "\"", "SHA-999",
            "unknown authentication protocol 'SHA-999': say SHA, SHA-224, SHA-256, SHA-384 or"
                + " SHA-512"),
        bad("", "createUser u SHA \"" + GOOD_PASS + "\" 3DES", "3DES",
            "unknown privacy protocol '3DES': say AES, AES-192 or AES-256"),
        bad("", "createUser u MD5 \"" + GOOD_PASS + "\"", "MD5",
            "createUser u: MD5 is refused: it is broken (RFC 6151); use SHA-256 or better, or"
                + " say 'allowInsecureProtocols yes'"),
        bad("", "createUser u SHA \"" + GOOD_PASS + "\" DES", "DES",
            "createUser u: DES is refused: its 56-bit key falls to exhaustive search; use AES, or"
                + " say 'allowInsecureProtocols yes'"),
        bad("", "createUser -e 0x8000 u SHA \"" + GOOD_PASS + "\"", "-e",
            "option -e is not supported: keys are localized to the agent's own engine ID at"
                + " every start (RFC 3414 §2.6); give passphrases"),
        bad("", "createUser u", 13,
            "an SNMPv3 user without authentication is no safer than a community; usage:"
                + " createUser NAME SHA|SHA-224|SHA-256|SHA-384|SHA-512 AUTHPASS"
                + " [AES|AES-192|AES-256 [PRIVPASS]]"),
        bad("createUser u SHA \"" + GOOD_PASS + "\"", "createUser u SHA \"" + GOOD_PASS + "\"",
            "u", "user u is already created at line 1"),
        bad("", "view v sideways .1", "sideways", "'sideways': say included or excluded"),
        bad("", "view v included flowNoSuchTable", "flowNoSuchTable",
            "unknown object name 'flowNoSuchTable': use a dotted OID or one of "
                + MibNames.known()),
        bad("", "view v included 1.3.x", "1.3.x",
            "'1.3.x': 'x' is not a sub-identifier (0..4294967295)"),
        bad("", "view v included .1 fg", "fg", "mask 'fg': write hex octets such as ff or ff:c0"),
        bad("", "view none included .1", "none",
            "'none' means no view in access lines: pick another name"),
        bad("", "view a@b included .1", "a@b",
            "view name 'a@b': names with '@' or starting with 'rtfm4j' are reserved for names"
                + " rtfm4j makes itself"),
        bad("view v included .1", "view v included .1", 6,
            "view v 1 is already given at line 1"),
        bad("view v included .1\ngroup g usm u\ncreateUser u SHA \"" + GOOD_PASS + "\"",
            "access g \"ctx\" usm priv exact v none none", "\"ctx\"",
            "context 'ctx': this agent serves only the default context, write \"\""),
        bad("group g usm u\ncreateUser u SHA \"" + GOOD_PASS + "\"",
            "access g \"\" usm priv exact nosuchview none none", "nosuchview",
            "no view line defines view 'nosuchview'"),
        bad("view v included .1", "access nobody \"\" usm priv exact v none none", "nobody",
            "no group line puts anyone in group 'nobody'"),
        bad("view v included .1\ngroup g usm u\ncreateUser u SHA \"" + GOOD_PASS + "\"",
            "access g \"\" tsm priv exact v none none", "tsm",
            "security model 'tsm': say any, v1, v2c or usm"),
        bad("view v included .1\ngroup g usm u\ncreateUser u SHA \"" + GOOD_PASS + "\"",
            "access g \"\" usm secret exact v none none", "secret",
            "security level 'secret': say noauth, auth or priv"),
        bad("view v included .1\ngroup g usm u\ncreateUser u SHA \"" + GOOD_PASS + "\"",
            "access g \"\" usm priv exact v none", 34,
            "missing argument: usage: access GROUP CONTEXT MODEL LEVEL PREFIX READ WRITE NOTIFY"),
        bad("", "group g any u", "any", "security model 'any': say v1, v2c or usm"),
        bad("createUser u SHA \"" + GOOD_PASS + "\"\ngroup g1 usm u", "group g2 usm u",
            14, "u (usm) is already in a group at line 2: VACM maps a security name to one"
                + " group (RFC 3415 §4)"),
        bad("", "group g usm ghost", "ghost", "no createUser line for user 'ghost'"),
        bad("", "rouser ghost priv", "ghost", "no createUser line for user 'ghost'"),
        bad("createUser u SHA \"" + GOOD_PASS + "\"", "rouser u secret", "secret",
            "security level 'secret': say noauth, auth or priv"),
        bad("", "com2sec s example.org public", "example.org",
            "source 'example.org': say default, localhost or an address with an optional"
                + " /prefix (host names are not looked up)"),
        bad("", "com2sec s 10.0.0.0/255.0.255.0 public", "10.0.0.0/255.0.255.0",
            "source '10.0.0.0/255.0.255.0': '255.0.255.0' is neither a prefix length 0..32"
                + " nor a contiguous IPv4 mask"),
        bad("", "com2sec -Cn ctx s default public", "ctx",
            "context 'ctx': this agent serves only the default context, write \"\""),
        bad("rocommunity public 127.0.0.1", "rocommunity public 127.0.0.1", "127.0.0.1",
            "this community from this source is already mapped at line 1 (the first match"
                + " wins, RFC 3584 §5.2.1): this line could never be used"),
        bad("", "rocommunity public default -V nosuchview", "nosuchview",
            "no view line defines view 'nosuchview'"),
        bad("", "rwcommunity private default .1 \"ctx\"", "\"ctx\"",
            "context 'ctx': this agent serves only the default context, write \"\""),
        bad("", "agentAddress tcp:127.0.0.1:161", "tcp:127.0.0.1:161",
            "transport 'tcp' is not served: rtfm4j answers SNMP over udp and udp6 only"),
        bad("", "agentAddress udp:127.0.0.1", "udp:127.0.0.1",
            "'udp:127.0.0.1' has no port: write HOST:PORT (net-snmp would use 161; rtfm4j's"
                + " default is 16161)"),
        bad("", "agentAddress udp:127.0.0.1:161,udp:[::1]:161", "udp:127.0.0.1:161,",
            "one address only: rtfm4j listens on a single UDP address"),
        bad("", "agentAddress udp:127.0.0.1:70000", "udp:127.0.0.1:70000",
            "port '70000' is not 0..65535"),
        bad("agentAddress udp:127.0.0.1:1161", "agentAddress udp:127.0.0.1:1162", 1,
            "agentAddress is already given at line 1"),
        bad("", "sysName \"unterminated", "\"unterminated",
            "quote \" is not closed on this line"),
        bad("", "sysName", 8, "sysName needs a value"),
        bad("", "allowInsecureProtocols maybe", "maybe", "'maybe': say yes or no"));
    List<String> failures = new ArrayList<>();
    for (String[] c : cases) {
      String text = c[0].isEmpty() ? c[1] : c[0] + "\n" + c[1];
      int line = c[0].isEmpty() ? 1 : c[0].split("\n").length + 1;
      String expected = FILE + ":" + line + ":" + c[2] + ": " + c[3];
      try {
        AgentConfigFile.parse(FILE, text);
        failures.add("accepted: " + c[1]);
      } catch (AgentConfigException e) {
        if (!e.problems().equals(List.of(expected))) {
          failures.add(c[1] + "\n  expected " + expected + "\n  got      " + e.problems());
        }
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void everyProblemOfAFileIsReportedInLineOrder() {
    AgentConfigException e = assertThrows(AgentConfigException.class, () ->
        AgentConfigFile.parse(FILE, String.join("\n",
            "access g \"\" usm priv exact v none none",
            "createUser u SHA short",
            // u's createUser line is refused, yet it exists: no second problem here.
            "rouser u",
            "bogus")));
    assertEquals(List.of(
        FILE + ":1:8: no group line puts anyone in group 'g'",
        FILE + ":1:28: no view line defines view 'v'",
        FILE + ":2:18: the authentication passphrase is shorter than 8 characters (RFC 3414"
            + " §11.2)",
        FILE + ":4:1: unknown directive 'bogus': rtfm4j reads agentAddress, sysContact,"
            + " sysName, sysLocation, view, com2sec, group, access, rocommunity, rwcommunity,"
            + " createUser, rouser, rwuser, allowInsecureProtocols"), e.problems());
  }

  @Test
  void insecureProtocolsAreAcceptedWhenTheFileSaysSoAnywhere() throws Exception {
    AgentConfigFile f = AgentConfigFile.parse(FILE, String.join("\n",
        "createUser old MD5 \"" + GOOD_PASS + "\" DES",
        "rouser old",
        "allowInsecureProtocols yes"));
    assertTrue(f.access().allowInsecureProtocols());
    assertEquals(new User("old", AuthProtocol.MD5, GOOD_PASS, PrivProtocol.DES, GOOD_PASS),
        f.access().users().get(0));
    // net-snmp reuses the authentication passphrase; RFC 3414 §11.2 advises against it.
    assertEquals(List.of(FILE + ":1: createUser old uses one passphrase for authentication and"
        + " privacy: RFC 3414 §11.2 calls that very poor practice"), f.warnings());
  }

  @Test
  void addressesReadAsNetSnmpReadsThem() throws Exception {
    assertEquals(new InetSocketAddress("::1", 1161), address("udp6:[::1]:1161"));
    assertEquals(new InetSocketAddress("127.0.0.1", 1161), address("127.0.0.1:1161"));
    // A bare port means every interface to net-snmp; the file says so too, with a warning.
    assertEquals(new InetSocketAddress("0.0.0.0", 1161), address("udp:1161"));
    assertEquals(new InetSocketAddress("::", 1161), address("udp6:1161"));
    AgentConfigFile f = AgentConfigFile.parse(FILE, "agentAddress 1161\nrocommunity public");
    assertEquals(List.of(FILE + ":1: agentAddress 1161 listens on every interface: RFC 2720 §5"
        + " asks that only managers and readers reach the meter"), f.warnings());
  }

  @Test
  void namedObjectsAreTheOnesNetSnmpFindsInTheMibFiles() throws Exception {
    assumeTrue(Command.onPath("snmptranslate"), "snmptranslate not installed");
    List<String> wrong = new ArrayList<>();
    for (String name : MibNames.known().split(", ")) {
      Command.Result r = Command.run(List.of("snmptranslate", "-M", "mibs", "-m", "ALL", "-IR",
          "-On", name));
      String expected = r.out().strip();
      String ours = "." + MibNames.parse(name);
      if (r.exitCode() != 0 || !expected.equals(ours)) {
        wrong.add(name + ": snmptranslate " + expected + ", ours " + ours);
      }
    }
    assertEquals(List.of(), wrong);
    assertEquals(new OID("1.3.6.1.2.1.40.1.5.0"),
        MibNames.parse("FLOW-METER-MIB::flowFloodMark.0"));
    assertThrows(IllegalArgumentException.class, () -> MibNames.parse("SNMPv2-MIB::flowMIB"));
  }

  @Test
  void secretsNeverShowInToString() throws Exception {
    AgentConfigFile f = AgentConfigFile.parse(FILE, String.join("\n",
        "createUser u SHA-256 \"" + GOOD_PASS + "\" AES \"other secret words\"",
        "rouser u",
        "rocommunity hush-hush"));
    String text = f.access().toString();
    assertFalse(text.contains(GOOD_PASS), text);
    assertFalse(text.contains("other secret words"), text);
    assertFalse(text.contains("hush-hush"), text);
  }

  @Test
  void aFileOthersCanReadIsUsedWithAWarning(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("snmp.conf");
    Files.writeString(f, "rocommunity public\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(List.of(f + ": holds communities or passphrases and other users can read it:"
        + " chmod 600 it (RFC 3414 §11.2)"), AgentConfigFile.read(f).warnings());
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    assertEquals(List.of(), AgentConfigFile.read(f).warnings());
    Files.write(f, new byte[] {'r', 'o', (byte) 0xff});
    AgentConfigException e = assertThrows(AgentConfigException.class,
        () -> AgentConfigFile.read(f));
    assertEquals(List.of(f + ":1:1: not UTF-8 text"), e.problems());
  }

  private static InetSocketAddress address(String text) throws AgentConfigException {
    return AgentConfigFile.parse(FILE, "agentAddress " + text).address().orElseThrow();
  }

  /** A bad line whose problem is at the first occurrence of {@code at} in it. */
  private static String[] bad(String context, String line, String at, String message) {
    int column = line.indexOf(at) + 1;
    assertTrue(column > 0, at + " not in " + line);
    return new String[] {context, line, Integer.toString(column), message};
  }

  /** A bad line whose problem is at {@code column}. */
  private static String[] bad(String context, String line, int column, String message) {
    return new String[] {context, line, Integer.toString(column), message};
  }
}
