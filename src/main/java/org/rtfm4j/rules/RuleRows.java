package org.rtfm4j.rules;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rtfm4j.rules.RuleSetChecker.Field;
import org.rtfm4j.rules.RuleSetChecker.Finding;

/**
 * Converts rules to and from the Meter MIB's flowRuleTable rows (RFC 2720), for the meter's agent
 * and for a manager that downloads rule sets.
 *
 * <p>The convention for RuleAddress octet strings (flowRuleMask, flowRuleMatchedValue, SIZE
 * 2..20): the bytes are the attribute's value <em>left-aligned</em>, most significant byte first,
 * as in rule files (RFC 2723 Appendix B: "the given numbers specify the leading bytes of masks
 * and values"). Missing trailing bytes are zero. So
 *
 * <ul>
 *   <li>a 1-byte attribute (PeerType, TransType, Class, Kind, a meter variable's Assign value,
 *       Null) travels as 2 octets, its byte then a zero byte: {@code SourcePeerType & 255 = 6}
 *       is mask {@code FF 00}, value {@code 06 00};
 *   <li>ports (2 bytes) travel as 2 octets, MAC addresses as 6;
 *   <li>peer addresses travel as 4 octets when nothing beyond the fourth byte is set in mask or
 *       value (the meter then reads them as IPv4, see {@code CompiledRuleSet}), else as 16;
 *   <li>a meter variable (v1..v5) tested by a rule travels with the width of the attributes its
 *       Assign rules put into it.
 * </ul>
 *
 * Reading a row, octets shorter than the width are padded with zeroes and octets beyond the width
 * must be zero (they are dropped); the resulting rule has exactly the width a rule file gives it,
 * so rules read from a file come back equal after a trip through the MIB.
 */
public final class RuleRows {
  /** RuleAddress is OCTET STRING (SIZE (2..20)) (RFC 2720). */
  public static final int MIN_OCTETS = 2;
  /** RuleAddress is OCTET STRING (SIZE (2..20)) (RFC 2720). */
  public static final int MAX_OCTETS = 20;

  private static final int IPV4_OCTETS = 4;
  private static final int PEER_ADDRESS_WIDTH = 16;
  /** Assign rules hold one byte, the number of the attribute (see {@link Rule}). */
  private static final int ASSIGN_WIDTH = 1;

  private RuleRows() {}

  /** The rows converted, or the problems that stopped the conversion (rule numbers 1-origin). */
  public record Result(List<Rule> rules, List<Finding> problems) {
    public Result {
      rules = List.copyOf(rules);
      problems = List.copyOf(problems);
    }

    /** True when every row became a rule. */
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** The flowRuleTable row for {@code rule}. */
  public static RuleRow fromRule(Rule rule) {
    byte[] mask = rule.mask();
    byte[] value = rule.value();
    boolean ipv4 = mask.length == PEER_ADDRESS_WIDTH && value.length == PEER_ADDRESS_WIDTH
        && zeroFrom(mask, IPV4_OCTETS) && zeroFrom(value, IPV4_OCTETS);
    return new RuleRow(rule.attribute().number(), octets(mask, ipv4), octets(value, ipv4),
        rule.action().opcode(), rule.parameter());
  }

  /** The rows of a rule set, rule 1 first. */
  public static List<RuleRow> fromRuleSet(RuleSet ruleSet) {
    List<RuleRow> rows = new ArrayList<>(ruleSet.size());
    for (Rule r : ruleSet.rules()) {
      rows.add(fromRule(r));
    }
    return rows;
  }

  /**
   * Rules for {@code rows} (row i is rule i + 1). Problems: a selector that is not a
   * RuleAttributeNumber, an action that is not an ActionNumber, an octet string outside 2..20
   * octets or with non-zero bytes beyond its attribute's width. Nothing else is checked here:
   * {@link RuleSetChecker} checks the rule set as a whole.
   */
  public static Result toRules(List<RuleRow> rows) {
    List<Finding> problems = new ArrayList<>();
    Map<Attribute, Set<Attribute>> held = assignedTargets(rows);
    List<Rule> rules = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      int n = i + 1;
      RuleRow row = rows.get(i);
      Attribute attr = Attribute.byNumber(row.selector());
      if (attr == null || !attr.testable()) {
        problems.add(new Finding(n, Field.ATTRIBUTE, true, "selector " + row.selector()
            + " is not a RuleAttributeNumber (RFC 2720)"));
        continue;
      }
      Action action = Action.byOpcode(row.action());
      if (action == null) {
        problems.add(new Finding(n, Field.ACTION, true, "action " + row.action()
            + " is not an ActionNumber (RFC 2720: 1..17)"));
        continue;
      }
      int width = width(attr, action, held);
      byte[] mask = fit(n, Field.MASK, row.mask(), width, attr, problems);
      byte[] value = fit(n, Field.VALUE, row.value(), width, attr, problems);
      if (mask != null && value != null) {
        rules.add(new Rule(attr, mask, value, action, row.parameter(), 0));
      }
    }
    return problems.isEmpty() ? new Result(rules, List.of()) : new Result(List.of(), problems);
  }

  /** Bytes a rule of this attribute and action holds in its mask and value. */
  private static int width(Attribute attr, Action action, Map<Attribute, Set<Attribute>> held) {
    if (RuleSetChecker.isAssign(action)) {
      return ASSIGN_WIDTH;
    }
    if (attr.isMeterVariable()) {
      return RuleSetChecker.variableTarget(attr, held.getOrDefault(attr, Set.of())).width();
    }
    return attr.width();
  }

  /** What Assign rules put into each meter variable, read from their (unconverted) values. */
  private static Map<Attribute, Set<Attribute>> assignedTargets(List<RuleRow> rows) {
    Map<Attribute, Set<Attribute>> m = new EnumMap<>(Attribute.class);
    for (RuleRow r : rows) {
      Attribute var = Attribute.byNumber(r.selector());
      Action action = Action.byOpcode(r.action());
      byte[] v = r.value();
      if (var != null && var.isMeterVariable() && action != null
          && RuleSetChecker.isAssign(action) && v.length > 0 && zeroFrom(v, ASSIGN_WIDTH)) {
        Attribute target = Attribute.byNumber(v[0] & 0xff);
        if (target != null) {
          m.computeIfAbsent(var, k -> EnumSet.noneOf(Attribute.class)).add(target);
        }
      }
    }
    return m;
  }

  /** {@code octets} left-aligned in {@code width} bytes, or null (a problem noted) if too wide. */
  private static byte[] fit(int rule, Field field, byte[] octets, int width, Attribute attr,
      List<Finding> problems) {
    String what = field == Field.MASK ? "mask" : "value";
    if (octets.length < MIN_OCTETS || octets.length > MAX_OCTETS) {
      problems.add(new Finding(rule, field, true, what + " is " + octets.length
          + " octets; a RuleAddress is " + MIN_OCTETS + ".." + MAX_OCTETS + " (RFC 2720)"));
      return null;
    }
    if (!zeroFrom(octets, width)) {
      problems.add(new Finding(rule, field, true, what + " has non-zero octets beyond the "
          + width + (width == 1 ? " byte" : " bytes") + " of " + attr.rfcName()));
      return null;
    }
    byte[] out = new byte[width];
    System.arraycopy(octets, 0, out, 0, Math.min(width, octets.length));
    return out;
  }

  /** The MIB form of a rule's mask or value: its bytes, 4 of them for IPv4, at least 2. */
  private static byte[] octets(byte[] bytes, boolean ipv4) {
    int n = ipv4 ? IPV4_OCTETS : Math.max(MIN_OCTETS, bytes.length);
    byte[] out = new byte[n];
    System.arraycopy(bytes, 0, out, 0, Math.min(n, bytes.length));
    return out;
  }

  private static boolean zeroFrom(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
