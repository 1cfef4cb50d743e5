package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtfm4j.testutil.Command;

/**
 * mibs/ holds FLOW-METER-MIB (RFC 2720) and every module it imports: smilint finds nothing but
 * RFC 2720's own flowPackageSelector error, and net-snmp resolves its names.
 */
class MibFilesTest {
  @Test
  void smilintReportsOnlyRfc2720sOwnError() throws Exception {
    assumeTrue(Command.onPath("smilint"), "smilint not installed (Debian package smitools)");
    // smilint exits 0 even when it reports errors: its output is what counts. SMIPATH (not a
    // flag) tells it where the imported modules are.
    String out = Command.run(List.of("env", "SMIPATH=mibs", "smilint", "-c", "/dev/null", "-l",
        "3", "-s", "mibs/FLOW-METER-MIB.txt")).out();
    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), out);
    assertTrue(lines.get(0).contains("flowPackageSelector")
        && lines.get(0).contains("size restriction"), out);
  }

  @Test
  void netSnmpResolvesTheModulesNames() throws Exception {
    assumeTrue(Command.onPath("snmptranslate"),
        "snmptranslate not installed (Debian package snmp)");
    // RFC 2720: flowMIB is mib-2 40; flowDataToOctets is column 27 of flowDataEntry (flowData 1 1).
    String out = Command.run(List.of("snmptranslate", "-M", "mibs", "-m", "FLOW-METER-MIB", "-On",
        "FLOW-METER-MIB::flowDataToOctets", "FLOW-METER-MIB::flowRuleMatchedValue",
        "FLOW-METER-MIB::flowFloodMode")).out();
    assertEquals(List.of(".1.3.6.1.2.1.40.2.1.1.27", ".1.3.6.1.2.1.40.3.1.1.5",
        ".1.3.6.1.2.1.40.1.9"), out.lines().filter(l -> l.startsWith(".")).toList(), out);
  }

  @Test
  void ourStatisticsModuleIsCleanAndResolves() throws Exception {
    assumeTrue(Command.onPath("smilint"), "smilint not installed (Debian package smitools)");
    String out = Command.run(List.of("env", "SMIPATH=mibs", "smilint", "-c", "/dev/null", "-l",
        "3", "-s", "mibs/RTFM4J-METER-MIB.txt")).out();
    assertEquals("", out.strip(), out);
    assumeTrue(Command.onPath("snmptranslate"),
        "snmptranslate not installed (Debian package snmp)");
    String oids = Command.run(List.of("snmptranslate", "-M", "mibs", "-m", "RTFM4J-METER-MIB",
        "-On", "RTFM4J-METER-MIB::rtfm4jPacketsRead",
        "RTFM4J-METER-MIB::rtfm4jMalformedPackets")).out();
    assertEquals(List.of(MeterStatisticsMib.OID_PACKETS + ".1",
        MeterStatisticsMib.OID_MALFORMED_ENTRY + ".3").stream().map(o -> "." + o).toList(),
        oids.lines().filter(l -> l.startsWith(".")).toList(), oids);
  }
}
