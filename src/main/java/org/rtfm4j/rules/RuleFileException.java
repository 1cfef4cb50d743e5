package org.rtfm4j.rules;

/** STUB: replaced by the rules branch. */
public class RuleFileException extends Exception {
  private static final long serialVersionUID = 1L;

  public RuleFileException(String message) {
    super(message);
  }
}
