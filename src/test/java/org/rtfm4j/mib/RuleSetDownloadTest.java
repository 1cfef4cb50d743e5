package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtfm4j.capture.CaptureFiles;
import org.rtfm4j.capture.PacketSource;
import org.rtfm4j.flow.FlowCsvWriter;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleRow;
import org.rtfm4j.rules.RuleRows;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.testutil.Command.Result;

/**
 * A manager downloads a rule set with plain net-snmp snmpset commands as RFC 2720 describes it
 * (flowRuleInfoStatus: createAndWait, Size and Name, the rules, active), runs it with a task, and
 * the meter then measures exactly what it measures with the same rule set loaded from its file.
 */
class RuleSetDownloadTest {
  private static final Path RULES = Path.of("rulesets/five-tuple.rules");
  private static final Path CAPTURE = Path.of("examples/stun.pcap");
  private static final int RULES_PER_PDU = 4;
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  @BeforeAll
  static void tools() throws Exception {
    assumeTrue(ControlAgent.netSnmpInstalled(), "net-snmp tools not installed (Debian: snmp)");
  }

  @Test
  void aDownloadedRuleSetMetersLikeTheSameRuleSetFromItsFile() throws Exception {
    RuleSet file = RuleFileParser.parse(RULES);
    int n = file.number();

    Meter fromFile = newMeter();
    fromFile.addRuleSet(file);
    fromFile.setTask(1, n, 0, 0);
    String expected = meterAndWrite(fromFile);

    Meter downloaded = newMeter();
    try (ControlAgent a = new ControlAgent(downloaded)) {
      String info = ControlAgent.RULE_INFO;
      ok(a.set(info + ".5." + n, "i", "5"));                           // createAndWait
      assertEquals("INTEGER: 3", a.get(info + ".5." + n), "notReady: no rules yet");
      ok(a.set(info + ".2." + n, "i", Integer.toString(file.size()),   // Size
          info + ".6." + n, "s", "five-tuple",                          // Name
          info + ".3." + n, "s", "manager under test"));                // Owner
      List<RuleRow> rows = RuleRows.fromRuleSet(file);
      for (int first = 0; first < rows.size(); first += RULES_PER_PDU) {
        List<String> args = new ArrayList<>();
        for (int i = first; i < Math.min(rows.size(), first + RULES_PER_PDU); i++) {
          args.addAll(ruleVarbinds(n, i + 1, rows.get(i)));
        }
        ok(a.set(args.toArray(new String[0])));
      }
      assertEquals("INTEGER: 2", a.get(info + ".5." + n), "notInService: complete, not active");
      ok(a.set(info + ".5." + n, "i", "1"));                           // active
      assertEquals("INTEGER: 1", a.get(info + ".5." + n));
      assertEquals(file.rules(), downloaded.ruleSet(n).rules());

      // A task runs it: flowManagerInfoTable row 1, createAndGo with its CurrentRuleSet.
      ok(a.set(ControlAgent.MANAGER + ".2.1", "i", Integer.toString(n),
          ControlAgent.MANAGER + ".8.1", "i", "4"));
      assertEquals(n, downloaded.runningRuleSets()[0]);
      assertEquals(1, downloaded.runningRuleSets().length);

      String measured = meterAndWrite(downloaded);
      assertEquals(expected, measured);
      long flows = measured.lines().count() - 1;
      assertTrue(flows > 0, "stun.pcap made no flows");
      assertEquals("INTEGER: " + flows, a.get(info + ".8." + n), "flowRuleInfoFlowRecords");
      assertEquals(List.of(), a.logLines());
    }
  }

  static Meter newMeter() {
    return new Meter(10_000, MeterClock.packetTime(), OctetCounting.IP);
  }

  /** Meters the capture as the command line does and returns the flow table as CSV. */
  static String meterAndWrite(Meter meter) throws Exception {
    Meter.CaptureSession session = meter.captureSession();
    try (PacketSource source = CaptureFiles.open(CAPTURE)) {
      meter.addInterfaces(source);
      source.run(meter.sink());
    } finally {
      session.close();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FlowCsvWriter csv = new FlowCsvWriter(out);
    csv.writeAll(meter.flowTable());
    csv.flush();
    return out.toString(StandardCharsets.US_ASCII);
  }

  /** snmpset arguments for rule {@code i} of rule set {@code n}: its five flowRuleTable columns. */
  static List<String> ruleVarbinds(int n, int i, RuleRow r) {
    String idx = "." + n + "." + i;
    return List.of(
        ControlAgent.RULE + ".3" + idx, "i", Integer.toString(r.selector()),
        ControlAgent.RULE + ".4" + idx, "x", HEX.formatHex(r.mask()),
        ControlAgent.RULE + ".5" + idx, "x", HEX.formatHex(r.value()),
        ControlAgent.RULE + ".6" + idx, "i", Integer.toString(r.action()),
        ControlAgent.RULE + ".7" + idx, "i", Integer.toString(r.parameter()));
  }

  static void ok(Result r) {
    assertEquals(0, r.exitCode(), r.out());
  }
}
