package org.rtfm4j.srl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rtfm4j.rules.ParsedRuleFile;
import org.rtfm4j.rules.RuleFileException;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleFileWriter;
import org.rtfm4j.rules.RuleSet;

/**
 * {@link SrlCompiler} on arbitrary text (Jazzer; the input bytes read as UTF-8). A program either
 * compiles or fails with an {@link SrlException}; nothing else escapes. Every error and warning
 * is {@code file:line:column: ...} at a place inside the text, errors in source order. A program
 * that compiles gives a rule set that {@link RuleFileWriter} prints as a rule file {@link
 * RuleFileParser} reads back to the same rule set.
 *
 * <p>Seed inputs (the shipped and RFC 2723 SRL programs) and every finding live in {@code
 * SrlFuzzTestInputs/compileAnyText}; {@code bench/fuzz.sh} fuzzes.
 */
class SrlFuzzTest {
  private static final String SOURCE = "fuzz.srl";
  private static final Pattern PLACE =
      Pattern.compile(Pattern.quote(SOURCE) + ":(\\d+):(\\d+): (.*)", Pattern.DOTALL);

  @FuzzTest
  void compileAnyText(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    ParsedRuleFile compiled;
    try {
      compiled = SrlCompiler.compile(SOURCE, text);
    } catch (SrlException e) {
      List<String> errors = e.errors();
      assertFalse(errors.isEmpty(), "an exception without errors");
      assertEquals(String.join("\n", errors), e.getMessage());
      int[] previous = null;
      for (String error : errors) {
        int[] at = place(text, error);
        if (previous != null) {
          assertTrue(at[0] > previous[0] || at[0] == previous[0] && at[1] >= previous[1],
              "errors out of source order: " + errors);
        }
        previous = at;
      }
      return;
    }
    for (String w : compiled.warnings()) {
      assertTrue(place(text, w).length == 2 && w.contains(": warning: "), w);
    }
    RuleSet rs = compiled.ruleSet();
    String written = RuleFileWriter.write(rs);
    RuleSet back;
    try {
      back = RuleFileParser.parse("fuzz.rules", written);
    } catch (RuleFileException e) {
      throw new AssertionError("the compiled rule set, written as a rule file, does not parse:\n"
          + written + "\n" + e.getMessage(), e);
    }
    assertEquals(rs, back, "compiled rule set after write and parse:\n" + written);
  }

  /** The line and column an error or warning names; asserts its form and that it is inside. */
  private static int[] place(String text, String message) {
    Matcher m = PLACE.matcher(message);
    assertTrue(m.matches(), "not file:line:column: " + message);
    int line = Integer.parseInt(m.group(1));
    int column = Integer.parseInt(m.group(2));
    String[] lines = text.split("\n", -1);
    assertTrue(line >= 1 && line <= lines.length,
        "line " + line + " of " + lines.length + ": " + message);
    int length = lines[line - 1].length();
    assertTrue(column >= 1 && column <= length + 1,
        "column " + column + " of a line of " + length + " characters: " + message);
    return new int[] {line, column};
  }
}
