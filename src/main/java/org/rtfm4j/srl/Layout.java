package org.rtfm4j.srl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rtfm4j.rules.Action;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.Rule;
import org.rtfm4j.rules.RuleValues;

/**
 * Places the nodes of the control-flow graph as numbered rules (RFC 2722 §4.4) and fills in their
 * actions and parameters.
 *
 * <p>The Packet Matching Engine goes to the next rule when a test fails, with the test indicator
 * still set; every other way from one rule to another is a jump whose opcode says whether the
 * target's test is performed: the plain opcode (Goto, PushRuleTo, ...) sets the indicator for an
 * IF test, the ...Act one clears it for a rule that saves, stores or assigns without testing. So:
 *
 * <ul>
 *   <li>the node a test falls through to is placed right after it when it can be (an IF's ELSE,
 *       the next value of a list); otherwise a {@code Null & 0 = 0: Goto} rule follows the test,
 *       or a {@code GotoAct} when the node must not test;
 *   <li>a test whose success ends matching (NOMATCH, IGNORE, COUNT after SAVE, RETURN) takes that
 *       action itself, as hand-written rule files do;
 *   <li>a rule that saves the packet's value right before COUNT becomes CountPkt, and one that
 *       saves a given value (or STOREs) becomes Count: both put the same entry in the flow key;
 *   <li>a Gosub is followed by one rule per return number of its subroutine ({@link
 *       Node.Subroutine#slotKeys}): Return n adds its slot to the Gosub's rule number and clears
 *       the test indicator (RFC 2722 §4.4), so each slot holds the node to run or a jump to it.
 * </ul>
 *
 * <p>The main program comes first (its entry is rule 1), then each subroutine that is called.
 * Nodes that no path reaches are never placed.
 */
final class Layout {
  /** Null's one-byte mask and value, as rule files write {@code Null & 0 = 0}. */
  private static final byte[] ZERO = {0};

  /** One rule being laid out. */
  private static final class Slot {
    final Node node;
    /** For a jump rule (node == null): where it goes. */
    final Node target;
    final Position at;

    Slot(Node node, Node target, Position at) {
      this.node = node;
      this.target = target;
      this.at = at;
    }
  }

  private final List<Slot> slots = new ArrayList<>();
  private final Deque<Node> pending = new ArrayDeque<>();
  private final Deque<Node.Subroutine> subroutines = new ArrayDeque<>();
  private final Set<Node.Subroutine> queuedSubroutines =
      Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Ast.Stmt> reached = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Node> placed = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Attribute, Set<Attribute>> assigned = new EnumMap<>(Attribute.class);

  /** Lays out the program whose first node is {@code entry}. */
  Layout(Node entry) {
    if (entry.entry() == Node.Entry.NO_TEST) {
      // Rule 1 runs with the test indicator set (RFC 2722 §4.4): clear it first.
      slots.add(new Slot(null, entry, entry.at));
    }
    chain(entry);
    while (true) {
      if (!pending.isEmpty()) {
        Node n = pending.poll();
        if (!placed.contains(n)) {
          chain(n);
        }
      } else if (!subroutines.isEmpty()) {
        Node.Subroutine s = subroutines.poll();
        if (!placed.contains(s.entry)) {
          chain(s.entry);
        }
      } else {
        break;
      }
    }
  }

  /** True when the statement's code is in the rule set. */
  boolean reached(Ast.Stmt s) {
    return reached.contains(s);
  }

  /** True when the node has a rule of its own. */
  boolean placed(Node n) {
    return placed.contains(n);
  }

  /** Number of rules. */
  int size() {
    return slots.size();
  }

  /** Where in the source rule {@code i} (1-origin) comes from. */
  Position position(int i) {
    return slots.get(i - 1).at;
  }

  /** For each meter variable, the attributes the placed CALLs assign to it. */
  Map<Attribute, Set<Attribute>> assigned() {
    return assigned;
  }

  private void place(Node n) {
    placed.add(n);
    n.index = slots.size() + 1;
    slots.add(new Slot(n, null, n.at));
    markReached(n);
    if (n instanceof Node.Op o && o.kind == Node.OpKind.ASSIGN) {
      assigned.computeIfAbsent(o.attribute, k -> EnumSet.noneOf(Attribute.class))
          .add(Attribute.byNumber(o.value[0] & 0xff));
    }
  }

  private void markReached(Node n) {
    reached.addAll(n.statements);
  }

  /** A copy of a Null Ignore/NoMatch/Count: shorter than a jump to it. */
  private void copy(Node.Op terminal) {
    slots.add(new Slot(terminal, null, terminal.at));
    markReached(terminal);
  }

  private void jump(Node target, Position at) {
    slots.add(new Slot(null, target, at));
    if (!placed.contains(target)) {
      pending.add(target);
    }
  }

  /** Places {@code n} and the nodes that best follow it, until one is already placed. */
  private void chain(Node n) {
    while (n != null) {
      place(n);
      if (n instanceof Node.Test t) {
        if (terminalAction(t) != null) {
          markReached(t.onTrue);
        } else if (!placed.contains(t.onTrue)) {
          pending.add(t.onTrue);
        }
        n = fallThrough(t);
      } else if (n instanceof Node.Op o) {
        n = o.next == null || placed.contains(o.next) ? null : o.next;
      } else if (n instanceof Node.Gosub g) {
        if (queuedSubroutines.add(g.subroutine)) {
          subroutines.add(g.subroutine);
        }
        for (Node target : g.slots) {
          slot(target, g.at);
        }
        n = null;
      } else {
        n = null; // Return
      }
    }
  }

  /** What follows a test in the rule set: the node to place next, or null. */
  private Node fallThrough(Node.Test t) {
    Node f = t.onFalse;
    if (f instanceof Node.Op o && o.nullTerminal() && placed.contains(f)) {
      copy(o);
      return null;
    }
    if (placed.contains(f)) {
      jump(f, t.at);
      return null;
    }
    if (f.entry() == Node.Entry.NO_TEST) {
      slots.add(new Slot(null, f, f.at)); // GotoAct to the next rule: clears the indicator
    }
    return f;
  }

  /**
   * One rule after a Gosub, run with the test indicator clear after Return: the target itself
   * when it is an untested action not placed yet, else a copy or a jump.
   */
  private void slot(Node target, Position at) {
    if (target instanceof Node.Op o && !placed.contains(o)) {
      place(o);
      if (o.next != null && !placed.contains(o.next)) {
        pending.add(o.next);
      }
    } else if (target instanceof Node.Op o && o.nullTerminal()) {
      copy(o);
    } else {
      jump(target, at);
    }
  }

  /**
   * The action a test takes itself when its success ends matching: NoMatch and Ignore (anything
   * saved is dropped anyway), Count after SAVE (Count saves the rule's value like PushRuleTo),
   * Return without SAVE. Null when the test jumps.
   */
  private static Action terminalAction(Node.Test t) {
    if (t.onTrue instanceof Node.Op o && o.attribute == Attribute.NULL) {
      switch (o.kind) {
        case IGNORE:
          return Action.IGNORE;
        case NO_MATCH:
          return Action.NO_MATCH;
        case COUNT:
          return t.push ? Action.COUNT : null;
        default:
          return null;
      }
    }
    if (t.onTrue instanceof Node.Return && !t.push) {
      return Action.RETURN;
    }
    return null;
  }

  // ------------------------------------------------------------------ rules

  /**
   * The rules, numbered from 1. Masks and values of meter variables are as wide as the widest
   * attribute the placed CALLs assign to the variable, as a rule-file parser would read them.
   */
  List<Rule> rules() {
    List<Rule> out = new ArrayList<>();
    for (Slot s : slots) {
      out.add(rule(s));
    }
    return out;
  }

  private Rule rule(Slot s) {
    int line = s.at.line();
    if (s.node == null) {
      return new Rule(Attribute.NULL, ZERO, ZERO, jumpTo(Action.GOTO, s.target),
          s.target.index, line);
    }
    Node n = s.node;
    if (n instanceof Node.Test t) {
      Action terminal = terminalAction(t);
      int param = 0;
      if (terminal == Action.RETURN) {
        Node.Return r = (Node.Return) t.onTrue;
        param = r.subroutine.slot(r.key);
      } else if (terminal == null) {
        terminal = jumpTo(t.push ? Action.PUSH_RULE_TO : Action.GOTO, t.onTrue);
        param = t.onTrue.index;
      }
      return new Rule(t.attribute, fit(t.attribute, t.mask), fit(t.attribute, t.value), terminal,
          param, line);
    }
    if (n instanceof Node.Op o) {
      Attribute a = o.attribute;
      byte[] mask = o.mask == null ? ZERO : fit(a, o.mask);
      byte[] value = o.value == null ? new byte[mask.length] : fit(a, o.value);
      switch (o.kind) {
        case PUSH_PKT:
          return new Rule(a, mask, new byte[mask.length], jumpTo(Action.PUSH_PKT_TO, o.next),
              o.next.index, line);
        case PUSH_RULE:
          return new Rule(a, mask, value, jumpTo(Action.PUSH_RULE_TO, o.next), o.next.index, line);
        case ASSIGN:
          return new Rule(a, o.mask, o.value, jumpTo(Action.ASSIGN, o.next), o.next.index, line);
        case POP:
          return new Rule(a, mask, value, jumpTo(Action.POP_TO, o.next), o.next.index, line);
        case COUNT:
        case COUNT_RULE:
          return new Rule(a, mask, value, Action.COUNT, 0, line);
        case COUNT_PKT:
          return new Rule(a, mask, new byte[mask.length], Action.COUNT_PKT, 0, line);
        case IGNORE:
          return new Rule(a, mask, value, Action.IGNORE, 0, line);
        default:
          return new Rule(a, mask, value, Action.NO_MATCH, 0, line);
      }
    }
    if (n instanceof Node.Gosub g) {
      return new Rule(Attribute.NULL, ZERO, ZERO, jumpTo(Action.GOSUB, g.subroutine.entry),
          g.subroutine.entry.index, line);
    }
    Node.Return r = (Node.Return) n;
    return new Rule(Attribute.NULL, ZERO, ZERO, Action.RETURN, r.subroutine.slot(r.key), line);
  }

  /**
   * The opcode that reaches {@code target} with the test indicator it needs: the plain opcode
   * sets it (an IF test follows), the ...Act one (opcode + 1, RFC 2722 §4.4) clears it.
   */
  private static Action jumpTo(Action plain, Node target) {
    return target.entry() == Node.Entry.TEST ? plain : Action.byOpcode(plain.opcode() + 1);
  }

  /** A meter variable's mask or value padded to the variable's width in this rule set. */
  private byte[] fit(Attribute a, byte[] b) {
    if (!a.isMeterVariable()) {
      return b;
    }
    int width = RuleValues.variableWidth(a, assigned.getOrDefault(a, Set.of()));
    return b.length >= width ? b : Arrays.copyOf(b, width);
  }
}
