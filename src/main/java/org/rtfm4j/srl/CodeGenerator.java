package org.rtfm4j.srl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.RuleValues;

/**
 * Turns an SRL program's syntax tree into a control-flow graph of PME actions (RFC 2722 §4.4) and
 * lays it out as rules. RFC 2723 describes what each statement does, not the rules it becomes;
 * the translation here is:
 *
 * <ul>
 *   <li>{@code IF attr == v1/w} is a test rule {@code attr & mask = v1}, one per value of a list,
 *       each going to the action on success; the next rule (an ELSE, or the next statement) runs
 *       when they all fail. {@code &&} chains tests on success, {@code ||} on failure. With SAVE
 *       each test that succeeds is a PushRuleTo, saving "the one which the packet actually
 *       matched" (§3.1.7); when a later test of an {@code &&} fails, PopTo rules take back what
 *       the earlier ones saved before the next alternative is tried.
 *   <li>{@code SAVE attr [/w | &m]} is PushPktTo (the packet's value under the mask; no mask is
 *       all ones, §3.1.6); {@code SAVE attr = v} and {@code STORE var := v} are PushRuleTo of the
 *       value given; COUNT, IGNORE and NOMATCH are the opcodes of the same names.
 *   <li>The end of the program is NoMatch, as running past the last rule is (RFC 2722 §4.4).
 *   <li>Subroutine parameters are meter variables v1..v5 (RFC 2722 §4.4: "a way to pass
 *       parameters into rule-matching subroutines"). A CALL assigns them (AssignAct), then
 *       Gosubs; one rule follows the Gosub for each return number the subroutine uses, lowest
 *       first, then one for a plain RETURN, each running the CALL's statement for that number
 *       or going on after ENDCALL. {@code RETURN n} is Return with the number of n's slot.
 * </ul>
 */
final class CodeGenerator {
  private static final int BITS_PER_BYTE = 8;
  private static final int MAX_NUMBER_DIGITS = 9;

  private final Ast.Program program;
  private final Position end;
  private final List<Problem> errors = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();

  private final CallGraph graph;

  /** The rules and where each comes from. */
  record Output(Layout layout, List<Problem> warnings) {}

  CodeGenerator(Ast.Program program, Position end) {
    this.program = program;
    this.end = end;
    this.graph = new CallGraph(program, errors, warnings);
  }

  List<Problem> errors() {
    return errors;
  }

  /** The laid-out program, or null when there are errors. */
  Output generate() {
    if (program.statements().isEmpty()) {
      errors.add(new Problem(end, "expected a statement, found end of file (the program has no"
          + " statements)"));
      return null;
    }
    graph.declareSubroutines();
    graph.collectCalls();
    if (!errors.isEmpty()) {
      return null;
    }
    graph.allocateVariables();
    if (!errors.isEmpty()) {
      return null;
    }
    Set<CallGraph.CallSite> all = Collections.newSetFromMap(new IdentityHashMap<>());
    all.addAll(graph.callSites);
    Build build = new Build(graph.held(all), null);
    Layout layout = build.run();
    if (!errors.isEmpty()) {
      return null;
    }
    // Meter variables are as wide as the attributes the rule set assigns to them; a CALL that
    // is never executed has no Assign rules, so compile again without what it passes.
    Set<CallGraph.CallSite> live = Collections.newSetFromMap(new IdentityHashMap<>());
    for (CallGraph.CallSite c : graph.callSites) {
      Node.Gosub g = build.gosubs.get(c.call());
      if (g != null && layout.placed(g)) {
        live.add(c);
      }
    }
    if (live.size() != all.size() && !graph.held(live).equals(graph.held(all))) {
      Set<Ast.Subroutine> liveSubroutines = Collections.newSetFromMap(new IdentityHashMap<>());
      for (CallGraph.CallSite c : live) {
        liveSubroutines.add(c.callee());
      }
      build = new Build(graph.held(live), liveSubroutines);
      layout = build.run();
      if (!errors.isEmpty()) {
        return null;
      }
    }
    List<Problem> out = new ArrayList<>(warnings);
    out.addAll(build.warnings);
    new Reachability(layout, build.deadBranches, out).report(program.statements());
    for (Ast.Subroutine s : graph.calledOrder) {
      Node.Subroutine compiled = graph.subroutines.get(s);
      if (compiled.entry != null && layout.placed(compiled.entry)) {
        new Reachability(layout, build.deadBranches, out).report(s.body());
      }
    }
    return new Output(layout, out);
  }

  /** What a name in a test, SAVE or STORE stands for. */
  private record Target(Attribute attribute, Attribute plain, Set<Attribute> held,
      boolean variable, String name) {
    /** Bytes of its masks and values. */
    int width() {
      return plain != null ? plain.width() : RuleValues.variableWidth(attribute, held);
    }
  }

  /** Labels visible where a statement is compiled (RFC 2723 §3.2: one scope per subroutine). */
  private static final class Scope {
    final Node.Subroutine subroutine;
    final Map<String, Node> exits = new HashMap<>();
    final Map<String, Position> labels = new HashMap<>();

    Scope(Node.Subroutine subroutine) {
      this.subroutine = subroutine;
    }
  }

  /** One compilation of the whole program, given what each parameter holds. */
  final class Build {
    private final Map<Ast.Subroutine, List<Set<Attribute>>> held;
    final Map<Ast.Call, Node.Gosub> gosubs = new IdentityHashMap<>();
    final List<Problem> warnings = new ArrayList<>();
    /** CALL labels the subroutine never returns to (reported already). */
    final Set<Ast.Branch> deadBranches = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Node, Map<Integer, Node>> pops = new IdentityHashMap<>();
    /** The subroutines to compile; null for all that are called. */
    private final Set<Ast.Subroutine> compile;

    Build(Map<Ast.Subroutine, List<Set<Attribute>>> held, Set<Ast.Subroutine> compile) {
      this.held = held;
      this.compile = compile;
    }

    Layout run() {
      for (Ast.Subroutine s : graph.calledOrder) { // callees first
        if (compile == null || compile.contains(s)) {
          subroutine(graph.subroutines.get(s));
        }
      }
      Node endOfProgram = new Node.Op(end, null, Node.OpKind.NO_MATCH, Attribute.NULL, null,
          null, null);
      Node entry = sequence(program.statements(), endOfProgram, new Scope(null));
      if (!errors.isEmpty()) {
        return null;
      }
      return new Layout(entry);
    }

    private void subroutine(Node.Subroutine s) {
      Ast.Subroutine d = s.declaration;
      Node.Return implicit = new Node.Return(d.end(), null, s, Node.Subroutine.PLAIN);
      s.entry = sequence(d.body(), implicit, new Scope(s));
      s.slotKeys.clear();
      TreeSet<Integer> keys = new TreeSet<>();
      boolean implicitReached = false;
      for (Node n : reachable(s.entry)) {
        if (n instanceof Node.Return r) {
          keys.add(r.key);
          implicitReached |= r == implicit;
        }
      }
      boolean plain = keys.remove(Node.Subroutine.PLAIN);
      s.slotKeys.addAll(keys);
      if (plain) {
        s.slotKeys.add(Node.Subroutine.PLAIN);
      }
      if (implicitReached) {
        warnings.add(new Problem(d.end(), "the end of subroutine '" + d.name().text()
            + "' can be reached; it returns as a plain RETURN would (RFC 2723 §3.4: the only"
            + " way to leave a subroutine is via a RETURN statement)"));
      }
    }

    /** Nodes reachable from {@code entry} inside one subroutine (not into those it calls). */
    private List<Node> reachable(Node entry) {
      Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      List<Node> out = new ArrayList<>();
      List<Node> work = new ArrayList<>();
      work.add(entry);
      while (!work.isEmpty()) {
        Node n = work.remove(work.size() - 1);
        if (n == null || !seen.add(n)) {
          continue;
        }
        out.add(n);
        if (n instanceof Node.Test t) {
          work.add(t.onTrue);
          work.add(t.onFalse);
        } else if (n instanceof Node.Op o) {
          work.add(o.next);
        } else if (n instanceof Node.Gosub g) {
          work.addAll(g.slots);
        }
      }
      return out;
    }

    private Node sequence(List<Ast.Stmt> statements, Node next, Scope scope) {
      Node k = next;
      for (int i = statements.size() - 1; i >= 0; i--) {
        k = statement(statements.get(i), k, scope);
      }
      return k;
    }

    /** The first node of {@code s}, which goes on to {@code next} when it completes. */
    private Node statement(Ast.Stmt s, Node next, Scope scope) {
      if (s instanceof Ast.Empty) {
        return next;
      }
      if (s instanceof Ast.Count) {
        return new Node.Op(s.at(), s, Node.OpKind.COUNT, Attribute.NULL, null, null, null);
      }
      if (s instanceof Ast.Ignore) {
        return new Node.Op(s.at(), s, Node.OpKind.IGNORE, Attribute.NULL, null, null, null);
      }
      if (s instanceof Ast.NoMatch) {
        return new Node.Op(s.at(), s, Node.OpKind.NO_MATCH, Attribute.NULL, null, null, null);
      }
      if (s instanceof Ast.Exit e) {
        Node target = scope.exits.get(e.label().key());
        if (target == null) {
          errors.add(new Problem(e.label().at(), "expected the label of an enclosing compound"
              + " statement, found '" + e.label().text() + "'" + (scope.subroutine != null
                  ? " (EXIT in a subroutine cannot leave it, RFC 2723 §3.4)" : "")));
          return next;
        }
        return target;
      }
      if (s instanceof Ast.Return r) {
        return returnStatement(r, scope);
      }
      if (s instanceof Ast.Store st) {
        return store(st, next, scope);
      }
      if (s instanceof Ast.Save sv) {
        return save(sv, next, scope);
      }
      if (s instanceof Ast.Block b) {
        return block(b, next, scope);
      }
      if (s instanceof Ast.If i) {
        Node then = i.then() == null ? next : statement(i.then(), next, scope);
        Node otherwise = i.otherwise() == null ? next : statement(i.otherwise(), next, scope);
        Node yes = then;
        return condition(i.condition(), i, 0, memo(n -> yes), otherwise, scope);
      }
      return call((Ast.Call) s, next, scope);
    }

    private Node block(Ast.Block b, Node next, Scope scope) {
      if (b.label() == null) {
        return sequence(b.body(), next, scope);
      }
      String key = b.label().key();
      Position old = scope.labels.get(key);
      if (old != null) {
        errors.add(new Problem(b.label().at(), "label '" + b.label().text()
            + "' is already used (at " + old + "); labels must be unique"
            + (scope.subroutine != null ? " within a subroutine" : " outside subroutines")
            + " (RFC 2723 §3.2)"));
      }
      scope.labels.put(key, b.label().at());
      Node outer = scope.exits.put(key, next);
      Node entry = sequence(b.body(), next, scope);
      if (outer == null) {
        scope.exits.remove(key);
      } else {
        scope.exits.put(key, outer);
      }
      return entry;
    }

    private Node returnStatement(Ast.Return r, Scope scope) {
      if (scope.subroutine == null) {
        errors.add(new Problem(r.at(), "expected a statement that can appear outside a"
            + " subroutine, found 'return' (RETURN is valid only within subroutines, RFC 2723"
            + " §3.1.7)"));
        return new Node.Op(r.at(), r, Node.OpKind.NO_MATCH, Attribute.NULL, null, null, null);
      }
      int key = Node.Subroutine.PLAIN;
      if (r.number() != null) {
        key = number(r.number());
      }
      return new Node.Return(r.at(), r, scope.subroutine, key);
    }

    private int number(Token t) {
      if (t.text().length() > MAX_NUMBER_DIGITS) {
        errors.add(new Problem(t.at(), "expected a return number up to " + Integer.MAX_VALUE
            + ", found " + t.text()));
        return 0;
      }
      return Integer.parseInt(t.text());
    }

    private Node store(Ast.Store st, Node next, Scope scope) {
      Target t = target(st.variable(), scope);
      if (t == null) {
        return next;
      }
      if (!t.variable()) {
        errors.add(new Problem(st.variable().at(), "expected an SRL variable (SourceClass,"
            + " DestClass, FlowClass, SourceKind, DestKind, FlowKind or a VARIABLE parameter),"
            + " found '" + st.variable().text() + "' (RFC 2723 §3.3.6)"));
        return next;
      }
      byte[] value = value(t, st.value());
      if (value == null) {
        return next;
      }
      return op(st, Node.OpKind.PUSH_RULE, t.attribute(), ones(t.width()), value, next);
    }

    private Node save(Ast.Save sv, Node next, Scope scope) {
      Target t = target(sv.attribute(), scope);
      if (t == null || !saveable(t, sv.attribute())) {
        return next;
      }
      Ast.Operand o = sv.operand();
      if (o == null) {
        return op(sv, Node.OpKind.PUSH_PKT, t.attribute(), ones(t.width()), null, next);
      }
      byte[] mask = mask(t, o);
      if (o.value() == null) {
        return mask == null ? next : op(sv, Node.OpKind.PUSH_PKT, t.attribute(), mask, null,
            next);
      }
      byte[] value = value(t, o.value());
      if (mask == null || value == null || !insideMask(t, o, mask, value)) {
        return next;
      }
      return op(sv, Node.OpKind.PUSH_RULE, t.attribute(), mask, value, next);
    }

    private boolean saveable(Target t, Ast.Name name) {
      if (t.attribute() == Attribute.MATCHING_STOD) {
        errors.add(new Problem(name.at(), "expected an attribute that can be saved, found"
            + " MatchingStoD (RFC 2723 Appendix C: it may be tested, not saved)"));
        return false;
      }
      return true;
    }

    /** A save of the packet or of a value, fused with a COUNT that follows it. */
    private Node op(Ast.Stmt s, Node.OpKind kind, Attribute a, byte[] mask, byte[] value,
        Node next) {
      if (next instanceof Node.Op c && c.kind == Node.OpKind.COUNT) {
        Node.Op fused = new Node.Op(s.at(), s, kind == Node.OpKind.PUSH_PKT
            ? Node.OpKind.COUNT_PKT : Node.OpKind.COUNT_RULE, a, mask, value, null);
        fused.statements.addAll(c.statements);
        return fused;
      }
      return new Node.Op(s.at(), s, kind, a, mask, value, next);
    }

    private Node call(Ast.Call c, Node next, Scope scope) {
      Ast.Subroutine d = graph.declared.get(c.subroutine().key());
      Node.Subroutine s = graph.subroutines.get(d);
      Map<Integer, Node> branches = new HashMap<>();
      Map<Integer, Token> labels = new HashMap<>();
      for (Ast.Branch b : c.branches()) {
        Node entry = statement(b.statement(), next, scope);
        boolean returned = false;
        for (Token n : b.numbers()) {
          int key = number(n);
          Token old = labels.put(key, n);
          if (old != null) {
            errors.add(new Problem(n.at(), "return number " + key + " is already used in this"
                + " CALL (at " + old.at() + ")"));
          }
          branches.put(key, entry);
          if (s.slotKeys.contains(key)) {
            returned = true;
          } else {
            warnings.add(new Problem(n.at(), "subroutine '" + d.name().text()
                + "' never returns " + key + returnsText(s)));
          }
        }
        if (!returned) {
          deadBranches.add(b);
        }
      }
      List<Node> slots = new ArrayList<>();
      for (int key : s.slotKeys) {
        slots.add(key == Node.Subroutine.PLAIN ? next : branches.getOrDefault(key, next));
      }
      Node.Gosub g = new Node.Gosub(c.at(), c, s, slots);
      gosubs.put(c, g);
      Node entry = g;
      for (int i = c.arguments().size() - 1; i >= 0; i--) {
        Attribute a = Attribute.byName(c.arguments().get(i).text());
        entry = new Node.Op(c.arguments().get(i).at(), c, Node.OpKind.ASSIGN,
            s.variables.get(i), new byte[] {0}, new byte[] {(byte) a.number()}, entry);
      }
      return entry;
    }

    private String returnsText(Node.Subroutine s) {
      List<String> numbers = new ArrayList<>();
      for (int k : s.slotKeys) {
        if (k != Node.Subroutine.PLAIN) {
          numbers.add(Integer.toString(k));
        }
      }
      return numbers.isEmpty() ? " (it returns no numbers)" : " (it returns "
          + String.join(", ", numbers) + ")";
    }

    // ---------------------------------------------------------------- conditions

    /**
     * The first node of a test of {@code e}, entered with {@code p} values saved so far by this
     * IF: success goes to {@code onTrue.apply(saved)}, failure to {@code onFalse} after taking
     * back what {@code e} itself saved.
     */
    private Node condition(Ast.Expr e, Ast.If owner, int p, IntFunction<Node> onTrue,
        Node onFalse, Scope scope) {
      if (e instanceof Ast.Or or) {
        Node f = onFalse;
        for (int i = or.terms().size() - 1; i >= 0; i--) {
          f = condition(or.terms().get(i), owner, p, onTrue, f, scope);
        }
        return f;
      }
      if (e instanceof Ast.And and) {
        return and(and.factors(), 0, owner, p, onTrue, onFalse, scope);
      }
      return test((Ast.Test) e, owner, p, onTrue, onFalse, scope);
    }

    private Node and(List<Ast.Expr> factors, int from, Ast.If owner, int p,
        IntFunction<Node> onTrue, Node onFalse, Scope scope) {
      if (from == factors.size() - 1) {
        return condition(factors.get(from), owner, p, onTrue, onFalse, scope);
      }
      IntFunction<Node> rest = memo(n -> and(factors, from + 1, owner, n, onTrue,
          pops(n - p, onFalse), scope));
      return condition(factors.get(from), owner, p, rest, onFalse, scope);
    }

    private Node test(Ast.Test t, Ast.If owner, int p, IntFunction<Node> onTrue, Node onFalse,
        Scope scope) {
      Target target = target(t.attribute(), scope);
      if (target == null || owner.save() && !saveable(target, t.attribute())) {
        return onFalse;
      }
      Node yes = onTrue.apply(p + (owner.save() ? 1 : 0));
      Node fail = onFalse;
      for (int i = t.operands().size() - 1; i >= 0; i--) {
        Ast.Operand o = t.operands().get(i);
        byte[] mask = mask(target, o);
        byte[] value = value(target, o.value());
        if (mask == null || value == null || !insideMask(target, o, mask, value)) {
          continue;
        }
        fail = new Node.Test(o.at(), owner, target.attribute(), mask, value, owner.save(), yes,
            fail);
      }
      return fail;
    }

    /**
     * {@code n} PopTo rules, then {@code next} (memoised: one chain per count and target). None
     * before IGNORE or NOMATCH: they end matching without using what was saved.
     */
    private Node pops(int n, Node next) {
      if (n == 0 || next instanceof Node.Op o && o.nullTerminal() && o.kind != Node.OpKind.COUNT) {
        return next;
      }
      Map<Integer, Node> byCount = pops.computeIfAbsent(next, k -> new HashMap<>());
      Node chain = byCount.get(n);
      if (chain == null) {
        chain = new Node.Op(next.at, null, Node.OpKind.POP, Attribute.NULL, new byte[] {0},
            new byte[] {0}, pops(n - 1, next));
        byCount.put(n, chain);
      }
      return chain;
    }

    // ---------------------------------------------------------------- names and values

    private Target target(Ast.Name n, Scope scope) {
      if (scope.subroutine != null) {
        Ast.Subroutine d = scope.subroutine.declaration;
        int i = CallGraph.paramIndex(d, n.text());
        if (i >= 0) {
          return new Target(scope.subroutine.variables.get(i), null, held.get(d).get(i),
              d.params().get(i).variable(), n.text());
        }
      }
      Attribute a = Attribute.byName(n.text());
      if (a == null || !CallGraph.srlAttribute(a)) {
        errors.add(new Problem(n.at(), "expected an attribute" + (scope.subroutine != null
            ? " or a parameter of '" + scope.subroutine.name() + "'" : "") + ", found '"
            + n.text() + "'"));
        return null;
      }
      if (!a.testable()) {
        errors.add(new Problem(n.at(), "expected an attribute that rules can test, found "
            + a.rfcName() + (a == Attribute.RULE_SET
                ? " (this meter's rules cannot test it: it is not an RFC 2720 RuleAttributeNumber)"
                : " (a measured attribute of flows, RFC 2723 Appendix C)")));
        return null;
      }
      return new Target(a, a, null, a.isComputed(), a.rfcName());
    }

    private byte[] value(Target t, Token v) {
      try {
        return t.plain() != null ? RuleValues.value(v.text(), t.plain())
            : RuleValues.variableValue(v.text(), t.attribute(), t.held());
      } catch (RuleValues.BadValueException e) {
        errors.add(new Problem(at(v, e.offset()), "expected a value for " + t.name() + ", found "
            + quoted(v) + ": " + e.getMessage()));
        return null;
      }
    }

    /** The operand's mask: from its width, its mask, or all ones (RFC 2723 §3.1.6). */
    private byte[] mask(Target t, Ast.Operand o) {
      int width = t.width();
      if (o.width() != null) {
        Token w = o.width();
        int bits = w.text().length() > MAX_NUMBER_DIGITS ? Integer.MAX_VALUE
            : Integer.parseInt(w.text());
        if (bits > width * BITS_PER_BYTE) {
          errors.add(new Problem(w.at(), "expected a width of 0.." + width * BITS_PER_BYTE
              + " bits (" + t.name() + " is " + width + (width == 1 ? " byte" : " bytes")
              + "), found " + w.text()));
          return null;
        }
        byte[] m = new byte[width];
        for (int i = 0; i < bits; i++) {
          m[i / BITS_PER_BYTE] |= (byte) (0x80 >>> (i % BITS_PER_BYTE));
        }
        return m;
      }
      if (o.mask() != null) {
        Token m = o.mask();
        try {
          return t.plain() != null ? RuleValues.mask(m.text(), t.plain())
              : RuleValues.variableMask(m.text(), t.attribute(), t.held());
        } catch (RuleValues.BadValueException e) {
          errors.add(new Problem(at(m, e.offset()), "expected a mask for " + t.name()
              + ", found " + quoted(m) + ": " + e.getMessage()));
          return null;
        }
      }
      return ones(width);
    }

    private boolean insideMask(Target t, Ast.Operand o, byte[] mask, byte[] value) {
      for (int i = 0; i < value.length; i++) {
        int m = i < mask.length ? mask[i] : 0;
        if ((value[i] & ~m) != 0) {
          String text = o.value().text();
          boolean lone = text.chars().allMatch(Character::isDigit);
          errors.add(new Problem(o.value().at(), "expected a value inside its mask, found '"
              + text + "' with bits outside the mask: " + t.name() + " is ANDed with the mask"
              + " before it is compared (RFC 2722 §4.4), so it could never match" + (lone
                  ? "; a single number fills the whole attribute (RFC 2723 Appendix B), so"
                      + " write " + text + ".0 for a leading byte"
                  : "")));
          return false;
        }
      }
      return true;
    }
  }

  private static byte[] ones(int width) {
    byte[] b = new byte[width];
    Arrays.fill(b, (byte) 0xff);
    return b;
  }

  /** A value as messages show it: in quotes (a character constant has its own). */
  private static String quoted(Token t) {
    String text = t.text().startsWith("'") ? t.text() : "'" + t.text() + "'";
    return t.define() == null ? text : text + " (from define '" + t.define() + "')";
  }

  /** Where a fault {@code offset} characters into a token is (the token itself for defines). */
  private static Position at(Token t, int offset) {
    return t.define() != null ? t.at() : new Position(t.at().line(), t.at().column() + offset);
  }

  private static IntFunction<Node> memo(IntFunction<Node> f) {
    Map<Integer, Node> m = new HashMap<>();
    return n -> {
      Node x = m.get(n);
      if (x == null) {
        x = f.apply(n);
        m.put(n, x);
      }
      return x;
    };
  }
}
