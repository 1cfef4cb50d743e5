package org.rtfm4j.srl;

import java.util.List;

/** The syntax tree of an SRL program (RFC 2723 Appendix A), as the parser builds it. */
final class Ast {
  private Ast() {}

  /** An attribute, SRL variable or subroutine parameter, as written. */
  record Name(String text, Position at) {}

  /**
   * A value with its optional width or mask (RFC 2723 §3.1.5); in {@code SAVE attr / width;} the
   * value is null.
   *
   * @param value the value text, or null
   * @param width the width in bits after '/', or null
   * @param mask the mask text after '&', or null
   */
  record Operand(Token value, Token width, Token mask) {
    Position at() {
      return value != null ? value.at() : width != null ? width.at() : mask.at();
    }
  }

  /** A statement (RFC 2723 §3). */
  sealed interface Stmt permits If, Block, Save, Count, Exit, Ignore, NoMatch, Store, Return,
      Call, Empty {
    Position at();
  }

  /**
   * {@code IF expression [SAVE ;|SAVE ,] [statement] [ELSE statement]} (§3.1).
   *
   * @param then the action statement, or null for {@code SAVE ;}
   * @param otherwise the ELSE statement, or null
   */
  record If(Position at, Expr condition, boolean save, Stmt then, Stmt otherwise)
      implements Stmt {}

  /** {@code [label :] { statements }} (§3.2); label is null when there is none. */
  record Block(Position at, Token label, List<Stmt> body) implements Stmt {}

  /**
   * {@code SAVE attr [/ width | & mask] ;} (packet value, when {@code operand.value()} is null)
   * or {@code SAVE attr = operand ;} (the value given) (§3.3.1).
   */
  record Save(Position at, Name attribute, Operand operand) implements Stmt {}

  /** {@code COUNT ;} (§3.3.2). */
  record Count(Position at) implements Stmt {}

  /** {@code EXIT label ;} (§3.3.3). */
  record Exit(Position at, Token label) implements Stmt {}

  /** {@code IGNORE ;} (§3.3.4). */
  record Ignore(Position at) implements Stmt {}

  /** {@code NOMATCH ;} (§3.3.5). */
  record NoMatch(Position at) implements Stmt {}

  /** {@code STORE variable := value ;} (§3.3.6). */
  record Store(Position at, Name variable, Token value) implements Stmt {}

  /** {@code RETURN [n] ;} (§3.3.7); number is null for a plain RETURN. */
  record Return(Position at, Token number) implements Stmt {}

  /** {@code CALL name ( params ) { n: ... statement } ENDCALL ;} (§3.5). */
  record Call(Position at, Token subroutine, List<Name> arguments, List<Branch> branches)
      implements Stmt {}

  /** The statement of a CALL labelled with return numbers {@code 1: 2:}. */
  record Branch(List<Token> numbers, Stmt statement) {}

  /** {@code ;} alone. */
  record Empty(Position at) implements Stmt {}

  /** A logical expression (§3.1.1-3.1.3). */
  sealed interface Expr permits Or, And, Test {}

  /** {@code a || b || ...}. */
  record Or(List<Expr> terms) implements Expr {}

  /** {@code a && b && ...}. */
  record And(List<Expr> factors) implements Expr {}

  /** {@code attr == operand} or {@code attr == (operand, ...)} (lists flattened). */
  record Test(Name attribute, List<Operand> operands) implements Expr {}

  /** A subroutine parameter: {@code ADDRESS name} or {@code VARIABLE name} (§3.4). */
  record Param(boolean variable, Token name) {}

  /** {@code SUBROUTINE name ( params ) statements ENDSUB ;} (§3.4). */
  record Subroutine(Token name, List<Param> params, List<Stmt> body, Position end) {}

  /**
   * A whole program: its statements, subroutines, and the rule-file directives NeTraMet's srl
   * also accepted (SET, FORMAT, STATISTICS).
   *
   * @param set the SET number token, or null
   * @param format the FORMAT items (attribute words and strings), or null when there is none
   */
  record Program(List<Stmt> statements, List<Subroutine> subroutines, Token set,
      List<Token> format, Token statistics) {}
}
