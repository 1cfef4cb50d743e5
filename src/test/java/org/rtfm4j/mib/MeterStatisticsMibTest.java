package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rtfm4j.agent.AgentConfig;
import org.rtfm4j.agent.SnmpAgent;
import org.rtfm4j.capture.CaptureFiles;
import org.rtfm4j.capture.PacketSource;
import org.rtfm4j.flow.FlowRow;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterClock;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.testutil.Command;
import org.rtfm4j.testutil.Command.Result;

/**
 * RTFM4J-METER-MIB as net-snmp's snmpwalk sees it, names resolved from mibs/: the packet
 * dispositions of a meter that read good and malformed captures add up to the packets capinfos
 * counts in them, and the malformed table adds up to the malformed count.
 */
class MeterStatisticsMibTest {
  private static final List<String> CAPTURES = List.of(
      "src/test/resources/captures/malformed__LINKTYPE_IPV4_invalid.pcap",
      "src/test/resources/captures/malformed__mpls-label-heapoverflow.pcap",
      "src/test/resources/captures/ndpi__dns.pcap");
  private static final List<String> DISPOSITIONS = List.of("Counted", "Ignored", "NonIp",
      "UnsupportedLink", "Malformed", "NotSampled", "Refused", "PmeError");

  @Test
  void walkedStatisticsAddUpToCapinfosPacketCount() throws Exception {
    for (String tool : List.of("snmpwalk", "capinfos")) {
      assumeTrue(Command.onPath(tool), tool + " not installed");
    }
    long expectedPackets = 0;
    for (String c : CAPTURES) {
      Result r = Command.run(List.of("capinfos", "-M", "-c", "-T", "-r", c));
      assertEquals(0, r.exitCode(), r.out());
      // -T -r: one tab-separated line "file<TAB>count".
      String line = r.out().lines().filter(l -> l.startsWith(c)).findFirst().orElseThrow();
      expectedPackets += Long.parseLong(line.split("\t")[1].strip());
    }

    Meter meter = new Meter(1000, MeterClock.packetTime(), OctetCounting.IP);
    RuleSet rs = RuleFileParser.parse(Path.of("rulesets/five-tuple.rules"));
    meter.addRuleSet(rs);
    meter.setTask(1, rs.number(), 0, 0);
    // Years pass between the captures' timestamps: no flow may be recovered before it is summed.
    meter.flowTable().setInactivityTimeout(Integer.MAX_VALUE);
    for (String c : CAPTURES) {
      try (PacketSource source = CaptureFiles.open(Path.of(c))) {
        source.run(meter.sink());
      }
    }
    long pdusInFlows = 0;
    FlowRow row = new FlowRow();
    for (int slot = 0; slot < meter.flowTable().readableSlots(); slot++) {
      if (meter.flowTable().read(slot, row)) {
        pdusInFlows += row.toPdus() + row.fromPdus();
      }
    }

    SnmpAgent agent = new SnmpAgent(
        new AgentConfig(new InetSocketAddress("127.0.0.1", 0), null, "test", "", "", ""),
        meter.clock()::now);
    agent.register(new MeterStatisticsMib(meter));
    agent.start();
    Map<String, Long> walked = new LinkedHashMap<>();
    List<Long> malformedByReason = new ArrayList<>();
    try {
      Result r = Command.run(List.of("snmpwalk", "-M", "+mibs", "-m", "RTFM4J-METER-MIB",
          "-Oqs", "-v2c", "-c", "public", "-t", "2", "-r", "1",
          "127.0.0.1:" + agent.address().getPort(), "RTFM4J-METER-MIB::rtfm4jMeterMIB"));
      assertEquals(0, r.exitCode(), r.out());
      for (String line : r.out().lines().toList()) {
        // -Oqs: "rtfm4jPacketsRead.0 123" / "rtfm4jMalformedPackets.7 2".
        String[] f = line.split(" ", 2);
        if (f[0].startsWith("rtfm4jMalformedPackets.")) {
          malformedByReason.add(Long.parseLong(f[1]));
        } else if (f[0].endsWith(".0")) {
          walked.put(f[0].substring(0, f[0].length() - 2), Long.parseLong(f[1]));
        }
      }
    } finally {
      agent.stop();
    }

    assertEquals(expectedPackets, walked.get("rtfm4jPacketsRead"), walked.toString());
    long sum = 0;
    for (String d : DISPOSITIONS) {
      sum += walked.get("rtfm4jPackets" + d);
    }
    assertEquals(expectedPackets, sum, "one disposition per packet: " + walked);
    long malformed = walked.get("rtfm4jPacketsMalformed");
    assertTrue(malformed > 0, "the malformed captures gave no malformed packets: " + walked);
    assertEquals(malformed, malformedByReason.stream().mapToLong(Long::longValue).sum());
    // One rule set runs, so each counted packet is in exactly one flow.
    assertEquals(pdusInFlows, walked.get("rtfm4jPacketsCounted"));
    assertEquals(meter.flowTable().createdFlows(), walked.get("rtfm4jFlowsCreated"));
  }
}
