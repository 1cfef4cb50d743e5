package org.rtfm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.testutil.Command;
import org.rtfm4j.testutil.Pcaps;

/** {@code rtfm meter --speed X}: a file replayed at X times capture speed, flows unchanged. */
class MeterSpeedTest {
  private static final double SPEED = 10;
  /** Capture span of the test file, seconds. */
  private static final int SPAN_SECONDS = 20;
  private static final int PACKETS = 41;
  private static final long START_MICROS = 1_700_000_000_000_000L;

  @Test
  void aReplayAtSpeedTenTakesAboutATenthOfTheCaptureDuration(@TempDir Path dir)
      throws Exception {
    assumeTrue(Command.onPath("capinfos"), "capinfos not installed (Debian wireshark-common)");
    Path cap = dir.resolve("span.pcap");
    try (Pcaps p = Pcaps.create(cap, Pcaps.RAW_IP)) {
      for (int i = 0; i < PACKETS; i++) {
        long at = START_MICROS + (long) i * SPAN_SECONDS * 1_000_000 / (PACKETS - 1);
        p.packet(at, Pcaps.udp(0x0a000001 + i % 3, 0x0a000009, 1000 + i % 5, 53, 10));
      }
    }
    double duration = captureDuration(cap);
    Path flat = dir.resolve("flat.csv");
    Path paced = dir.resolve("paced.csv");
    assertEquals(ExitCode.OK, meter(cap, flat, "0"));
    long t0 = System.nanoTime();
    assertEquals(ExitCode.OK, meter(cap, paced, Double.toString(SPEED)));
    double seconds = (System.nanoTime() - t0) / 1e9;
    // Loose bounds: the machine is shared, so only "not much faster" is firm.
    assertTrue(seconds >= 0.5 * duration / SPEED, "replay took " + seconds + " s of "
        + duration + " s at speed " + SPEED);
    assertTrue(seconds <= duration / SPEED + 15, "replay took " + seconds + " s");
    assertEquals(Files.readString(flat), Files.readString(paced),
        "pacing changes when packets arrive, never the flows");
  }

  @Test
  void speedIsRefusedForLiveCaptureAndWhenNegative() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(ExitCode.USAGE, Main.run(new String[] {"meter", "-i", "lo", "--speed", "2"},
        e, e));
    assertEquals(ExitCode.USAGE, Main.run(new String[] {"meter", "-r", "examples/stun.pcap",
        "--speed", "-1"}, e, e));
    assertEquals(ExitCode.USAGE, Main.run(new String[] {"meter", "-r", "examples/stun.pcap",
        "--speed", "fast"}, e, e));
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("--speed paces capture files"), text);
    assertTrue(text.contains("--speed must be between 0"), text);
    assertTrue(text.contains("--speed takes a number"), text);
  }

  private static int meter(Path cap, Path out, String speed) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return Main.run(new String[] {"meter", "-q", "-r", cap.toString(), "-R",
        "rulesets/five-tuple.rules", "--flows-out", out.toString(), "--speed", speed}, sink, sink);
  }

  /** capinfos' "Capture duration" in seconds: independent of our reader. */
  private static double captureDuration(Path cap) throws Exception {
    Command.Result r = Command.run(List.of("capinfos", "-u", cap.toString()));
    assertEquals(0, r.exitCode(), r.out());
    Matcher m = Pattern.compile("Capture duration:\\s+([0-9.]+) seconds").matcher(r.out());
    assertTrue(m.find(), r.out());
    return Double.parseDouble(m.group(1));
  }
}
