package org.rtfm4j.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads NeTraMet rule files (the format NeMaC reads, RFC 2123 §3) into {@link RuleSet}s and
 * validates them before anything runs.
 *
 * <pre>
 * # comment to the end of the line
 * SET 5                      # rule set number, 2..255; optional (see below)
 * RULES                      # optional: rules may also start the file
 *   SourcePeerType &amp; 255 = IP: GotoAct, ip_pkt;     # attribute &amp; mask = value: action, parameter;
 *   Null &amp; 0 = 0: Ignore, 0;
 * ip_pkt:                    # a label names the next rule; it may also precede a rule on its line
 *   SourcePeerAddress &amp; 255.255.255.255 = 0: PushPktToAct, Next;
 *   DestPeerAddress &amp; 255.255.255.255 = 0: CountPkt, 0;
 * FORMAT FlowRuleSet FlowIndex " " SourcePeerAddress DestPeerAddress ToOctets;
 * STATISTICS
 * </pre>
 *
 * <p>Names of keywords, attributes, actions (with NeTraMet's old spellings, see {@link Action}),
 * labels and symbolic values are case-insensitive. Line breaks may fall between any two parts of
 * a rule. Values and masks follow RFC 2723 Appendix B (see {@link ValueSyntax}), and the parser
 * always produces masks and values exactly as wide as their attribute (RFC 2723 Appendix C) — for
 * a meter variable, as wide as the attributes Assign rules put into it.
 *
 * <p>Parameters are rule numbers, labels, or {@code Next} (the following rule). For the
 * non-jumping actions (Ignore, NoMatch, Count, CountPkt) the parameter is unused and usually 0.
 * For Return it is a count of rules after the calling Gosub (RFC 2722 §4.4) and must be a number;
 * whether that target exists depends on which Gosub is active, which {@link RuleSetChecker} only
 * warns about — the meter handles an impossible target at run time.
 *
 * <p><b>Assign.</b> RFC 2722 §4.4 says Assign sets "the attribute specified in this rule to the
 * parameter value" and also that it jumps to "the specified rule", but Assign's goto flag makes
 * the parameter a rule number. We follow NeTraMet (RFC 2123 §3.3): {@code v1 & 0 =
 * SourcePeerAddress: AssignAct, Next;} puts the attribute named by the VALUE into the meter
 * variable and jumps to the PARAMETER. The value may be an attribute name or number; the rule's
 * value is then one byte holding that attribute number (see {@link Rule}).
 *
 * <p><b>SET.</b> A file without SET gives a rule set numbered {@link #NO_SET_NUMBER} (0): the
 * caller chooses the number. SET 0 (RFC 2722 §4.4: "cease measuring") and SET 1 (the built-in
 * rule set, which "cannot be changed") are refused, and so are numbers above 255 because a flow
 * records its rule set in one byte (RFC 2720 flowDataRuleSet (1..255), RFC 2723 Appendix C).
 *
 * <p><b>FORMAT</b> lists the flow attributes (FlowAttributeNumber 1..41 of RFC 2720) a meter
 * reader writes, and separators in double quotes. {@link RuleSet#format()} holds each attribute
 * under its {@link Attribute#rfcName()} and each separator with its quotes. <b>STATISTICS</b> asks
 * the reader to log meter statistics. No other statement is documented for rule files (RFC 2123
 * §3 shows only these four), so nothing else is accepted.
 *
 * <p>All errors are collected and reported together in one {@link RuleFileException}: syntax,
 * unknown attributes/actions/names, values and masks (malformed fields, too wide), labels
 * (undefined, duplicate, after the last rule), jumps outside 1..n, SET, missing {@code ;}. When the
 * rules themselves are well formed, {@link RuleSetChecker} then walks the rule set for errors
 * that depend on when a test is performed, and for warnings.
 */
public final class RuleFileParser {
  /** {@link RuleSet#number()} of a file without a SET statement. */
  public static final int NO_SET_NUMBER = 0;
  /** The built-in rule set (RFC 2722 §4.4), which a file may not replace. */
  public static final int BUILTIN_RULE_SET = 1;
  /** The largest rule set number a flow can carry (RFC 2720 flowDataRuleSet). */
  public static final int MAX_RULE_SET = 255;
  /** flowRuleInfoName is at most 127 octets (RFC 2720). */
  static final int MAX_NAME = 127;
  /** FlowAttributeNumber values run 1..41 (RFC 2720); the rest are rule-only selectors. */
  private static final int LAST_FLOW_ATTRIBUTE = 41;
  private static final int MAX_NUMBER_DIGITS = 9;
  private static final String RULES_SUFFIX = ".rules";

  private final String source;
  private final String text;
  private final int[] lineStarts;
  private int pos;

  private final List<int[]> errorPositions = new ArrayList<>();
  private final List<String> errorReasons = new ArrayList<>();
  private final List<int[]> warningPositions = new ArrayList<>();
  private final List<String> warningReasons = new ArrayList<>();

  private int setNumber = NO_SET_NUMBER;
  private int setPos = -1;
  private int rulesPos = -1;
  private int formatPos = -1;
  private int statisticsPos = -1;
  private final List<String> format = new ArrayList<>();
  private final List<RawRule> raw = new ArrayList<>();
  private final Map<String, Label> labels = new HashMap<>();

  /** A rule's text pieces and where each starts. */
  private record RawRule(String attribute, int attributePos, String mask, int maskPos,
      String value, int valuePos, String action, int actionPos, String parameter,
      int parameterPos) {}

  /** A label as written, the index (0-origin) of the rule it names, and where it is. */
  private record Label(String name, int ruleIndex, int pos) {}

  private RuleFileParser(String source, String text) {
    this.source = source;
    this.text = text;
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Reads and validates a rule file (UTF-8); the rule set is named after the file. */
  public static RuleSet parse(Path file) throws IOException, RuleFileException {
    return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Parses and validates {@code text}; {@code sourceName} names it in messages and names it. */
  public static RuleSet parse(String sourceName, String text) throws RuleFileException {
    return parseWithWarnings(sourceName, text).ruleSet();
  }

  /** As {@link #parse(String, String)}, also returning the warnings. */
  public static ParsedRuleFile parseWithWarnings(String sourceName, String text)
      throws RuleFileException {
    return new RuleFileParser(sourceName, text).run();
  }

  /** As {@link #parse(Path)}, also returning the warnings. */
  public static ParsedRuleFile parseWithWarnings(Path file) throws IOException,
      RuleFileException {
    return parseWithWarnings(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * The rule set name for a source: its last path component without a {@code .rules} suffix,
   * cut to 127 characters (flowRuleInfoName).
   */
  static String nameOf(String sourceName) {
    String s = sourceName.substring(Math.max(sourceName.lastIndexOf('/'),
        sourceName.lastIndexOf('\\')) + 1);
    if (s.length() > RULES_SUFFIX.length()
        && s.regionMatches(true, s.length() - RULES_SUFFIX.length(), RULES_SUFFIX, 0,
            RULES_SUFFIX.length())) {
      s = s.substring(0, s.length() - RULES_SUFFIX.length());
    }
    return s.length() > MAX_NAME ? s.substring(0, MAX_NAME) : s;
  }

  private ParsedRuleFile run() throws RuleFileException {
    statements();
    List<Rule> rules = build();
    RuleSet rs = null;
    if (errorReasons.isEmpty()) {
      rs = new RuleSet(setNumber, nameOf(source), rules, format, statisticsPos >= 0);
      for (RuleSetChecker.Finding f : RuleSetChecker.check(rs)) {
        int at = f.rule() == 0 ? Math.max(rulesPos, 0) : fieldPos(raw.get(f.rule() - 1), f.field());
        if (f.error()) {
          error(at, f.reason());
        } else {
          warn(at, f.reason());
        }
      }
    }
    if (!errorReasons.isEmpty()) {
      List<RuleFileException.Problem> problems = new ArrayList<>();
      for (int k : order(errorPositions)) {
        int p = errorPositions.get(k)[0];
        problems.add(new RuleFileException.Problem(line(p), column(p), errorReasons.get(k)));
      }
      throw new RuleFileException(source, problems);
    }
    List<String> warnings = new ArrayList<>();
    for (int k : order(warningPositions)) {
      int p = warningPositions.get(k)[0];
      warnings.add(source + ":" + line(p) + ":" + column(p) + ": warning: "
          + warningReasons.get(k));
    }
    return new ParsedRuleFile(rs, warnings);
  }

  /** Indexes of {@code positions} in file order (stable for equal positions). */
  private static List<Integer> order(List<int[]> positions) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < positions.size(); i++) {
      idx.add(i);
    }
    idx.sort(Comparator.comparingInt(i -> positions.get(i)[0]));
    return idx;
  }

  private static int fieldPos(RawRule r, RuleSetChecker.Field f) {
    switch (f) {
      case MASK:
        return r.maskPos();
      case VALUE:
        return r.valuePos();
      case ACTION:
        return r.actionPos();
      case PARAMETER:
        return r.parameterPos();
      default:
        return r.attributePos();
    }
  }

  // ------------------------------------------------------------------ statements

  private void statements() {
    while (true) {
      skipBlank();
      if (atEnd()) {
        return;
      }
      int start = pos;
      char c = text.charAt(pos);
      if (!isIdentStart(c)) {
        error(pos, "expected a rule, a label, SET, RULES, FORMAT or STATISTICS, not '" + c + "'");
        pos++;
        recover();
        continue;
      }
      String word = readWord();
      skipBlank();
      if (peek() == ':') {
        pos++;
        defineLabel(word, start);
        continue;
      }
      switch (word.toLowerCase(Locale.ROOT)) {
        case "set":
          setStatement(start);
          break;
        case "rules":
          if (rulesPos >= 0) {
            error(start, "duplicate RULES (first at line " + line(rulesPos) + ")");
          } else {
            rulesPos = start;
          }
          break;
        case "format":
          formatStatement(start);
          break;
        case "statistics":
          if (statisticsPos >= 0) {
            error(start, "duplicate STATISTICS (first at line " + line(statisticsPos) + ")");
          } else {
            statisticsPos = start;
          }
          optionalSemicolon();
          break;
        default:
          rule(word, start);
      }
    }
  }

  private void setStatement(int start) {
    skipBlank();
    int numPos = pos;
    if (setPos >= 0) {
      error(start, "duplicate SET (first at line " + line(setPos) + ")");
    } else {
      setPos = start;
    }
    if (peek() < '0' || peek() > '9') {
      error(numPos, "SET needs a rule set number");
      return;
    }
    String num = readParameterToken();
    if (!ValueSyntax.allDigits(num)) {
      error(numPos, "SET needs a rule set number, not '" + num + "'");
      recover();
      return;
    }
    long n = num.length() > MAX_NUMBER_DIGITS ? Long.MAX_VALUE : Long.parseLong(num);
    if (n == BUILTIN_RULE_SET) {
      error(numPos, "rule set 1 is built into the meter and cannot be changed (RFC 2722 §4.4);"
          + " use 2.." + MAX_RULE_SET);
    } else if (n == 0) {
      error(numPos, "rule set 0 means 'cease measuring' (RFC 2722 §4.4); use 2.." + MAX_RULE_SET);
    } else if (n > MAX_RULE_SET) {
      error(numPos, "rule set " + num + " is out of range 2.." + MAX_RULE_SET + ": a flow carries"
          + " its rule set number in one byte (RFC 2720 flowDataRuleSet, RFC 2723 Appendix C)");
    } else {
      setNumber = (int) n;
    }
    optionalSemicolon();
  }

  private void formatStatement(int start) {
    if (formatPos >= 0) {
      error(start, "duplicate FORMAT (first at line " + line(formatPos) + ")");
    } else {
      formatPos = start;
    }
    int lastEnd = pos;
    while (true) {
      skipBlank();
      if (atEnd()) {
        error(lastEnd, "missing ';' at the end of FORMAT");
        return;
      }
      char c = peek();
      if (c == ';') {
        pos++;
        return;
      }
      if (c == '"') {
        int close = text.indexOf('"', pos + 1);
        int eol = text.indexOf('\n', pos);
        if (close < 0 || (eol >= 0 && close > eol)) {
          error(pos, "unterminated string in FORMAT");
          pos = eol < 0 ? text.length() : eol;
          continue;
        }
        format.add(text.substring(pos, close + 1));
        pos = close + 1;
        lastEnd = pos;
        continue;
      }
      if (isIdentStart(c)) {
        int s = pos;
        String w = readWord();
        if (isKeyword(w)) {
          error(lastEnd, "missing ';' at the end of FORMAT");
          pos = s;
          return;
        }
        Attribute a = Attribute.byName(w);
        if (a == null) {
          error(s, "unknown attribute '" + w + "' in FORMAT");
        } else if (a.number() < 1 || a.number() > LAST_FLOW_ATTRIBUTE) {
          error(s, a.rfcName() + " is not a flow attribute; FORMAT lists FlowAttributeNumber"
              + " values (RFC 2720)");
        } else {
          format.add(a.rfcName());
        }
        lastEnd = pos;
        continue;
      }
      error(pos, "unexpected '" + c + "' in FORMAT");
      pos++;
    }
  }

  private void defineLabel(String name, int at) {
    String key = name.toLowerCase(Locale.ROOT);
    if (key.equals("next")) {
      error(at, "'Next' is reserved (it means the following rule) and cannot be a label");
      return;
    }
    Label old = labels.get(key);
    if (old != null) {
      error(at, "duplicate label '" + name + "' (first defined at line " + line(old.pos()) + ")");
      return;
    }
    labels.put(key, new Label(name, raw.size(), at));
  }

  /** {@code attribute & mask = value: action, parameter;} after its attribute word. */
  private void rule(String attribute, int attributePos) {
    skipBlank();
    if (peek() != '&') {
      if (Attribute.byName(attribute) == null && !atEnd() && isIdentStart(peek())) {
        // RFC 2123's own listings have labels without their colon ("s_nfs").
        error(attributePos, "'" + attribute + "' is not an attribute; a label needs ':' after it");
        defineLabel(attribute, attributePos);
        return;
      }
      error(pos, "expected '&' after " + attribute);
      recover();
      return;
    }
    pos++;
    skipBlank();
    int maskPos = pos;
    String mask = readToken();
    if (mask.isEmpty()) {
      error(pos, "expected a mask after '&'");
      recover();
      return;
    }
    skipBlank();
    if (peek() != '=') {
      error(pos, "expected '=' after the mask");
      recover();
      return;
    }
    pos++;
    skipBlank();
    int valuePos = pos;
    String token = readValueToken();
    int afterToken = pos;
    skipBlank();
    String value;
    if (token.endsWith(":") && peek() == ':') {
      value = token;
      pos++;
    } else if (token.endsWith(":")) {
      value = token.substring(0, token.length() - 1);
    } else if (peek() == ':') {
      value = token;
      pos++;
    } else {
      int colon = token.lastIndexOf(':');
      if (colon < 0 || colon + 1 >= token.length() || !isIdentStart(token.charAt(colon + 1))) {
        error(afterToken, "expected ':' between the value and the action");
        recover();
        return;
      }
      value = token.substring(0, colon);
      pos = valuePos + colon + 1; // the action was written straight after the colon
    }
    if (value.isEmpty()) {
      error(valuePos, "expected a value after '='");
      recover();
      return;
    }
    skipBlank();
    int actionPos = pos;
    String action = readWord();
    if (action.isEmpty()) {
      error(pos, "expected an action after ':'");
      recover();
      return;
    }
    skipBlank();
    if (peek() != ',') {
      error(pos, "expected ',' between the action and its parameter");
      recover();
      return;
    }
    pos++;
    skipBlank();
    int parameterPos = pos;
    String parameter = readParameterToken();
    if (parameter.isEmpty()) {
      error(pos, "expected a parameter (a rule number, a label or Next)");
      recover();
      return;
    }
    int end = pos;
    raw.add(new RawRule(attribute, attributePos, mask, maskPos, value, valuePos, action,
        actionPos, parameter, parameterPos));
    skipBlank();
    if (peek() == ';') {
      pos++;
    } else {
      error(end, "missing ';' at the end of the rule");
    }
  }

  // ------------------------------------------------------------------ building rules

  private List<Rule> build() {
    if (raw.isEmpty()) {
      error(Math.max(rulesPos, 0), "the rule set has no rules");
      return List.of();
    }
    int n = raw.size();
    if (n > RuleSetChecker.MAX_PARAMETER) {
      error(raw.get(RuleSetChecker.MAX_PARAMETER).attributePos(), "more than "
          + RuleSetChecker.MAX_PARAMETER + " rules: rule numbers are 16 bits");
    }
    for (Label l : labels.values()) {
      if (l.ruleIndex() >= n) {
        warn(l.pos(), "label '" + l.name() + "' is not followed by any rule");
      }
    }
    Attribute[] attributes = new Attribute[n];
    Action[] actions = new Action[n];
    Attribute[] assigned = new Attribute[n];
    for (int i = 0; i < n; i++) {
      RawRule r = raw.get(i);
      attributes[i] = Attribute.byName(r.attribute());
      if (attributes[i] == null) {
        error(r.attributePos(), "unknown attribute '" + r.attribute() + "'");
      } else if (!attributes[i].testable()) {
        error(r.attributePos(), attributes[i].rfcName() + " cannot be used in a rule: it is not a"
            + " RuleAttributeNumber (RFC 2720)");
      }
      actions[i] = Action.byName(r.action());
      if (actions[i] == null) {
        error(r.actionPos(), "unknown action '" + r.action() + "'");
      } else if (RuleSetChecker.isAssign(actions[i]) && attributes[i] != null) {
        if (!attributes[i].isMeterVariable()) {
          error(r.attributePos(), "Assign sets a meter variable (v1..v5), not "
              + attributes[i].rfcName() + " (RFC 2722 §4.4)");
        }
        assigned[i] = assignedAttribute(r);
      }
    }
    Map<Attribute, Set<Attribute>> targets = new EnumMap<>(Attribute.class);
    for (int i = 0; i < n; i++) {
      if (assigned[i] != null && attributes[i] != null && attributes[i].isMeterVariable()) {
        targets.computeIfAbsent(attributes[i], k -> EnumSet.noneOf(Attribute.class))
            .add(assigned[i]);
      }
    }
    List<Rule> rules = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      RawRule r = raw.get(i);
      Attribute a = attributes[i];
      Action act = actions[i];
      int parameter = parameter(i, r, act, n);
      if (a == null || act == null) {
        continue;
      }
      byte[] mask;
      byte[] value;
      if (RuleSetChecker.isAssign(act)) {
        mask = bytes(r.mask(), r.maskPos(), "mask",
            new ValueSyntax.Target(a.rfcName(), 1, null, null));
        value = assigned[i] == null ? null : new byte[] {(byte) assigned[i].number()};
      } else {
        ValueSyntax.Target t = a.isMeterVariable()
            ? RuleSetChecker.variableTarget(a, targets.getOrDefault(a, Set.of()))
            : ValueSyntax.Target.of(a);
        mask = bytes(r.mask(), r.maskPos(), "mask", new ValueSyntax.Target(t.name(), t.width(),
            null, t.ambiguity()));
        value = bytes(r.value(), r.valuePos(), "value", t);
      }
      if (mask != null && value != null && parameter >= 0) {
        rules.add(new Rule(a, mask, value, act, parameter, line(r.attributePos())));
      }
    }
    return rules;
  }

  /** The attribute an Assign rule's value names (name or number), or null after an error. */
  private Attribute assignedAttribute(RawRule r) {
    String v = r.value();
    Attribute held = ValueSyntax.allDigits(v)
        ? (v.length() > 3 ? null : Attribute.byNumber(Integer.parseInt(v)))
        : Attribute.byName(v);
    if (held == null || !held.testable() || held.isMeterVariable()) {
      error(r.valuePos(), "a meter variable holds an attribute that rules may test (RFC 2720"
          + " RuleAttributeNumber, not v1..v5); '" + v + "' is not one");
      return null;
    }
    return held;
  }

  private byte[] bytes(String text, int at, String what, ValueSyntax.Target t) {
    try {
      return ValueSyntax.parse(text, t);
    } catch (ValueSyntax.ValueException e) {
      error(at + e.offset, what + " " + text + ": " + e.getMessage());
      return null;
    }
  }

  /** The rule number, offset or number a parameter stands for; -1 after an error. */
  private int parameter(int index, RawRule r, Action act, int n) {
    String p = r.parameter();
    String key = p.toLowerCase(Locale.ROOT);
    boolean isReturn = act == Action.RETURN;
    int value;
    if (ValueSyntax.allDigits(p)) {
      value = p.length() > MAX_NUMBER_DIGITS ? Integer.MAX_VALUE : Integer.parseInt(p);
    } else if (!isIdentStart(p.charAt(0))) {
      error(r.parameterPos(), "parameter '" + p + "' is not a rule number, a label or Next");
      return -1;
    } else if (isReturn) {
      error(r.parameterPos(), "Return's parameter is a count of rules after the calling Gosub"
          + " (RFC 2722 §4.4), not a label");
      return -1;
    } else if (key.equals("next")) {
      value = index + 2;
      if (act != null && act.gotoFlag() && value > n) {
        error(r.parameterPos(), "Next on the last rule jumps to rule " + value
            + ", which does not exist");
        return -1;
      }
    } else {
      Label l = labels.get(key);
      if (l == null) {
        error(r.parameterPos(), "undefined label '" + p + "'");
        return -1;
      }
      if (l.ruleIndex() >= n) {
        error(r.parameterPos(), "label '" + p + "' (line " + line(l.pos())
            + ") is not followed by any rule");
        return -1;
      }
      value = l.ruleIndex() + 1;
    }
    if (act == null) {
      return value;
    }
    if (act.gotoFlag() && (value < 1 || value > n)) {
      error(r.parameterPos(), "rule " + p + " does not exist: " + act.rfcName()
          + " must jump to a rule in 1.." + n);
      return -1;
    }
    if (isReturn && value < 1) {
      error(r.parameterPos(), "Return's parameter counts rules after the calling Gosub and must"
          + " be at least 1 (Return 0 would run the Gosub again)");
      return -1;
    }
    if (value > RuleSetChecker.MAX_PARAMETER) {
      error(r.parameterPos(), "parameter " + p + " is greater than "
          + RuleSetChecker.MAX_PARAMETER + " (RFC 2720 flowRuleParameter)");
      return -1;
    }
    return value;
  }

  // ------------------------------------------------------------------ scanning

  private boolean atEnd() {
    return pos >= text.length();
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  /** Skips white space (including line ends and a byte-order mark) and # comments. */
  private void skipBlank() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else if (Character.isWhitespace(c) || c == '\uFEFF') {
        pos++;
      } else {
        return;
      }
    }
  }

  private void optionalSemicolon() {
    skipBlank();
    if (peek() == ';') {
      pos++;
    }
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || (c >= '0' && c <= '9');
  }

  private static boolean isKeyword(String w) {
    String k = w.toLowerCase(Locale.ROOT);
    return k.equals("set") || k.equals("rules") || k.equals("format") || k.equals("statistics");
  }

  private String readWord() {
    int s = pos;
    if (pos < text.length() && isIdentStart(text.charAt(pos))) {
      pos++;
      while (pos < text.length() && isIdentPart(text.charAt(pos))) {
        pos++;
      }
    }
    return text.substring(s, pos);
  }

  private String readParameterToken() {
    int s = pos;
    while (pos < text.length() && (isIdentPart(text.charAt(pos)) || text.charAt(pos) == '-')) {
      pos++;
    }
    return text.substring(s, pos);
  }

  /** A mask: everything up to white space, '=', ';', ',' or '#'. */
  private String readToken() {
    int s = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isWhitespace(c) || c == '=' || c == ';' || c == ',' || c == '#') {
        break;
      }
      pos++;
    }
    return text.substring(s, pos);
  }

  /** A value: a character constant, or everything up to white space, ';', ',', '#' or '='. */
  private String readValueToken() {
    if (peek() == '\'') {
      int s = pos;
      int close = pos + (pos + 1 < text.length() && text.charAt(pos + 1) == '\\' ? 3 : 2);
      if (close < text.length() && text.charAt(close) == '\'') {
        pos = close + 1;
        return text.substring(s, pos);
      }
    }
    return readToken();
  }

  /**
   * After a syntax error: skips to just after the next ';', or to the start of a line that
   * begins a new statement (a keyword, a label, or a word followed by '&'), whichever is first.
   */
  private void recover() {
    int lineStart = text.lastIndexOf('\n', pos - 1) + 1;
    if (text.substring(lineStart, Math.min(pos, text.length())).isBlank()
        && startsStatement(lineStart)) {
      return; // the error was noticed at the start of the next statement: keep it
    }
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ';') {
        pos++;
        return;
      }
      if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
        continue;
      }
      pos++;
      if (c == '\n' && startsStatement(pos)) {
        return;
      }
    }
  }

  private boolean startsStatement(int p) {
    while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
      p++;
    }
    int s = p;
    if (p >= text.length() || !isIdentStart(text.charAt(p))) {
      return false;
    }
    while (p < text.length() && isIdentPart(text.charAt(p))) {
      p++;
    }
    if (isKeyword(text.substring(s, p))) {
      return true;
    }
    while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
      p++;
    }
    return p < text.length() && (text.charAt(p) == ':' || text.charAt(p) == '&');
  }

  // ------------------------------------------------------------------ positions

  private int line(int p) {
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= p) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo + 1;
  }

  private int column(int p) {
    return p - lineStarts[line(p) - 1] + 1;
  }

  private void error(int p, String reason) {
    errorPositions.add(new int[] {p});
    errorReasons.add(reason);
  }

  private void warn(int p, String reason) {
    warningPositions.add(new int[] {p});
    warningReasons.add(reason);
  }
}
