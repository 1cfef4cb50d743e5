package org.rtfm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented exit codes and messages of {@code rtfm meter}. */
class MeterCommandTest {
  private static final String EXAMPLE = "examples/stun.pcap";
  private static final String FIVE_TUPLE = "rulesets/five-tuple.rules";

  private String stdout;
  private String stderr;

  private int run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    stdout = out.toString(StandardCharsets.UTF_8);
    stderr = err.toString(StandardCharsets.UTF_8);
    return code;
  }

  @Test
  void flowsGoToStandardOutputByDefaultAndTheSummaryToStandardError() {
    assertEquals(ExitCode.OK, run("meter", "-r", EXAMPLE, "-R", FIVE_TUPLE));
    assertTrue(stdout.startsWith("RuleSet,FlowIndex,FirstTime,"), stdout);
    assertTrue(stderr.contains("201 packets read"), stderr);
    assertTrue(stderr.contains("counted"), stderr);
  }

  @Test
  void withoutRuleFilesTheBuiltInRuleSetRuns() {
    assertEquals(ExitCode.OK, run("meter", "-r", EXAMPLE, "-q"));
    // Rule set 1: one flow per PeerType; the capture has IPv4 and IPv6 packets.
    long ruleSet1 = stdout.lines().filter(l -> l.startsWith("1,")).count();
    assertTrue(ruleSet1 >= 2, stdout);
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertEquals(ExitCode.USAGE, run());
    assertEquals(ExitCode.USAGE, run("meter"));
    assertTrue(stderr.contains("-r FILE or -i IFACE"), stderr);
    assertEquals(ExitCode.USAGE, run("meter", "-r", EXAMPLE, "-i", "lo"));
    assertEquals(ExitCode.USAGE, run("meter", "-r", EXAMPLE, "--octets", "bits"));
    assertEquals(ExitCode.USAGE, run("meter", "-r", EXAMPLE, "--max-flows", "0"));
    assertEquals(ExitCode.USAGE, run("meter", "-r", EXAMPLE, "--flood-mark", "101"));
    assertEquals(ExitCode.USAGE, run("frobnicate"));
    assertEquals(ExitCode.OK, run("meter", "--help"));
    assertTrue(stdout.contains("--inactivity-timeout"), stdout);
  }

  @Test
  void aBadRuleFileIsRefusedWithItsLineAndColumn(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.rules");
    Files.writeString(bad, "SET 5\nRULES\n  SourcePeerTipe & 255 = 1: Count, 0;\n");
    assertEquals(ExitCode.BAD_RULE_SET, run("meter", "-r", EXAMPLE, "-R", bad.toString()));
    assertTrue(stderr.contains(bad + ":3:3:"), stderr);
    assertEquals("", stdout, "nothing is metered");
    assertEquals(ExitCode.BAD_RULE_SET,
        run("meter", "-r", EXAMPLE, "-R", FIVE_TUPLE, "-R", FIVE_TUPLE));
    assertTrue(stderr.contains("both define rule set 5"), stderr);
    assertEquals(ExitCode.BAD_RULE_SET,
        run("meter", "-r", EXAMPLE, "-R", dir.resolve("missing.rules").toString()));
  }

  @Test
  void aDamagedCaptureStillWritesTheFlowsBeforeTheDamage(@TempDir Path dir) throws Exception {
    byte[] whole = Files.readAllBytes(Path.of(EXAMPLE));
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, Arrays.copyOf(whole, whole.length - 10));
    Path stats = dir.resolve("stats.txt");
    assertEquals(ExitCode.CAPTURE, run("meter", "-r", cut.toString(), "-R", FIVE_TUPLE,
        "--stats-out", stats.toString()));
    assertTrue(stderr.contains("cut.pcap"), stderr);
    String s = Files.readString(stats);
    assertTrue(s.contains("packets.read=200\n"), s);
    assertTrue(s.contains("capture.damaged="), s);
    assertTrue(stdout.lines().count() > 1, stdout);
    assertEquals(ExitCode.CAPTURE, run("meter", "-r", dir.resolve("nothing.pcap").toString()));
  }

  @Test
  void countStopsAfterNPacketsAndFrameOctetsCountWireLength(@TempDir Path dir) throws Exception {
    Path stats = dir.resolve("stats.txt");
    assertEquals(ExitCode.OK, run("meter", "-r", EXAMPLE, "-R", FIVE_TUPLE, "-c", "50",
        "--octets", "frame", "--stats-out", stats.toString(), "-q"));
    String s = Files.readString(stats);
    assertTrue(s.contains("packets.read=50\n"), s);
    // The first 50 frames' wire lengths, from capinfos-independent arithmetic: every flow's
    // octets add up to the counted octets, which for frames are the frame lengths.
    long octets = stdout.lines().skip(1).mapToLong(l -> {
      String[] f = l.split(",", -1);
      return Long.parseLong(f[18]) + Long.parseLong(f[20]);
    }).sum();
    assertTrue(s.contains("octets.counted=" + octets + "\n"), s + " vs " + octets);
    // ...and tshark's frame lengths of the first 50 frames (every frame of this capture is IP).
    Process p = new ProcessBuilder("tshark", "-n", "-r", EXAMPLE, "-c", "50", "-T", "fields",
        "-e", "frame.len").redirectErrorStream(false).start();
    String lens = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    if (p.waitFor() == 0) {
      assertEquals(lens.lines().mapToLong(Long::parseLong).sum(), octets);
    }
  }
}
