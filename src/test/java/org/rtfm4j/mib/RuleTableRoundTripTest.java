package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleRow;
import org.rtfm4j.rules.RuleRows;
import org.rtfm4j.rules.RuleSet;

/**
 * Every shipped rule file, loaded into the meter as -R loads it, reads back over SNMP (snmpwalk of
 * flowRuleTable) as exactly the file's rules, under an active flowRuleSetInfoTable row named after
 * the file and owned by "rtfm4j -R".
 */
class RuleTableRoundTripTest {
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  @BeforeAll
  static void tools() throws Exception {
    assumeTrue(ControlAgent.netSnmpInstalled(), "net-snmp tools not installed (Debian: snmp)");
  }

  @Test
  void everyShippedRuleFileReadsBackAsItsRules() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("rulesets"))) {
      files = s.filter(p -> p.toString().endsWith(".rules")).sorted().toList();
    }
    assertFalse(files.isEmpty());
    Meter meter = new Meter(100, MeterClock.packetTime(), OctetCounting.IP);
    List<RuleSet> loaded = new ArrayList<>();
    int task = 1;
    for (Path f : files) {
      RuleSet rs = RuleFileParser.parse(f);
      meter.addRuleSet(rs);
      meter.setTask(task++, rs.number(), 0, 0);
      loaded.add(rs);
    }
    try (ControlAgent a = new ControlAgent(meter)) {
      Map<String, String> rules = a.walkHex(ControlAgent.RULE);
      for (RuleSet rs : loaded) {
        int n = rs.number();
        String info = ControlAgent.RULE_INFO;
        assertEquals("INTEGER: " + rs.size(), a.get(info + ".2." + n), rs.name());
        assertEquals("STRING: \"" + FlowControlTables.PRELOADED_OWNER + "\"",
            a.get(info + ".3." + n));
        assertEquals("INTEGER: 1", a.get(info + ".5." + n), "active");
        assertEquals("STRING: \"" + rs.name() + "\"", a.get(info + ".6." + n));
        List<RuleRow> rows = new ArrayList<>();
        for (int i = 1; i <= rs.size(); i++) {
          String idx = "." + n + "." + i;
          rows.add(new RuleRow(integer(rules, ControlAgent.RULE + ".3" + idx),
              hex(rules, ControlAgent.RULE + ".4" + idx),
              hex(rules, ControlAgent.RULE + ".5" + idx),
              integer(rules, ControlAgent.RULE + ".6" + idx),
              integer(rules, ControlAgent.RULE + ".7" + idx)));
        }
        assertEquals(null, rules.get(ControlAgent.RULE + ".3." + n + "." + (rs.size() + 1)),
            "no rule after flowRuleInfoSize");
        RuleRows.Result back = RuleRows.toRules(rows);
        assertEquals(List.of(), back.problems(), rs.name());
        assertEquals(rs.rules(), back.rules(), rs.name());
      }
      // The tasks that run them (-R makes one per file) are active rows too.
      for (int t = 1; t < task; t++) {
        assertEquals("INTEGER: " + loaded.get(t - 1).number(),
            a.get(ControlAgent.MANAGER + ".2." + t));
        assertEquals("INTEGER: 1", a.get(ControlAgent.MANAGER + ".8." + t));
      }
    }
  }

  private static int integer(Map<String, String> walk, String oid) {
    String v = walk.get(oid);
    assertNotNull(v, oid);
    assertEquals("INTEGER: ", v.substring(0, "INTEGER: ".length()), oid);
    return Integer.parseInt(v.substring("INTEGER: ".length()));
  }

  private static byte[] hex(Map<String, String> walk, String oid) {
    String v = walk.get(oid);
    assertNotNull(v, oid);
    String prefix = "Hex-STRING: ";
    assertEquals(prefix, v.substring(0, prefix.length()), oid);
    return HEX.parseHex(v.substring(prefix.length()).strip());
  }
}
