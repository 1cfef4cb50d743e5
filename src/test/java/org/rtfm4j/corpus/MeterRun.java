package org.rtfm4j.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rtfm4j.cli.Main;

/** Runs the meter's command line in this JVM on one capture with the five-tuple rule set. */
final class MeterRun {

  /** Rule file of the five-tuple flows the corpus tests compare; relative to the project. */
  static final Path FIVE_TUPLE_RULES = Path.of("rulesets", "five-tuple.rules");

  /** Exit codes fixed by the command-line contract. */
  static final int EXIT_OK = 0;

  static final int EXIT_DAMAGED = 4;

  final int exitCode;
  final String stdout;
  final String stderr;
  final MeterOutput output;

  private MeterRun(int exitCode, String stdout, String stderr, MeterOutput output) {
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
    this.output = output;
  }

  /** {@code meter -r CAPTURE -R rules --flows-out DIR/flows.csv --stats-out DIR/stats.txt}. */
  static MeterRun meter(Path capture, Path dir, String... extra) throws IOException {
    Path flows = dir.resolve("flows.csv");
    Path stats = dir.resolve("stats.txt");
    List<String> args = new ArrayList<>(List.of(
        "meter", "-r", capture.toString(), "-R", FIVE_TUPLE_RULES.toString(),
        "--flows-out", flows.toString(), "--stats-out", stats.toString()));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args.toArray(new String[0]), o, e);
    }
    return new MeterRun(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8), MeterOutput.read(flows, stats));
  }
}
