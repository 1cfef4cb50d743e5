package org.rtfm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.srl.SrlCompiler;

/** {@code rtfm srl FILE.srl [-o FILE.rules]}: output, messages and exit codes. */
class SrlCommandTest {
  private static final String FIVE_TUPLE = "rulesets/five-tuple.srl";

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
  void theRuleFileGoesToStandardOutputOrToTheOutputFile(@TempDir Path dir) throws Exception {
    RuleSet compiled = SrlCompiler.compile(Path.of(FIVE_TUPLE)).ruleSet();
    assertEquals(ExitCode.OK, run("srl", FIVE_TUPLE));
    assertEquals("", stderr);
    assertEquals(compiled, RuleFileParser.parse("five-tuple.rules", stdout));
    Path out = dir.resolve("five-tuple.rules");
    assertEquals(ExitCode.OK, run("srl", FIVE_TUPLE, "-o", out.toString()));
    assertEquals("", stdout);
    assertEquals(compiled, RuleFileParser.parse(out));
    // The written file is a rule file the meter runs.
    assertEquals(ExitCode.OK, run("meter", "-r", "examples/stun.pcap", "-R", out.toString(),
        "-q"));
    assertTrue(stdout.lines().anyMatch(l -> l.startsWith("5,")), stdout);
  }

  @Test
  void warningsGoToStandardErrorAndTheRulesAreStillWritten(@TempDir Path dir) throws Exception {
    Path srl = dir.resolve("w.srl");
    Files.writeString(srl, "set 60;\ncount;\nignore;\n");
    assertEquals(ExitCode.OK, run("srl", srl.toString()));
    assertEquals(srl + ":3:1: warning: this statement is never executed\n", stderr);
    assertTrue(stdout.contains("SET 60\n"), stdout);
  }

  @Test
  void compileErrorsExitWithThreeAndWriteNothing(@TempDir Path dir) throws Exception {
    Path srl = dir.resolve("bad.srl");
    Files.writeString(srl, "if SourcePeerAddress = 1 count;\nif SourcePeerType == 1 count\n");
    Path out = dir.resolve("bad.rules");
    assertEquals(ExitCode.BAD_RULE_SET, run("srl", srl.toString(), "-o", out.toString()));
    assertEquals(srl + ":1:22: expected '==', found '='\n"
        + srl + ":3:1: expected ';', found end of file\n", stderr);
    assertTrue(Files.notExists(out));
    assertEquals(ExitCode.BAD_RULE_SET, run("srl", dir.resolve("missing.srl").toString()));
    assertTrue(stderr.startsWith("rtfm srl: cannot read "), stderr);
  }

  @Test
  void usageErrorsExitWithTwo(@TempDir Path dir) {
    assertEquals(ExitCode.USAGE, run("srl"));
    assertTrue(stderr.contains("no SRL file"), stderr);
    assertEquals(ExitCode.USAGE, run("srl", FIVE_TUPLE, FIVE_TUPLE));
    assertEquals(ExitCode.USAGE, run("srl", FIVE_TUPLE, "-o"));
    assertEquals(ExitCode.USAGE, run("srl", "--frobnicate", FIVE_TUPLE));
    assertEquals(ExitCode.OK, run("srl", "--help"));
    assertTrue(stdout.startsWith("usage: rtfm srl FILE.srl [-o FILE.rules]"), stdout);
    assertEquals(ExitCode.OK, run("--help"));
    assertTrue(stdout.contains("  srl "), stdout);
    assertEquals(ExitCode.OUTPUT, run("srl", FIVE_TUPLE, "-o",
        dir.resolve("no/such/dir/x.rules").toString()));
  }
}
