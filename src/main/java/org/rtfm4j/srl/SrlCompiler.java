package org.rtfm4j.srl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.ParsedRuleFile;
import org.rtfm4j.rules.Rule;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.rules.RuleSetChecker;

/**
 * Compiles SRL programs (RFC 2723) into rule sets, which {@link
 * org.rtfm4j.rules.RuleFileWriter} prints as rule files.
 *
 * <p>The language is RFC 2723's: DEFINE, IF/ELSE with SAVE, value/width, value &amp; mask and
 * value lists, {@code &&} and {@code ||}, compound statements with labels and EXIT, SAVE, COUNT,
 * IGNORE, NOMATCH, STORE, SUBROUTINE/ENDSUB with ADDRESS and VARIABLE parameters, CALL/ENDCALL
 * with numbered statements, RETURN [n]. As in NeTraMet's srl, {@code SET n;}, {@code FORMAT
 * ...;} and {@code STATISTICS;} at the outer level give the rule file's directives. How
 * statements become rules is described in {@link CodeGenerator} and {@link Layout}.
 *
 * <p>Errors are {@code file:line:column: expected X, found Y} (or a reason), in source order.
 * Syntax errors come first, all of them (the parser skips to the end of a bad statement and goes
 * on); names, values, labels, CALLs and the like are checked once the program parses, and all
 * those errors are reported together. Warnings are {@code file:line:column: warning: ...}:
 * statements never executed, subroutines never called, CALL labels never returned to, the end of
 * a subroutine reachable without RETURN, and the findings of {@link RuleSetChecker} on the
 * compiled rules ({@code rule N: ...}, other rules named with their line), placed at the
 * statement each rule comes from.
 */
public final class SrlCompiler {
  private static final String SRL_SUFFIX = ".srl";
  /** flowRuleInfoName is at most 127 octets (RFC 2720). */
  private static final int MAX_NAME = 127;
  /** The built-in rule set, which a program may not replace (RFC 2722 §4.4). */
  private static final int BUILTIN_RULE_SET = 1;
  /** A flow carries its rule set number in one byte (RFC 2720 flowDataRuleSet). */
  private static final int MAX_RULE_SET = 255;
  /** FORMAT lists FlowAttributeNumber values, 1..41 (RFC 2720). */
  private static final int LAST_FLOW_ATTRIBUTE = 41;
  private static final int MAX_NUMBER_DIGITS = 9;
  private static final Pattern RULE_REFERENCE = Pattern.compile("\\brule (\\d+)\\b");

  private SrlCompiler() {}

  /** Compiles a file (UTF-8); the rule set is named after it, without {@code .srl}. */
  public static ParsedRuleFile compile(Path file) throws IOException, SrlException {
    return compile(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Compiles {@code text}; {@code sourceName} starts every message and, without directories and
   * {@code .srl}, names the rule set.
   */
  public static ParsedRuleFile compile(String sourceName, String text) throws SrlException {
    Parser parser = new Parser(text);
    Ast.Program program = parser.program();
    if (!parser.errors().isEmpty()) {
      throw exception(sourceName, parser.errors());
    }
    List<Problem> errors = new ArrayList<>();
    int number = setNumber(program.set(), errors);
    List<String> format = format(program.format(), errors);
    CodeGenerator generator = new CodeGenerator(program, parser.end());
    CodeGenerator.Output out = generator.generate();
    errors.addAll(generator.errors());
    if (!errors.isEmpty()) {
      throw exception(sourceName, errors);
    }
    Layout layout = out.layout();
    List<Rule> rules = layout.rules();
    if (rules.size() > RuleSetChecker.MAX_PARAMETER) {
      errors.add(new Problem(layout.position(RuleSetChecker.MAX_PARAMETER + 1), "the program"
          + " needs " + rules.size() + " rules; rule numbers are 16 bits, so at most "
          + RuleSetChecker.MAX_PARAMETER));
      throw exception(sourceName, errors);
    }
    RuleSet ruleSet = new RuleSet(number, nameOf(sourceName), rules, format,
        program.statistics() != null);
    List<Problem> warnings = new ArrayList<>(out.warnings());
    for (RuleSetChecker.Finding f : RuleSetChecker.check(ruleSet)) {
      Position at = f.rule() == 0 ? new Position(1, 1) : layout.position(f.rule());
      String reason = (f.rule() == 0 ? "" : "rule " + f.rule() + ": ")
          + withLines(f.reason(), layout);
      (f.error() ? errors : warnings).add(new Problem(at, reason));
    }
    if (!errors.isEmpty()) {
      throw exception(sourceName, errors);
    }
    List<String> lines = new ArrayList<>();
    for (Problem w : sorted(warnings)) {
      lines.add(sourceName + ":" + w.at() + ": warning: " + w.reason());
    }
    return new ParsedRuleFile(ruleSet, lines);
  }

  /** "rule 7" in a checker's reason becomes "rule 7 (line 12)". */
  private static String withLines(String reason, Layout layout) {
    Matcher m = RULE_REFERENCE.matcher(reason);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String digits = m.group(1);
      int rule = digits.length() > MAX_NUMBER_DIGITS ? 0 : Integer.parseInt(digits);
      String text = m.group();
      if (rule >= 1 && rule <= layout.size()) {
        text += " (line " + layout.position(rule).line() + ")";
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(text));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static int setNumber(Token set, List<Problem> errors) {
    if (set == null) {
      return 0; // as a rule file without SET: the caller chooses the number
    }
    long n = set.text().length() > MAX_NUMBER_DIGITS ? Long.MAX_VALUE
        : Long.parseLong(set.text());
    if (n <= BUILTIN_RULE_SET || n > MAX_RULE_SET) {
      errors.add(new Problem(set.at(), "expected a rule set number 2.." + MAX_RULE_SET
          + ", found " + set.text() + " (0 means 'cease measuring' and 1 is the built-in rule"
          + " set, RFC 2722 §4.4; a flow carries its rule set in one byte, RFC 2720)"));
      return 0;
    }
    return (int) n;
  }

  private static List<String> format(List<Token> items, List<Problem> errors) {
    List<String> out = new ArrayList<>();
    if (items == null) {
      return out;
    }
    for (Token t : items) {
      if (t.kind() == Token.Kind.STRING) {
        out.add(t.text());
        continue;
      }
      Attribute a = Attribute.byName(t.text());
      if (a == null || a.number() < 1 || a.number() > LAST_FLOW_ATTRIBUTE) {
        errors.add(new Problem(t.at(), "expected a flow attribute (RFC 2720"
            + " FlowAttributeNumber) in FORMAT, found '" + t.text() + "'"));
      } else {
        out.add(a.rfcName());
      }
    }
    return out;
  }

  /** The rule set name: the last path component without {@code .srl}, at most 127 characters. */
  static String nameOf(String sourceName) {
    String s = sourceName.substring(Math.max(sourceName.lastIndexOf('/'),
        sourceName.lastIndexOf('\\')) + 1);
    if (s.length() > SRL_SUFFIX.length() && s.regionMatches(true,
        s.length() - SRL_SUFFIX.length(), SRL_SUFFIX, 0, SRL_SUFFIX.length())) {
      s = s.substring(0, s.length() - SRL_SUFFIX.length());
    }
    return s.length() > MAX_NAME ? s.substring(0, MAX_NAME) : s;
  }

  private static List<Problem> sorted(List<Problem> problems) {
    List<Problem> out = new ArrayList<>(problems);
    out.sort(Comparator.comparing(Problem::at));
    return out;
  }

  private static SrlException exception(String sourceName, List<Problem> problems) {
    List<String> lines = new ArrayList<>();
    for (Problem p : sorted(problems)) {
      lines.add(sourceName + ":" + p.at() + ": " + p.reason());
    }
    return new SrlException(lines);
  }
}
