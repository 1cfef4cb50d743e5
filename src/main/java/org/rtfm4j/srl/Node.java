package org.rtfm4j.srl;

import java.util.ArrayList;
import java.util.List;
import org.rtfm4j.rules.Attribute;

/**
 * A node of the control-flow graph the code generator builds from an SRL program; {@link Layout}
 * turns each node into one rule (RFC 2722 §4.4) or folds it into another rule.
 */
abstract class Node {
  /** How the test indicator must be when the node's rule runs. */
  enum Entry {
    /** Set: the rule's test is performed (an IF test). */
    TEST,
    /** Clear: the rule must not test (it saves, stores or assigns). */
    NO_TEST,
    /** Either: the rule's attribute is Null, whose test always succeeds. */
    ANY
  }

  /** Where in the source this node comes from (its rule's line). */
  final Position at;
  /** The statements this node carries out, so unreached statements can be reported. */
  final List<Ast.Stmt> statements = new ArrayList<>();
  /** The node's rule number once placed; 0 before. */
  int index;

  Node(Position at, Ast.Stmt statement) {
    this.at = at;
    if (statement != null) {
      statements.add(statement);
    }
  }

  abstract Entry entry();

  /** A test: {@code attribute & mask = value}; on success go to onTrue, else fall through. */
  static final class Test extends Node {
    final Attribute attribute;
    final byte[] mask;
    final byte[] value;
    /** Save the rule's value and mask on success (IF ... SAVE: PushRuleTo). */
    final boolean push;
    final Node onTrue;
    final Node onFalse;

    Test(Position at, Ast.Stmt statement, Attribute attribute, byte[] mask, byte[] value,
        boolean push, Node onTrue, Node onFalse) {
      super(at, statement);
      this.attribute = attribute;
      this.mask = mask;
      this.value = value;
      this.push = push;
      this.onTrue = onTrue;
      this.onFalse = onFalse;
    }

    @Override
    Entry entry() {
      return Entry.TEST;
    }
  }

  /** What an {@link Op} does. */
  enum OpKind {
    PUSH_PKT,
    PUSH_RULE,
    ASSIGN,
    POP,
    COUNT,
    COUNT_PKT,
    COUNT_RULE,
    IGNORE,
    NO_MATCH;

    boolean terminal() {
      return this == COUNT || this == COUNT_PKT || this == COUNT_RULE || this == IGNORE
          || this == NO_MATCH;
    }
  }

  /** An action done without a test (its rule is reached with the test indicator clear). */
  static final class Op extends Node {
    final OpKind kind;
    final Attribute attribute;
    final byte[] mask;
    final byte[] value;
    /** The next node; null for the terminal kinds. */
    final Node next;

    Op(Position at, Ast.Stmt statement, OpKind kind, Attribute attribute, byte[] mask,
        byte[] value, Node next) {
      super(at, statement);
      this.kind = kind;
      this.attribute = attribute;
      this.mask = mask;
      this.value = value;
      this.next = next;
    }

    /** Ignore, NoMatch or Count on the Null attribute: a whole rule that can be copied. */
    boolean nullTerminal() {
      return attribute == Attribute.NULL && kind.terminal();
    }

    @Override
    Entry entry() {
      return attribute == Attribute.NULL ? Entry.ANY : Entry.NO_TEST;
    }
  }

  /** A CALL's Gosub, followed by one rule per return number of the subroutine (its slots). */
  static final class Gosub extends Node {
    final Subroutine subroutine;
    /** Where each return slot goes, in the subroutine's slot order. */
    final List<Node> slots;

    Gosub(Position at, Ast.Stmt statement, Subroutine subroutine, List<Node> slots) {
      super(at, statement);
      this.subroutine = subroutine;
      this.slots = slots;
    }

    @Override
    Entry entry() {
      return Entry.ANY;
    }
  }

  /** RETURN n (key n) or plain RETURN (key {@link Subroutine#PLAIN}). */
  static final class Return extends Node {
    final Subroutine subroutine;
    final int key;

    Return(Position at, Ast.Stmt statement, Subroutine subroutine, int key) {
      super(at, statement);
      this.subroutine = subroutine;
      this.key = key;
    }

    @Override
    Entry entry() {
      return Entry.ANY;
    }
  }

  /** A subroutine as compiled: its entry node and the return numbers its slots stand for. */
  static final class Subroutine {
    /** The key of a plain RETURN (no number), which continues after ENDCALL. */
    static final int PLAIN = -1;

    final Ast.Subroutine declaration;
    /** The meter variable (v1..v5) of each parameter. */
    final List<Attribute> variables = new ArrayList<>();
    Node entry;
    /** Return keys in slot order: numbers ascending, then PLAIN; set once compiled. */
    final List<Integer> slotKeys = new ArrayList<>();

    Subroutine(Ast.Subroutine declaration) {
      this.declaration = declaration;
    }

    String name() {
      return declaration.name().text();
    }

    /** 1-origin slot of a return key: the Return rule's parameter (RFC 2722 §4.4). */
    int slot(int key) {
      return slotKeys.indexOf(key) + 1;
    }
  }
}
