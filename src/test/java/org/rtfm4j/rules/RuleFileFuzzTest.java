package org.rtfm4j.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link RuleFileParser} on arbitrary text (Jazzer; the input bytes read as UTF-8). A text is
 * either a rule set or a {@link RuleFileException}; nothing else escapes. Every error and warning
 * is at a line and column inside the text, errors come in file order, and the message is {@code
 * file:line:column: reason} for the first. A rule set that parses is printed by {@link
 * RuleFileWriter} and read back to an equal rule set, and printing that gives the same text.
 *
 * <p>Seed inputs (the shipped and RFC rule files) and every finding live in {@code
 * RuleFileFuzzTestInputs/parseAnyText}; {@code bench/fuzz.sh} fuzzes.
 */
class RuleFileFuzzTest {
  private static final String SOURCE = "fuzz.rules";
  private static final Pattern WARNING =
      Pattern.compile(Pattern.quote(SOURCE) + ":(\\d+):(\\d+): warning: .*", Pattern.DOTALL);

  @FuzzTest
  void parseAnyText(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    ParsedRuleFile parsed;
    try {
      parsed = RuleFileParser.parseWithWarnings(SOURCE, text);
    } catch (RuleFileException e) {
      checkErrors(text, e);
      return;
    }
    for (String w : parsed.warnings()) {
      Matcher m = WARNING.matcher(w);
      assertTrue(m.matches(), "warning format: " + w);
      assertInside(text, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), w);
    }
    RuleSet rs = parsed.ruleSet();
    String written = RuleFileWriter.write(rs);
    RuleSet back;
    try {
      back = RuleFileParser.parse(SOURCE, written);
    } catch (RuleFileException e) {
      throw new AssertionError("RuleFileWriter wrote a file its parser refuses:\n" + written
          + "\n" + e.getMessage(), e);
    }
    assertEquals(rs, back, "rule set after write and parse:\n" + written);
    assertEquals(written, RuleFileWriter.write(back), "writing the re-read rule set");
  }

  private static void checkErrors(String text, RuleFileException e) {
    List<RuleFileException.Problem> problems = e.problems();
    assertFalse(problems.isEmpty(), "an exception without problems");
    assertEquals(SOURCE, e.sourceName());
    RuleFileException.Problem previous = null;
    for (RuleFileException.Problem p : problems) {
      assertInside(text, p.line(), p.column(), p.toString());
      if (previous != null) {
        assertTrue(p.line() > previous.line()
            || p.line() == previous.line() && p.column() >= previous.column(),
            "problems out of file order: " + previous + " then " + p);
      }
      previous = p;
    }
    RuleFileException.Problem first = problems.get(0);
    assertTrue(e.getMessage().startsWith(SOURCE + ":" + first.line() + ":" + first.column()
        + ": " + first.reason()), "message: " + e.getMessage());
    assertEquals(first.line(), e.line());
    assertEquals(first.column(), e.column());
  }

  /**
   * A position is inside the text when its line exists and its column is on that line or just
   * after its last character (where a missing ';' or the end of the text is reported).
   */
  private static void assertInside(String text, int line, int column, String what) {
    String[] lines = text.split("\n", -1);
    assertTrue(line >= 1 && line <= lines.length,
        "line " + line + " of " + lines.length + ": " + what);
    int length = lines[line - 1].length();
    assertTrue(column >= 1 && column <= length + 1,
        "column " + column + " of a line of " + length + " characters: " + what);
  }
}
