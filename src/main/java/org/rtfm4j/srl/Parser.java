package org.rtfm4j.srl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.rtfm4j.rules.Attribute;

/**
 * Recursive-descent parser for SRL, following the grammar of RFC 2723 Appendix A. Every syntax
 * error says what was expected and what was found; after one, the parser skips to the end of the
 * statement and goes on, so one run reports every independent error.
 *
 * <p>Beyond RFC 2723 it accepts the rule-file directives NeTraMet's srl also took, at the outer
 * level only: {@code SET n;}, {@code FORMAT attribute|"text" ...;} and {@code STATISTICS;}.
 */
final class Parser {
  /** SRL's keywords (RFC 2723 §2-3) and the directives; with attribute names, reserved. */
  static final Set<String> KEYWORDS = Set.of("if", "else", "save", "count", "exit", "ignore",
      "nomatch", "return", "store", "subroutine", "endsub", "call", "endcall", "define",
      "address", "variable", "set", "format", "statistics");

  private final Lexer lexer;
  private final List<Problem> errors = new ArrayList<>();

  /** Unwinds to the enclosing statement sequence after a syntax error has been recorded. */
  private static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyntaxError() {
      super(null, null, false, false);
    }
  }

  Parser(String text) {
    this.lexer = new Lexer(text, Parser::reserved);
  }

  /** True for keywords and attribute names, which may not name defines, labels and the like. */
  static boolean reserved(String key) {
    return KEYWORDS.contains(key) || Attribute.byName(key) != null;
  }

  /** Where the program text ends. */
  Position end() {
    return lexer.end();
  }

  /** Syntax errors, the lexer's (DEFINE) errors included. */
  List<Problem> errors() {
    List<Problem> all = new ArrayList<>(lexer.errors());
    all.addAll(errors);
    return all;
  }

  /** The whole program; check {@link #errors()} afterwards. */
  Ast.Program program() {
    List<Ast.Stmt> statements = new ArrayList<>();
    List<Ast.Subroutine> subroutines = new ArrayList<>();
    Token set = null;
    List<Token> format = null;
    Token statistics = null;
    while (lexer.peek().kind() != Token.Kind.END) {
      Token t = lexer.peek();
      try {
        if (t.is("subroutine")) {
          subroutines.add(subroutine());
        } else if (t.is("set")) {
          lexer.next();
          Token n = expectKind(Token.Kind.INTEGER, "a rule set number");
          expectPunct(";");
          if (set != null) {
            errors.add(new Problem(t.at(), "SET is given twice (first at " + set.at() + ")"));
          }
          set = n;
        } else if (t.is("format")) {
          lexer.next();
          List<Token> items = new ArrayList<>();
          while (!lexer.peek().isPunct(";")) {
            Token item = lexer.peek();
            if (item.kind() != Token.Kind.WORD && item.kind() != Token.Kind.STRING) {
              throw error(item, "an attribute name, a quoted separator or ';'");
            }
            items.add(lexer.next());
          }
          lexer.next();
          if (format != null) {
            errors.add(new Problem(t.at(), "FORMAT is given twice"));
          }
          format = items;
        } else if (t.is("statistics")) {
          lexer.next();
          expectPunct(";");
          statistics = t;
        } else {
          statements.add(statement());
        }
      } catch (SyntaxError e) {
        recover(x -> false);
      }
    }
    return new Ast.Program(statements, subroutines, set, format, statistics);
  }

  // ------------------------------------------------------------------ declarations

  private Ast.Subroutine subroutine() {
    lexer.next();
    Token name = expectName("a subroutine name");
    expectPunct("(");
    List<Ast.Param> params = new ArrayList<>();
    if (!lexer.peek().isPunct(")")) {
      do {
        Token kind = lexer.next();
        if (!kind.is("address") && !kind.is("variable")) {
          throw error(kind, "ADDRESS or VARIABLE");
        }
        params.add(new Ast.Param(kind.is("variable"), expectName("a parameter name")));
      } while (acceptPunct(","));
    }
    expectPunct(")");
    List<Ast.Stmt> body = sequence(t -> t.is("endsub"));
    Token end = expectWord("endsub", "a statement or ENDSUB");
    expectPunct(";");
    return new Ast.Subroutine(name, params, body, end.at());
  }

  // ------------------------------------------------------------------ statements

  /** Statements up to (not including) a token {@code stop} accepts, or the end. */
  private List<Ast.Stmt> sequence(Predicate<Token> stop) {
    List<Ast.Stmt> out = new ArrayList<>();
    while (lexer.peek().kind() != Token.Kind.END && !stop.test(lexer.peek())) {
      try {
        out.add(statement());
      } catch (SyntaxError e) {
        recover(stop);
      }
    }
    return out;
  }

  /**
   * After an error: skips to the end of the statement (a ';' or a '}' closing a brace opened
   * while skipping), stopping before a token {@code stop} accepts. An ENDSUB or ENDCALL left
   * over from a SUBROUTINE or CALL whose head was wrong is skipped too, so one mistake gives
   * one error.
   */
  private void recover(Predicate<Token> stop) {
    int depth = 0;
    while (true) {
      Token t = lexer.peek();
      if (t.kind() == Token.Kind.END || (depth == 0 && stop.test(t))) {
        return;
      }
      lexer.next();
      if (t.isPunct("{")) {
        depth++;
      } else if (t.isPunct("}")) {
        if (depth <= 1) {
          break;
        }
        depth--;
      } else if (t.isPunct(";") && depth == 0) {
        break;
      }
    }
    while ((lexer.peek().is("endsub") || lexer.peek().is("endcall"))
        && !stop.test(lexer.peek())) {
      lexer.next();
      acceptPunct(";");
    }
  }

  private Ast.Stmt statement() {
    Token t = lexer.peek();
    if (t.kind() == Token.Kind.PUNCT) {
      if (t.isPunct("{")) {
        return block(null);
      }
      if (t.isPunct(";")) {
        lexer.next();
        return new Ast.Empty(t.at());
      }
      throw error(t, "a statement");
    }
    if (t.kind() != Token.Kind.WORD) {
      throw error(t, "a statement");
    }
    switch (t.key()) {
      case "if":
        return ifStatement();
      case "save":
        lexer.next();
        return saveRest(t);
      case "count":
        lexer.next();
        expectPunct(";");
        return new Ast.Count(t.at());
      case "exit": {
        lexer.next();
        Token label = expectName("a label");
        expectPunct(";");
        return new Ast.Exit(t.at(), label);
      }
      case "ignore":
        lexer.next();
        expectPunct(";");
        return new Ast.Ignore(t.at());
      case "nomatch":
        lexer.next();
        expectPunct(";");
        return new Ast.NoMatch(t.at());
      case "return": {
        lexer.next();
        Token n = lexer.peek().kind() == Token.Kind.INTEGER ? lexer.next() : null;
        expectPunct(";");
        return new Ast.Return(t.at(), n);
      }
      case "store": {
        lexer.next();
        Ast.Name variable = name("an SRL variable");
        expectPunct(":=");
        Token value = expectValue("a value");
        expectPunct(";");
        return new Ast.Store(t.at(), variable, value);
      }
      case "call":
        return call();
      default:
        if (reserved(t.key())) {
          throw error(t, "a statement");
        }
        lexer.next();
        if (!lexer.peek().isPunct(":")) {
          throw error(t, "a statement");
        }
        lexer.next();
        if (!lexer.peek().isPunct("{")) {
          throw error(lexer.peek(), "'{' after the label " + t.text() + ":");
        }
        return block(t);
    }
  }

  private Ast.Block block(Token label) {
    Token open = lexer.next();
    List<Ast.Stmt> body = sequence(x -> x.isPunct("}"));
    expectPunct("}");
    return new Ast.Block(label != null ? label.at() : open.at(), label, body);
  }

  private Ast.Stmt ifStatement() {
    Token keyword = lexer.next();
    Ast.Expr condition = expression();
    boolean save = false;
    Ast.Stmt then = null;
    Token t = lexer.peek();
    if (t.is("save")) {
      lexer.next();
      if (acceptPunct(";")) {
        save = true;
      } else if (acceptPunct(",")) {
        save = true;
        then = statement();
      } else {
        then = saveRest(t);
      }
    } else {
      then = statement();
    }
    Ast.Stmt otherwise = null;
    if (lexer.peek().is("else")) {
      lexer.next();
      otherwise = statement();
    }
    return new Ast.If(keyword.at(), condition, save, then, otherwise);
  }

  /** {@code SAVE attr [/ width | & mask | = operand] ;} after SAVE. */
  private Ast.Stmt saveRest(Token keyword) {
    Ast.Name attribute = name("an attribute, ',' or ';' after SAVE");
    Ast.Operand operand = null;
    if (acceptPunct("/")) {
      operand = new Ast.Operand(null, expectKind(Token.Kind.INTEGER, "a width in bits"), null);
    } else if (acceptPunct("&")) {
      operand = new Ast.Operand(null, null, expectValue("a mask"));
    } else if (acceptPunct("=")) {
      operand = operand();
    }
    expectPunct(";");
    return new Ast.Save(keyword.at(), attribute, operand);
  }

  private Ast.Stmt call() {
    Token keyword = lexer.next();
    Token sub = expectName("a subroutine name");
    expectPunct("(");
    List<Ast.Name> arguments = new ArrayList<>();
    if (!lexer.peek().isPunct(")")) {
      do {
        arguments.add(name("an attribute or SRL variable"));
      } while (acceptPunct(","));
    }
    expectPunct(")");
    List<Ast.Branch> branches = new ArrayList<>();
    while (!lexer.peek().is("endcall")) {
      Token n = lexer.peek();
      if (n.kind() != Token.Kind.INTEGER) {
        throw error(n, "a return number label (n:) or ENDCALL");
      }
      List<Token> numbers = new ArrayList<>();
      while (lexer.peek().kind() == Token.Kind.INTEGER) {
        numbers.add(lexer.next());
        expectPunct(":");
      }
      branches.add(new Ast.Branch(numbers, statement()));
    }
    lexer.next();
    expectPunct(";");
    return new Ast.Call(keyword.at(), sub, arguments, branches);
  }

  // ------------------------------------------------------------------ expressions

  private Ast.Expr expression() {
    List<Ast.Expr> terms = new ArrayList<>();
    terms.add(term());
    while (acceptPunct("||")) {
      terms.add(term());
    }
    return terms.size() == 1 ? terms.get(0) : new Ast.Or(terms);
  }

  private Ast.Expr term() {
    List<Ast.Expr> factors = new ArrayList<>();
    factors.add(factor());
    while (acceptPunct("&&")) {
      factors.add(factor());
    }
    return factors.size() == 1 ? factors.get(0) : new Ast.And(factors);
  }

  private Ast.Expr factor() {
    if (acceptPunct("(")) {
      Ast.Expr e = expression();
      expectPunct(")");
      return e;
    }
    Ast.Name attribute = name("an attribute or '('");
    expectPunct("==");
    List<Ast.Operand> operands = new ArrayList<>();
    if (lexer.peek().isPunct("(")) {
      list(operands);
    } else {
      operands.add(operand());
    }
    return new Ast.Test(attribute, operands);
  }

  /** {@code ( item, item, ... )} where an item is an operand or a list (from a DEFINE). */
  private void list(List<Ast.Operand> out) {
    lexer.next();
    do {
      if (lexer.peek().isPunct("(")) {
        list(out);
      } else {
        out.add(operand());
      }
    } while (acceptPunct(","));
    expectPunct(")");
  }

  private Ast.Operand operand() {
    Token value = expectValue("a value");
    if (acceptPunct("/")) {
      return new Ast.Operand(value, expectKind(Token.Kind.INTEGER, "a width in bits"), null);
    }
    if (acceptPunct("&")) {
      return new Ast.Operand(value, null, expectValue("a mask"));
    }
    return new Ast.Operand(value, null, null);
  }

  // ------------------------------------------------------------------ tokens

  private Ast.Name name(String what) {
    Token t = lexer.peek();
    if (t.kind() != Token.Kind.WORD || KEYWORDS.contains(t.key())) {
      throw error(t, what);
    }
    lexer.next();
    return new Ast.Name(t.text(), t.at());
  }

  private Token expectName(String what) {
    Token t = lexer.peek();
    if (t.kind() != Token.Kind.WORD || reserved(t.key())) {
      throw error(t, what);
    }
    return lexer.next();
  }

  private Token expectWord(String word, String what) {
    Token t = lexer.peek();
    if (!t.is(word)) {
      throw error(t, what);
    }
    return lexer.next();
  }

  private Token expectKind(Token.Kind kind, String what) {
    Token t = lexer.peek();
    if (t.kind() != kind) {
      throw error(t, what);
    }
    return lexer.next();
  }

  /** A value (the lexer scans it as one, RFC 2723 Appendix B). */
  private Token expectValue(String what) {
    Token t = lexer.peek();
    if (t.kind() == Token.Kind.PUNCT && !t.isPunct("'") && !t.isPunct(":")
        || t.kind() == Token.Kind.END || t.kind() == Token.Kind.STRING
        || t.kind() == Token.Kind.WORD && KEYWORDS.contains(t.key())) {
      throw error(t, what);
    }
    Token v = lexer.value();
    if (v.kind() != Token.Kind.VALUE) {
      throw error(v, what);
    }
    return v;
  }

  private void expectPunct(String mark) {
    Token t = lexer.peek();
    if (!t.isPunct(mark)) {
      throw error(t, "'" + mark + "'");
    }
    lexer.next();
  }

  private boolean acceptPunct(String mark) {
    if (lexer.peek().isPunct(mark)) {
      lexer.next();
      return true;
    }
    return false;
  }

  private SyntaxError error(Token found, String expected) {
    errors.add(new Problem(found.at(), "expected " + expected + ", found " + found.describe()));
    return new SyntaxError();
  }
}
