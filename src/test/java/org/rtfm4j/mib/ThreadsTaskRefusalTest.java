package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.rtfm4j.mib.ControlAgent.MANAGER;
import static org.rtfm4j.mib.ControlAgent.RULE_INFO;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.packet.FragmentTable;
import org.rtfm4j.rules.RuleFileParser;

/**
 * A meter matching on several threads spreads packets by peer addresses; a manager that asks a
 * task to run a rule set whose flows are keyed on no peer address gets inconsistentValue from
 * snmpset and nothing changes. With one thread the same SET succeeds.
 */
class ThreadsTaskRefusalTest {
  @BeforeAll
  static void tools() throws Exception {
    assumeTrue(ControlAgent.netSnmpInstalled(), "net-snmp tools not installed (Debian: snmp)");
  }

  @ParameterizedTest(name = "--threads {0}")
  @ValueSource(ints = {1, 2})
  void aTaskForAnUnspreadableRuleSet(int threads) throws Exception {
    Meter meter = new Meter(1000, new ManualClock(), OctetCounting.IP, new FragmentTable(),
        threads);
    meter.addRuleSet(RuleFileParser.parse(Path.of("rulesets/five-tuple.rules")));
    meter.setTask(1, 5, 0, 0);
    Meter.CaptureSession session = meter.captureSession(); // fixes the spread
    try (ControlAgent a = new ControlAgent(meter)) {
      // Rule set 7 counts by PeerType only: Null & 0 = 0: GotoAct, 2; SourcePeerType: CountPkt.
      List<String> pdu = new ArrayList<>(List.of(RULE_INFO + ".5.7", "i", "4",
          RULE_INFO + ".2.7", "i", "2"));
      pdu.addAll(ControlTablesTest.rule(7, 1, 0, "00 00", "00 00", 11, 2));
      pdu.addAll(ControlTablesTest.rule(7, 2, 8, "FF 00", "00 00", 4, 0));
      assertEquals(0, a.set(pdu.toArray(new String[0])).exitCode(), "rule set 7 active");
      var r = a.set(MANAGER + ".2.2", "i", "7", MANAGER + ".8.2", "i", "4");
      if (threads == 1) {
        assertEquals(0, r.exitCode(), r.out());
        assertEquals(7, meter.task(2).currentRuleSet());
      } else {
        assertNotEquals(0, r.exitCode(), r.out());
        assertTrue(r.out().contains("Reason: inconsistentValue ("), r.out());
        assertTrue(r.out().contains("Failed object: " + MANAGER + ".2.2"), r.out());
        assertNull(meter.task(2), "nothing changed");
        assertTrue(a.snmp("snmpget", MANAGER + ".8.2").out().contains("No Such Instance"));
      }
    } finally {
      session.close();
      meter.close();
    }
  }
}
