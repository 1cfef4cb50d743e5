package org.rtfm4j.srl;

import java.util.List;
import java.util.Set;

/** Reports statements no rule carries out (the start of each run of them). */
final class Reachability {
  private final Layout layout;
  /** CALL statements labelled only with numbers the subroutine never returns (reported). */
  private final Set<Ast.Branch> deadBranches;
  private final List<Problem> out;

  Reachability(Layout layout, Set<Ast.Branch> deadBranches, List<Problem> out) {
    this.layout = layout;
    this.deadBranches = deadBranches;
    this.out = out;
  }

  void report(List<Ast.Stmt> statements) {
    boolean previousReached = true;
    for (Ast.Stmt s : statements) {
      Boolean r = reached(s);
      if (r == null) {
        continue;
      }
      if (!r) {
        if (previousReached) {
          out.add(new Problem(s.at(), "this statement is never executed"));
        }
      } else {
        inside(s);
      }
      previousReached = r;
    }
  }

  private void inside(Ast.Stmt s) {
    if (s instanceof Ast.If i) {
      one(i.then());
      one(i.otherwise());
    } else if (s instanceof Ast.Block b) {
      report(b.body());
    } else if (s instanceof Ast.Call c) {
      for (Ast.Branch b : c.branches()) {
        if (!deadBranches.contains(b)) {
          one(b.statement());
        }
      }
    }
  }

  private void one(Ast.Stmt s) {
    if (s != null) {
      report(List.of(s));
    }
  }

  /** True or false; null for statements that have no rules of their own (';', EXIT). */
  private Boolean reached(Ast.Stmt s) {
    if (s instanceof Ast.Empty || s instanceof Ast.Exit) {
      return null;
    }
    if (s instanceof Ast.Block b) {
      Boolean any = null;
      for (Ast.Stmt x : b.body()) {
        Boolean r = reached(x);
        if (r != null) {
          any = (any != null && any) || r;
        }
      }
      return any;
    }
    return layout.reached(s);
  }
}
