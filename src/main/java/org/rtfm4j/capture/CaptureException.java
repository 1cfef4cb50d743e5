package org.rtfm4j.capture;

/** A capture could not be opened or read, or a file is damaged; the message says where and why. */
public class CaptureException extends Exception {
  private static final long serialVersionUID = 1L;

  public CaptureException(String message) {
    super(message);
  }

  public CaptureException(String message, Throwable cause) {
    super(message, cause);
  }
}
