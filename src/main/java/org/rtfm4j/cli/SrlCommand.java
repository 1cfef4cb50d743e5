package org.rtfm4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rtfm4j.rules.ParsedRuleFile;
import org.rtfm4j.rules.RuleFileWriter;
import org.rtfm4j.srl.SrlCompiler;
import org.rtfm4j.srl.SrlException;

/**
 * {@code rtfm srl FILE.srl [-o FILE.rules]}: compiles an SRL program (RFC 2723) into a rule file,
 * written to FILE.rules or standard output; errors and warnings go to standard error as
 * {@code file:line:column: ...}.
 */
final class SrlCommand {
  static final String HELP = String.join("\n",
      "usage: rtfm srl FILE.srl [-o FILE.rules]",
      "Compiles an SRL program (RFC 2723) into a rule file for 'rtfm meter -R'.",
      "  -o FILE     write the rule file to FILE (default: standard output)",
      "  -h, --help  show this help",
      "Errors and warnings are printed as file:line:column: ...; exit status 0 when the program",
      "compiled (warnings or not), 3 when it did not, 2 for a bad command line.",
      "");

  private final PrintStream out;
  private final PrintStream err;

  SrlCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    Path input = null;
    Path output = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        out.print(HELP);
        return ExitCode.OK;
      } else if (a.equals("-o") || a.equals("--output")) {
        if (i + 1 >= args.length || output != null) {
          return usage(output != null ? "-o given twice" : "-o needs a file name");
        }
        output = Path.of(args[++i]);
      } else if (a.startsWith("-") && a.length() > 1) {
        return usage("unknown option '" + a + "'");
      } else if (input != null) {
        return usage("more than one SRL file");
      } else {
        input = Path.of(a);
      }
    }
    if (input == null) {
      return usage("no SRL file");
    }
    ParsedRuleFile compiled;
    try {
      compiled = SrlCompiler.compile(input);
    } catch (SrlException e) {
      err.println(e.getMessage());
      return ExitCode.BAD_RULE_SET;
    } catch (IOException e) {
      err.println("rtfm srl: cannot read " + input + ": " + e.getMessage());
      return ExitCode.BAD_RULE_SET;
    }
    compiled.warnings().forEach(err::println);
    String text = RuleFileWriter.write(compiled.ruleSet());
    if (output == null) {
      out.print(text);
      out.flush();
      return ExitCode.OK;
    }
    try {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("rtfm srl: cannot write " + output + ": " + e.getMessage());
      return ExitCode.OUTPUT;
    }
    return ExitCode.OK;
  }

  private int usage(String why) {
    err.println("rtfm srl: " + why);
    err.println("Try 'rtfm srl --help'.");
    return ExitCode.USAGE;
  }
}
