package org.rtfm4j.reader;

/** A pass could not go on; the message says why in plain words. */
public final class ReaderException extends Exception {
  private static final long serialVersionUID = 1L;

  ReaderException(String message) {
    super(message);
  }

  ReaderException(String message, Throwable cause) {
    super(message, cause);
  }
}
