package org.rtfm4j.manager;

/**
 * A manager action that did not happen, or happened only in part, said in plain words: what was
 * asked, what the meter answered, and what state the meter is left in.
 */
public final class ManagerException extends Exception {
  private static final long serialVersionUID = 1L;

  public ManagerException(String message) {
    super(message);
  }

  public ManagerException(String message, Throwable cause) {
    super(message, cause);
  }
}
