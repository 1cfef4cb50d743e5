package org.rtfm4j.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * <p>Seed inputs (the shipped and RFC rule files; the shipped rule sets as flowRuleTable rows)
 * and every finding live in {@code RuleFileFuzzTestInputs/<method>}; {@code bench/fuzz.sh}
 * fuzzes.
 */
class RuleFileFuzzTest {
  private static final String SOURCE = "fuzz.rules";
  /** Rows of a downloaded rule set: more than the shipped rule sets have. */
  private static final int MAX_ROWS = 256;
  /** ActionNumber 1..17 (RFC 2720); 0 is sent too, as a manager might. */
  private static final int LAST_ACTION = 17;
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

  /**
   * A rule set as a manager downloads it: flowRuleTable rows (RFC 2720) built from the input.
   * When {@link RuleRows} turns them into rules and {@link RuleSetChecker} finds no error, the
   * meter runs it, and a manager may save it as a rule file: {@link RuleFileWriter}'s text must
   * parse to the same rule set, whose rows convert back to the same rules.
   *
   * <p>Input: a rule set number octet, then rows: selector, action, a two-octet parameter, and
   * the mask and the value, each a length octet (below 128: exactly the attribute's width, at
   * least 2; else 2..20) and that many octets.
   */
  @FuzzTest
  void writeAnyDownloadedRuleSet(byte[] input) {
    Bytes in = new Bytes(input);
    int number = in.u8();
    number = number < 2 ? RuleFileParser.NO_SET_NUMBER : number;
    List<RuleRow> rows = new ArrayList<>();
    while (in.more() && rows.size() < MAX_ROWS) {
      int selector = in.u8() % Attribute.LIMIT;
      int action = in.u8() % (LAST_ACTION + 1);
      int parameter = in.u16();
      Attribute a = Attribute.byNumber(selector);
      int width = Math.max(RuleRows.MIN_OCTETS, a == null ? RuleRows.MIN_OCTETS : a.width());
      rows.add(new RuleRow(selector, in.octets(width), in.octets(width), action, parameter));
    }
    RuleRows.Result converted = RuleRows.toRules(rows);
    if (!converted.ok() || converted.rules().isEmpty()) {
      return;
    }
    RuleSet rs = new RuleSet(number, "fuzz", converted.rules(), List.of(), false);
    for (RuleSetChecker.Finding f : RuleSetChecker.check(rs)) {
      if (f.error()) {
        return;
      }
    }
    String written = RuleFileWriter.write(rs);
    RuleSet back;
    try {
      back = RuleFileParser.parse(SOURCE, written);
    } catch (RuleFileException e) {
      throw new AssertionError("RuleFileWriter wrote a file its parser refuses:\n" + written
          + "\n" + e.getMessage(), e);
    }
    assertEquals(rs, back, "downloaded rule set after write and parse:\n" + written);
    RuleRows.Result again = RuleRows.toRules(RuleRows.fromRuleSet(back));
    assertTrue(again.ok(), "rows of the parsed rule set: " + again.problems());
    assertEquals(back.rules(), again.rules(), "rules after a second trip through rows");
  }

  /** Reads an input from the front; zeroes once it is used up. */
  private static final class Bytes {
    private final byte[] b;
    private int pos;

    Bytes(byte[] b) {
      this.b = b;
    }

    boolean more() {
      return pos < b.length;
    }

    int u8() {
      return pos < b.length ? b[pos++] & 0xff : 0;
    }

    int u16() {
      return u8() << 8 | u8();
    }

    /** A length octet (below 128: {@code width} octets; else 2..20), then the octets. */
    byte[] octets(int width) {
      int len = u8();
      int n = len < 0x80 ? width
          : RuleRows.MIN_OCTETS + (len - 0x80) % (RuleRows.MAX_OCTETS - RuleRows.MIN_OCTETS + 1);
      byte[] out = new byte[n];
      for (int i = 0; i < n; i++) {
        out[i] = (byte) u8();
      }
      return out;
    }
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
