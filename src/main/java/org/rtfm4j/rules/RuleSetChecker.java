package org.rtfm4j.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a rule set before the meter runs it: attribute, width, Assign and jump checks on each
 * rule, then a walk over every path the Packet Matching Engine (RFC 2722 §4.4) can take.
 *
 * <p>The walk follows states (rule, test indicator, innermost Gosub) from rule 1 with the test
 * indicator set. A test may fail (fall through to the next rule) unless it is on Null or has a
 * zero mask, and may succeed unless its value has bits outside its mask; Return goes back to
 * every Gosub that can be active. From the states reached it reports:
 *
 * <ul>
 *   <li>error: a value with bits outside its mask on a rule whose test is performed (it can never
 *       succeed);
 *   <li>error: a PushPktTo rule with a zero value whose test is performed — NeMaC's check for
 *       "a very common error" (RFC 2123 §3.1); PushPktTo should be reached through an ...Act
 *       action so its test is skipped (RFC 2722 §4.4);
 *   <li>error: a loop the engine can never leave (every rule on it is forced: no test can fail
 *       and no action ends matching);
 *   <li>warnings: rules never executed, Return with no active Gosub, Return past the last rule
 *       (the meter deals with those at run time), PushRuleTo saving value bits outside its mask.
 * </ul>
 *
 * <p>When the rule set has no error, a second walk ({@link PathWalk}) follows each path with the
 * conditions its tests put on the packet, and warns about:
 *
 * <ul>
 *   <li>rules the first walk reaches but no packet can: every path to them has contradictory
 *       test results (e.g. a test of SourcePeerType = 2 after SourcePeerType = 1 succeeded);
 *   <li>the inconsistency of RFC 2722 §4.3: an Ignore that a reply to a counted packet reaches
 *       (a rule set "which counts packets from source network A to destination network B, but
 *       which ignores packets from source network B"), with an example packet.
 * </ul>
 */
public final class RuleSetChecker {
  /** Largest flowRuleParameter (RFC 2720: Integer32 (1..65535)); also the largest rule set. */
  public static final int MAX_PARAMETER = 65535;

  /** The widest attribute (RFC 2723 Appendix C, IPv6 peer addresses): an unassigned variable. */
  private static final int WIDEST_ATTRIBUTE = 16;

  /** The part of a rule a finding is about. */
  public enum Field {
    RULE,
    ATTRIBUTE,
    MASK,
    VALUE,
    ACTION,
    PARAMETER
  }

  /**
   * One problem.
   *
   * @param rule the 1-origin rule number, or 0 for the rule set as a whole
   * @param field the part of the rule it is about
   * @param error true for an error (the rule set must not run), false for a warning
   * @param reason what is wrong, in words
   */
  public record Finding(int rule, Field field, boolean error, String reason) {
    @Override
    public String toString() {
      return (rule > 0 ? "rule " + rule + ": " : "") + (error ? "" : "warning: ") + reason;
    }
  }

  private RuleSetChecker() {}

  /** Every error and warning for {@code ruleSet}; the flow walk runs only when no rule is wrong. */
  public static List<Finding> check(RuleSet ruleSet) {
    List<Finding> out = new ArrayList<>();
    List<Rule> rules = ruleSet.rules();
    int n = rules.size();
    if (n == 0) {
      out.add(new Finding(0, Field.RULE, true, "the rule set has no rules"));
      return out;
    }
    if (n > MAX_PARAMETER) {
      out.add(new Finding(0, Field.RULE, true, "the rule set has " + n
          + " rules; rule numbers are 16 bits, so at most " + MAX_PARAMETER));
      return out;
    }
    Map<Attribute, Set<Attribute>> targets = assignedTargets(rules);
    for (int i = 1; i <= n; i++) {
      checkRule(i, rules.get(i - 1), n, targets, out);
    }
    for (Finding f : out) {
      if (f.error()) {
        return out;
      }
    }
    Walk walk = new Walk(rules, out);
    walk.run();
    for (Finding f : out) {
      if (f.error()) {
        return out;
      }
    }
    PathWalk paths = new PathWalk(rules);
    if (paths.run()) {
      for (int i = 1; i <= n; i++) {
        if (walk.executed(i) && !paths.reached(i)) {
          out.add(new Finding(i, Field.RULE, false, "this rule is never executed: no packet"
              + " can reach it, the tests on every path to it contradict each other"));
        }
      }
      out.addAll(paths.inconsistencies());
    }
    return out;
  }

  private static void checkRule(int i, Rule r, int n, Map<Attribute, Set<Attribute>> targets,
      List<Finding> out) {
    Attribute attr = r.attribute();
    Action action = r.action();
    if (!attr.testable()) {
      out.add(new Finding(i, Field.ATTRIBUTE, true, attr.rfcName() + " cannot be used in a rule:"
          + " it is not a RuleAttributeNumber (RFC 2720)"));
    }
    if (isAssign(action)) {
      if (!attr.isMeterVariable()) {
        out.add(new Finding(i, Field.ATTRIBUTE, true, "Assign sets a meter variable (v1..v5),"
            + " not " + attr.rfcName() + " (RFC 2722 §4.4)"));
      }
      if (r.mask().length > 1) {
        out.add(new Finding(i, Field.MASK, true, "the mask of an Assign rule is 1 byte"));
      }
      byte[] value = r.value();
      Attribute held = value.length == 1 ? Attribute.byNumber(value[0] & 0xff) : null;
      if (held == null || !held.testable() || held.isMeterVariable()) {
        out.add(new Finding(i, Field.VALUE, true, "a meter variable holds the number of an"
            + " attribute rules may test (RFC 2720 RuleAttributeNumber, not v1..v5); this value"
            + " is not one"));
      }
    } else {
      int width = attr.width();
      if (attr.isMeterVariable()) {
        Set<Attribute> held = targets.getOrDefault(attr, Set.of());
        width = variableTarget(attr, held).width();
        if (held.isEmpty()) {
          out.add(new Finding(i, Field.ATTRIBUTE, false, attr.rfcName()
              + " is tested here but no Assign rule sets it"));
        }
      }
      checkWidth(i, Field.MASK, r.mask().length, width, attr, out);
      checkWidth(i, Field.VALUE, r.value().length, width, attr, out);
    }
    int p = r.parameter();
    if (action.gotoFlag()) {
      if (p < 1 || p > n) {
        out.add(new Finding(i, Field.PARAMETER, true, "rule " + p + " does not exist: "
            + action.rfcName() + " must jump to a rule in 1.." + n));
      }
    } else if (action == Action.RETURN) {
      if (p < 1 || p > MAX_PARAMETER) {
        out.add(new Finding(i, Field.PARAMETER, true, "Return's parameter counts rules after the"
            + " calling Gosub and must be 1.." + MAX_PARAMETER + " (Return 0 would run the Gosub"
            + " again)"));
      }
    } else if (p < 0 || p > MAX_PARAMETER) {
      out.add(new Finding(i, Field.PARAMETER, true, "parameter " + p + " is outside 0.."
          + MAX_PARAMETER + " (RFC 2720 flowRuleParameter)"));
    }
  }

  private static void checkWidth(int i, Field f, int length, int width, Attribute attr,
      List<Finding> out) {
    if (length > width) {
      out.add(new Finding(i, f, true, (f == Field.MASK ? "mask" : "value") + " is " + length
          + " bytes; " + attr.rfcName() + " is " + width + " bytes wide (RFC 2723 Appendix C)"));
    }
  }

  static boolean isAssign(Action a) {
    return a == Action.ASSIGN || a == Action.ASSIGN_ACT;
  }

  /** For each meter variable, the attributes Assign rules may put in it. */
  static Map<Attribute, Set<Attribute>> assignedTargets(List<Rule> rules) {
    Map<Attribute, Set<Attribute>> m = new EnumMap<>(Attribute.class);
    for (Rule r : rules) {
      byte[] v = r.value();
      if (isAssign(r.action()) && r.attribute().isMeterVariable() && v.length == 1) {
        Attribute held = Attribute.byNumber(v[0] & 0xff);
        if (held != null) {
          m.computeIfAbsent(r.attribute(), k -> EnumSet.noneOf(Attribute.class)).add(held);
        }
      }
    }
    return m;
  }

  /**
   * How masks and values of rules testing meter variable {@code var} are read: with the width of
   * the attributes it may hold. When those widths differ the widest is used and a lone number is
   * ambiguous (it fills the whole width, and which width is known only at run time).
   */
  static ValueSyntax.Target variableTarget(Attribute var, Set<Attribute> held) {
    if (held.isEmpty()) {
      return new ValueSyntax.Target(var.rfcName(), WIDEST_ATTRIBUTE, null, null);
    }
    int width = 0;
    boolean uniformWidth = true;
    SymbolicValues.Table table = null;
    boolean uniformTable = true;
    boolean first = true;
    StringBuilder names = new StringBuilder();
    for (Attribute a : held) {
      if (!first && a.width() != width) {
        uniformWidth = false;
      }
      SymbolicValues.Table t = SymbolicValues.tableFor(a);
      if (!first && t != table) {
        uniformTable = false;
      }
      width = Math.max(width, a.width());
      table = t;
      names.append(first ? "" : ", ").append(a.rfcName()).append(" (").append(a.width())
          .append(a.width() == 1 ? " byte)" : " bytes)");
      first = false;
    }
    return new ValueSyntax.Target(var.rfcName(), width, uniformTable ? table : null,
        uniformWidth ? null : var.rfcName() + " may hold " + names);
  }

  /** The walk over the engine's states described in the class comment. */
  private static final class Walk {
    private final List<Rule> rules;
    private final int n;
    private final List<Finding> out;
    private final Map<Long, Set<Long>> successors = new HashMap<>();
    private final Set<Long> terminal = new HashSet<>();
    private final ArrayDeque<Long> work = new ArrayDeque<>();
    private final boolean[] tested;
    private final boolean[] untested;
    /** Gosub rule -> contexts (innermost Gosub, 0 = none) it was executed in. */
    private final Map<Integer, Set<Integer>> callers = new HashMap<>();
    /** Context (a Gosub rule) -> Return states executed in it. */
    private final Map<Integer, List<Long>> returns = new HashMap<>();
    private final Set<Integer> returnOutside = new TreeSet<>();
    private final Map<Integer, Integer> returnBeyond = new HashMap<>();

    Walk(List<Rule> rules, List<Finding> out) {
      this.rules = rules;
      this.n = rules.size();
      this.out = out;
      this.tested = new boolean[n + 1];
      this.untested = new boolean[n + 1];
    }

    private static long state(int rule, boolean test, int context) {
      return ((long) context << 32) | ((long) rule << 1) | (test ? 1 : 0);
    }

    private static int rule(long s) {
      return (int) ((s & 0xffffffffL) >>> 1);
    }

    private static boolean test(long s) {
      return (s & 1) != 0;
    }

    private static int context(long s) {
      return (int) (s >>> 32);
    }

    private void visit(long s) {
      if (!successors.containsKey(s)) {
        successors.put(s, new LinkedHashSet<>());
        work.add(s);
      }
    }

    private void edge(long from, long to) {
      successors.get(from).add(to);
      visit(to);
    }

    /** True when some path of the rule graph executes rule {@code i}. */
    boolean executed(int i) {
      return tested[i] || untested[i];
    }

    void run() {
      visit(state(1, true, 0));
      while (!work.isEmpty()) {
        step(work.poll());
      }
      report();
    }

    private void step(long s) {
      int i = rule(s);
      int c = context(s);
      Rule r = rules.get(i - 1);
      byte[] mask = r.mask();
      boolean nullAttr = r.attribute() == Attribute.NULL;
      if (test(s)) {
        tested[i] = true;
        boolean canSucceed = nullAttr || withinMask(r.value(), mask);
        boolean canFail = !(nullAttr || ValueSyntax.isZero(mask)) || !canSucceed;
        if (canFail) {
          if (i < n) {
            edge(s, state(i + 1, true, c));
          } else {
            terminal.add(s); // no more rules: match() returns NoMatch
          }
        }
        if (!canSucceed) {
          return;
        }
      } else {
        untested[i] = true;
      }
      Action a = r.action();
      int p = r.parameter();
      switch (a) {
        case IGNORE:
        case NO_MATCH:
        case COUNT:
        case COUNT_PKT:
          terminal.add(s);
          break;
        case GOSUB:
        case GOSUB_ACT:
          if (callers.computeIfAbsent(i, k -> new LinkedHashSet<>()).add(c)) {
            for (long ret : returns.getOrDefault(i, List.of())) {
              returnEdge(ret, i, c);
            }
          }
          edge(s, state(p, a.testFlag(), i));
          break;
        case RETURN:
          if (c == 0) {
            returnOutside.add(i);
            terminal.add(s);
          } else {
            returns.computeIfAbsent(c, k -> new ArrayList<>()).add(s);
            for (int caller : new ArrayList<>(callers.get(c))) {
              returnEdge(s, c, caller);
            }
          }
          break;
        default:
          edge(s, state(p, a.testFlag(), c));
      }
    }

    /** RFC 2722 §4.4 Return: target = the Gosub rule's number + this rule's parameter. */
    private void returnEdge(long returnState, int gosub, int callerContext) {
      int target = gosub + rules.get(rule(returnState) - 1).parameter();
      if (target > n) {
        returnBeyond.put(rule(returnState), gosub);
        terminal.add(returnState);
      } else {
        edge(returnState, state(target, false, callerContext));
      }
    }

    private void report() {
      for (int i = 1; i <= n; i++) {
        Rule r = rules.get(i - 1);
        boolean nullAttr = r.attribute() == Attribute.NULL;
        boolean inside = withinMask(r.value(), r.mask());
        if (!tested[i] && !untested[i]) {
          out.add(new Finding(i, Field.RULE, false, "this rule is never executed"));
        }
        if (tested[i] && !nullAttr && !inside) {
          out.add(new Finding(i, Field.VALUE, true, "the value has bits outside the mask, so the"
              + " test can never succeed (the test is performed: the rule can be reached with"
              + " the test indicator set)"));
        }
        boolean pushPkt = r.action() == Action.PUSH_PKT_TO || r.action() == Action.PUSH_PKT_TO_ACT;
        if (pushPkt && tested[i] && !nullAttr && !ValueSyntax.isZero(r.mask())
            && ValueSyntax.isZero(r.value())) {
          out.add(new Finding(i, Field.ACTION, true, "this PushPktTo rule's test is performed"
              + " (the rule can be reached with the test indicator set), so it only matches"
              + " packets whose masked value is 0; reach it through an ...Act action such as"
              + " 'Null & 0 = 0: GotoAct, Next;' (RFC 2722 §4.4, RFC 2123 §3.1)"));
        }
        boolean pushRule = r.action() == Action.PUSH_RULE_TO
            || r.action() == Action.PUSH_RULE_TO_ACT;
        if (pushRule && !inside && untested[i]) {
          out.add(new Finding(i, Field.VALUE, false, "the value has bits outside the mask;"
              + " PushRuleTo saves them into the flow key as written"));
        }
        if (returnOutside.contains(i)) {
          out.add(new Finding(i, Field.RULE, false, "Return can be reached with no Gosub active;"
              + " the meter then has no rule to return to"));
        }
        Integer gosub = returnBeyond.get(i);
        if (gosub != null) {
          out.add(new Finding(i, Field.PARAMETER, false, "returning to the Gosub at rule " + gosub
              + " goes to rule " + (gosub + r.parameter()) + ", past the last rule (" + n + ")"));
        }
      }
      reportLoops();
    }

    /** A state is forced when it has exactly one successor and cannot end matching. */
    private boolean forced(long s) {
      return !terminal.contains(s) && successors.get(s).size() == 1;
    }

    private void reportLoops() {
      Map<Long, Integer> colour = new HashMap<>(); // 1 = on the current chain, 2 = done
      Set<Set<Integer>> reported = new HashSet<>();
      for (long start : successors.keySet()) {
        if (!forced(start) || colour.containsKey(start)) {
          continue;
        }
        List<Long> chain = new ArrayList<>();
        long x = start;
        while (forced(x) && !colour.containsKey(x)) {
          colour.put(x, 1);
          chain.add(x);
          x = successors.get(x).iterator().next();
        }
        if (forced(x) && colour.get(x) == 1) {
          Set<Integer> loop = new TreeSet<>();
          for (int k = chain.indexOf(x); k < chain.size(); k++) {
            loop.add(rule(chain.get(k)));
          }
          if (reported.add(loop)) {
            out.add(new Finding(loop.iterator().next(), Field.ACTION, true, "rules " + loop
                + " form a loop matching can never leave: no test on it can fail and no action"
                + " on it ends matching"));
          }
        }
        for (long y : chain) {
          colour.put(y, 2);
        }
      }
    }
  }

  /** True when value has no bit set where mask is clear (missing bytes count as zero). */
  static boolean withinMask(byte[] value, byte[] mask) {
    for (int k = 0; k < value.length; k++) {
      int m = k < mask.length ? mask[k] : 0;
      if ((value[k] & ~m) != 0) {
        return false;
      }
    }
    return true;
  }
}
