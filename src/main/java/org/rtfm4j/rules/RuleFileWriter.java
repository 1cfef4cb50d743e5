package org.rtfm4j.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints a rule set in rule-file syntax that {@link RuleFileParser} reads back to an equal rule
 * set (same number, rules, FORMAT and STATISTICS; the name comes from the source name given to
 * the parser). Parameters are rule numbers (no labels); each rule ends with a comment giving its
 * number. Values use their attribute's natural notation: dotted quads for IPv4-sized peer
 * addresses and RFC 5952 text for the others, hex MAC addresses, decimal ports and one-byte
 * values, character constants for printable Kind/Class values, attribute names for Assign.
 */
public final class RuleFileWriter {
  /** Width the action and parameter are padded to before each rule's number comment. */
  private static final int ACTION_WIDTH = 22;

  private RuleFileWriter() {}

  /** How values of an attribute are written. */
  private enum Notation {
    PEER,
    ADJACENT,
    PORT,
    CHARACTER,
    ONE_BYTE,
    GENERIC
  }

  /** The rule file text for {@code ruleSet}. */
  public static String write(RuleSet ruleSet) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Rule set '").append(ruleSet.name().replaceAll("[\\r\\n]", " ")).append("', ")
        .append(ruleSet.size()).append(" rules, written by rtfm4j\n");
    if (ruleSet.number() != RuleFileParser.NO_SET_NUMBER) {
      sb.append("SET ").append(ruleSet.number()).append('\n');
    }
    sb.append("RULES\n");
    List<Rule> rules = ruleSet.rules();
    Map<Attribute, Set<Attribute>> targets = RuleSetChecker.assignedTargets(rules);
    String[] tests = new String[rules.size()];
    int widest = 0;
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      String[] mv = maskAndValue(r, targets);
      tests[i] = r.attribute().rfcName() + " & " + mv[0] + " = " + mv[1] + ":";
      widest = Math.max(widest, tests[i].length());
    }
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      String action = r.action().rfcName() + ", " + r.parameter() + ";";
      sb.append("  ").append(tests[i]).append(" ".repeat(widest - tests[i].length() + 1))
          .append(action).append(" ".repeat(Math.max(1, ACTION_WIDTH - action.length()))).append("# ")
          .append(i + 1).append('\n');
    }
    if (!ruleSet.format().isEmpty()) {
      sb.append("FORMAT ").append(String.join(" ", ruleSet.format())).append(";\n");
    }
    if (ruleSet.statistics()) {
      sb.append("STATISTICS\n");
    }
    return sb.toString();
  }

  private static String[] maskAndValue(Rule r, Map<Attribute, Set<Attribute>> targets) {
    Attribute a = r.attribute();
    if (RuleSetChecker.isAssign(r.action())) {
      byte[] v = r.value();
      Attribute held = v.length == 1 ? Attribute.byNumber(v[0] & 0xff) : null;
      return new String[] {ValueSyntax.wholeNumber(r.mask()),
          held != null ? held.rfcName() : ValueSyntax.dotted(v)};
    }
    int width = a.width();
    Notation notation = notation(a);
    if (a.isMeterVariable()) {
      Set<Attribute> held = targets.getOrDefault(a, Set.of());
      width = RuleSetChecker.variableTarget(a, held).width();
      notation = null;
      for (Attribute h : held) {
        Notation n = notation(h);
        notation = notation == null || notation == n ? n : Notation.GENERIC;
      }
      if (notation == null || (notation == Notation.GENERIC && width == 1)) {
        notation = width == 1 ? Notation.ONE_BYTE : Notation.GENERIC; // dotted needs 2 bytes
      }
    }
    byte[] mask = pad(r.mask(), width);
    byte[] value = pad(r.value(), width);
    if (mask.length > width || value.length > width) {
      return new String[] {ValueSyntax.dotted(mask), ValueSyntax.dotted(value)};
    }
    switch (notation) {
      case PEER:
        if (ValueSyntax.fitsIpv4(mask) && ValueSyntax.fitsIpv4(value)) {
          return new String[] {quad(mask), quad(value)};
        }
        return new String[] {ipv6(mask), ipv6(value)};
      case ADJACENT:
        return new String[] {mac(mask), mac(value)};
      case PORT:
        return new String[] {zeroOr(mask, ValueSyntax.dotted(mask)),
            ValueSyntax.wholeNumber(value)};
      case CHARACTER:
        return new String[] {ValueSyntax.wholeNumber(mask),
            ValueSyntax.characterOrNumber(value[0])};
      case ONE_BYTE:
        return new String[] {ValueSyntax.wholeNumber(mask), ValueSyntax.wholeNumber(value)};
      default:
        return new String[] {ValueSyntax.dotted(mask), ValueSyntax.dotted(value)};
    }
  }

  private static Notation notation(Attribute a) {
    switch (a) {
      case SOURCE_PEER_ADDRESS:
      case DEST_PEER_ADDRESS:
        return Notation.PEER;
      case SOURCE_ADJACENT_ADDRESS:
      case DEST_ADJACENT_ADDRESS:
        return Notation.ADJACENT;
      case SOURCE_TRANS_ADDRESS:
      case DEST_TRANS_ADDRESS:
        return Notation.PORT;
      default:
        if (a.isComputed()) {
          return Notation.CHARACTER;
        }
        return a.width() == 1 ? Notation.ONE_BYTE : Notation.GENERIC;
    }
  }

  private static byte[] pad(byte[] b, int width) {
    return b.length >= width ? b : Arrays.copyOf(b, width);
  }

  private static String zeroOr(byte[] b, String text) {
    return ValueSyntax.isZero(b) ? "0" : text;
  }

  private static String quad(byte[] b) {
    return zeroOr(b, ValueSyntax.dottedQuad(b));
  }

  private static String ipv6(byte[] b) {
    return zeroOr(b, b.length == Ipv6Text.BYTES ? Ipv6Text.format(b) : ValueSyntax.dotted(b));
  }

  private static String mac(byte[] b) {
    return zeroOr(b, ValueSyntax.hexFields(b));
  }
}
