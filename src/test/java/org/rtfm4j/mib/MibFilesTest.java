package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mibs/ holds FLOW-METER-MIB (RFC 2720) and every module it imports: smilint finds nothing but
 * RFC 2720's own flowPackageSelector error, and net-snmp resolves its names.
 */
class MibFilesTest {
  private static String run(List<String> command, String... env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    for (int i = 0; i < env.length; i += 2) {
      pb.environment().put(env[i], env[i + 1]);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private static boolean onPath(String tool) throws IOException, InterruptedException {
    return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
  }

  @Test
  void smilintReportsOnlyRfc2720sOwnError() throws Exception {
    assumeTrue(onPath("smilint"), "smilint not installed (Debian package smitools)");
    // smilint exits 0 even when it reports errors: its output is what counts.
    String out = run(List.of("smilint", "-c", "/dev/null", "-l", "3", "-s",
        "mibs/FLOW-METER-MIB.txt"), "SMIPATH", "mibs");
    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), out);
    assertTrue(lines.get(0).contains("flowPackageSelector")
        && lines.get(0).contains("size restriction"), out);
  }

  @Test
  void netSnmpResolvesTheModulesNames() throws Exception {
    assumeTrue(onPath("snmptranslate"), "snmptranslate not installed (Debian package snmp)");
    // RFC 2720: flowMIB is mib-2 40; flowDataToOctets is column 27 of flowDataEntry (flowData 1 1).
    String out = run(List.of("snmptranslate", "-M", "mibs", "-m", "FLOW-METER-MIB", "-On",
        "FLOW-METER-MIB::flowDataToOctets", "FLOW-METER-MIB::flowRuleMatchedValue",
        "FLOW-METER-MIB::flowFloodMode"));
    assertEquals(List.of(".1.3.6.1.2.1.40.2.1.1.27", ".1.3.6.1.2.1.40.3.1.1.5",
        ".1.3.6.1.2.1.40.1.9"), out.lines().filter(l -> l.startsWith(".")).toList(), out);
  }
}
