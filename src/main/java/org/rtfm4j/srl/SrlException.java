package org.rtfm4j.srl;

import java.util.List;

/**
 * An SRL program that does not compile. The message has one line per error, in source order,
 * each {@code file:line:column: expected X, found Y} or {@code file:line:column: reason}.
 */
public final class SrlException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> errors;

  SrlException(List<String> errors) {
    super(String.join("\n", errors));
    this.errors = List.copyOf(errors);
  }

  /** The errors, one {@code file:line:column: ...} line each. */
  public List<String> errors() {
    return errors;
  }
}
