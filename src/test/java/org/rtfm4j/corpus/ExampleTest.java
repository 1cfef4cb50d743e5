package org.rtfm4j.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled example: the meter prints exactly examples/stun.flows.csv for examples/stun.pcap,
 * and that file holds what tshark sees in the capture, flow by flow.
 */
class ExampleTest {
  private static final Path CAPTURE = Path.of("examples", "stun.pcap");
  private static final Path EXPECTED = Path.of("examples", "stun.flows.csv");

  @Test
  void theMeterPrintsTheExpectedFlows(@TempDir Path dir) throws Exception {
    MeterRun run = MeterRun.meter(CAPTURE, dir);
    assertEquals(MeterRun.EXIT_OK, run.exitCode, run.stderr);
    assertEquals(Files.readString(EXPECTED, StandardCharsets.US_ASCII),
        Files.readString(dir.resolve("flows.csv"), StandardCharsets.US_ASCII));
  }

  @Test
  void theExpectedFlowsAreWhatTsharkSees() throws Exception {
    assumeTrue(ExternalTool.onPath("tshark"), "tshark not installed");
    TsharkDissector.Dissection d = TsharkDissector.dissect(CAPTURE);
    assertEquals(0, d.exitCode(), d.error());
    FlowTruth truth = FlowTruth.of(d.packets(), d.packets().size());
    MeterOutput expected = MeterOutput.read(EXPECTED, Path.of("no-stats"));
    FlowComparison cmp = FlowComparison.compare(truth, expected.records, false);
    assertEquals(0, cmp.mismatchCount, String.join("\n", cmp.mismatches));
    assertEquals(truth.ipPackets, cmp.meterPackets);
    assertEquals(truth.ipBytes, cmp.meterIpBytes);
    assertTrue(truth.flows.size() >= 8, "flows in the example: " + truth.flows.size());
  }
}
