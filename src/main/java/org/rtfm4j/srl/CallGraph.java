package org.rtfm4j.srl;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rtfm4j.rules.Attribute;

/**
 * The subroutines of an SRL program and the CALLs between them (RFC 2723 §3.4-3.5): which are
 * declared, which are called (callees listed before their callers), what each CALL passes, and
 * which meter variable (v1..v5, RFC 2722 §4.4) each parameter becomes.
 */
final class CallGraph {
  /** v1..v5 (RFC 2722 §4.4). */
  private static final int METER_VARIABLES = 5;

  private final Ast.Program program;
  private final List<Problem> errors;
  private final List<Problem> warnings;

  final Map<String, Ast.Subroutine> declared = new LinkedHashMap<>();
  final Map<Ast.Subroutine, Node.Subroutine> subroutines = new IdentityHashMap<>();
  /** Subroutines called from the main program or from a called subroutine, callees first. */
  final List<Ast.Subroutine> calledOrder = new ArrayList<>();
  final List<CallSite> callSites = new ArrayList<>();

  /** One CALL, its subroutine and the attributes it passes. */
  record CallSite(Ast.Call call, Ast.Subroutine caller, Ast.Subroutine callee,
      List<Attribute> arguments) {}

  CallGraph(Ast.Program program, List<Problem> errors, List<Problem> warnings) {
    this.program = program;
    this.errors = errors;
    this.warnings = warnings;
  }

  void declareSubroutines() {
    for (Ast.Subroutine s : program.subroutines()) {
      String key = s.name().key();
      Ast.Subroutine old = declared.get(key);
      if (old != null) {
        errors.add(new Problem(s.name().at(), "subroutine '" + s.name().text()
            + "' is already declared (at " + old.name().at() + ")"));
        continue;
      }
      declared.put(key, s);
      subroutines.put(s, new Node.Subroutine(s));
      Map<String, Token> names = new HashMap<>();
      for (Ast.Param p : s.params()) {
        Token other = names.put(p.name().key(), p.name());
        if (other != null) {
          errors.add(new Problem(p.name().at(), "parameter '" + p.name().text()
              + "' is already declared (at " + other.at() + ")"));
        }
      }
    }
  }

  /**
   * Finds the CALLs of the main program and, through them, of every subroutine it calls;
   * checks each CALL's arguments against the declaration (RFC 2723 §3.5: "their types must
   * match"); refuses recursion; warns about subroutines never called.
   */
  void collectCalls() {
    Map<Ast.Subroutine, Integer> state = new IdentityHashMap<>(); // 1 visiting, 2 done
    List<Ast.Call> mainCalls = new ArrayList<>();
    calls(program.statements(), mainCalls);
    for (Ast.Call c : mainCalls) {
      visitCall(c, null, state);
    }
    for (Ast.Subroutine s : program.subroutines()) {
      if (subroutines.containsKey(s) && !state.containsKey(s)) {
        warnings.add(new Problem(s.name().at(), "subroutine '" + s.name().text()
            + "' is never called"));
      }
    }
  }

  private void visitCall(Ast.Call c, Ast.Subroutine caller, Map<Ast.Subroutine, Integer> state) {
    Ast.Subroutine callee = declared.get(c.subroutine().key());
    if (callee == null) {
      errors.add(new Problem(c.subroutine().at(), "expected the name of a subroutine, found '"
          + c.subroutine().text() + "' (no SUBROUTINE " + c.subroutine().text()
          + " is declared)"));
      return;
    }
    List<Attribute> arguments = arguments(c, caller, callee);
    if (arguments != null) {
      callSites.add(new CallSite(c, caller, callee, arguments));
    }
    Integer st = state.get(callee);
    if (st != null && st == 1) {
      errors.add(new Problem(c.subroutine().at(), "subroutine '" + callee.name().text()
          + "' calls itself (through this CALL): subroutines cannot be recursive, their"
          + " parameters are the five meter variables (RFC 2722 §4.4)"));
      return;
    }
    if (st == null) {
      state.put(callee, 1);
      List<Ast.Call> inner = new ArrayList<>();
      calls(callee.body(), inner);
      for (Ast.Call d : inner) {
        visitCall(d, callee, state);
      }
      state.put(callee, 2);
      calledOrder.add(callee);
    }
  }

  /** The attributes a CALL passes, checked against its subroutine's parameters; or null. */
  private List<Attribute> arguments(Ast.Call c, Ast.Subroutine caller, Ast.Subroutine callee) {
    List<Ast.Param> params = callee.params();
    if (c.arguments().size() != params.size()) {
      errors.add(new Problem(c.subroutine().at(), "expected " + params.size() + " parameter"
          + (params.size() == 1 ? "" : "s") + " for subroutine '" + callee.name().text()
          + "', found " + c.arguments().size()));
      return null;
    }
    List<Attribute> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < params.size(); i++) {
      Ast.Name arg = c.arguments().get(i);
      Ast.Param p = params.get(i);
      if (caller != null && paramIndex(caller, arg.text()) >= 0) {
        errors.add(new Problem(arg.at(), "expected an attribute, found '" + arg.text()
            + "', a parameter of '" + caller.name().text() + "': a meter variable holds an"
            + " attribute, not another meter variable (RFC 2722 §4.4), so parameters cannot be"
            + " passed on"));
        ok = false;
        continue;
      }
      Attribute a = Attribute.byName(arg.text());
      if (a == null || !srlAttribute(a)) {
        errors.add(new Problem(arg.at(), "expected " + (p.variable() ? "an SRL variable"
            : "an attribute") + ", found '" + arg.text() + "'"));
        ok = false;
      } else if (p.variable() != a.isComputed()) {
        errors.add(new Problem(arg.at(), "expected " + (p.variable()
            ? "an SRL variable (SourceClass, DestClass, FlowClass, SourceKind, DestKind or"
                + " FlowKind) for VARIABLE " + p.name().text()
            : "an attribute other than the six SRL variables for ADDRESS " + p.name().text())
            + ", found " + a.rfcName() + " (RFC 2723 §3.4)"));
        ok = false;
      } else {
        out.add(a);
      }
    }
    return ok ? out : null;
  }

  private static void calls(List<Ast.Stmt> statements, List<Ast.Call> out) {
    for (Ast.Stmt s : statements) {
      calls(s, out);
    }
  }

  private static void calls(Ast.Stmt s, List<Ast.Call> out) {
    if (s instanceof Ast.If i) {
      if (i.then() != null) {
        calls(i.then(), out);
      }
      if (i.otherwise() != null) {
        calls(i.otherwise(), out);
      }
    } else if (s instanceof Ast.Block b) {
      calls(b.body(), out);
    } else if (s instanceof Ast.Call c) {
      out.add(c);
      for (Ast.Branch br : c.branches()) {
        calls(br.statement(), out);
      }
    }
  }

  static int paramIndex(Ast.Subroutine s, String name) {
    for (int i = 0; i < s.params().size(); i++) {
      if (s.params().get(i).name().text().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Gives each parameter a meter variable. When v1..v5 are enough for every parameter of every
   * called subroutine, each gets its own; otherwise a subroutine's parameters follow those of
   * every subroutine that calls it (the only ones still in use while it runs).
   */
  void allocateVariables() {
    int total = 0;
    for (Ast.Subroutine s : calledOrder) {
      total += s.params().size();
    }
    Map<Ast.Subroutine, Integer> base = new IdentityHashMap<>();
    if (total <= METER_VARIABLES) {
      int next = 0;
      for (int k = calledOrder.size() - 1; k >= 0; k--) { // callers first: v1 for the main's
        base.put(calledOrder.get(k), next);
        next += calledOrder.get(k).params().size();
      }
    } else {
      for (int k = calledOrder.size() - 1; k >= 0; k--) {
        Ast.Subroutine s = calledOrder.get(k);
        int b = 0;
        for (CallSite c : callSites) {
          if (c.callee() == s && c.caller() != null) {
            b = Math.max(b, base.get(c.caller()) + c.caller().params().size());
          }
        }
        base.put(s, b);
      }
    }
    for (Ast.Subroutine s : calledOrder) {
      int b = base.get(s);
      if (b + s.params().size() > METER_VARIABLES) {
        errors.add(new Problem(s.name().at(), "subroutine '" + s.name().text() + "' needs"
            + " meter variables v" + (b + 1) + "..v" + (b + s.params().size()) + " for its"
            + " parameters, but the PME has only v1..v5 (RFC 2722 §4.4)"));
        continue;
      }
      Node.Subroutine compiled = subroutines.get(s);
      for (int i = 0; i < s.params().size(); i++) {
        compiled.variables.add(Attribute.byNumber(Attribute.V1.number() + b + i));
      }
    }
  }

  /** For each subroutine, what each of its parameters is given by the CALLs in {@code sites}. */
  Map<Ast.Subroutine, List<Set<Attribute>>> held(Set<CallSite> sites) {
    Map<Ast.Subroutine, List<Set<Attribute>>> out = new IdentityHashMap<>();
    for (Ast.Subroutine s : calledOrder) {
      List<Set<Attribute>> sets = new ArrayList<>();
      for (int i = 0; i < s.params().size(); i++) {
        sets.add(EnumSet.noneOf(Attribute.class));
      }
      out.put(s, sets);
    }
    for (CallSite c : callSites) {
      if (sites.contains(c)) {
        for (int i = 0; i < c.arguments().size(); i++) {
          out.get(c.callee()).get(i).add(c.arguments().get(i));
        }
      }
    }
    return out;
  }

  /** True for the attributes an SRL program may name (RFC 2723 Appendix C). */
  static boolean srlAttribute(Attribute a) {
    return a != Attribute.NULL && !a.isMeterVariable();
  }

  // ------------------------------------------------------------------ one build
}
