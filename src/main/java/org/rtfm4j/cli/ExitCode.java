package org.rtfm4j.cli;

/** Exit codes of {@code rtfm}; documented in the README. */
public final class ExitCode {
  private ExitCode() {}

  /** Success. */
  public static final int OK = 0;
  /** An internal error (a bug): the message says what. */
  public static final int INTERNAL = 1;
  /** Bad command line. */
  public static final int USAGE = 2;
  /** A rule file was refused: the message names file:line:column and the reason. */
  public static final int BAD_RULE_SET = 3;
  /**
   * A capture could not be opened or read, or a file is damaged; flows of the packets read before
   * the damage are still written.
   */
  public static final int CAPTURE = 4;
  /** An output file could not be written. */
  public static final int OUTPUT = 5;
  /** The SNMP agent could not start (--snmp address in use or not local). */
  public static final int SNMP = 6;
  /**
   * {@code rtfm manager}, {@code rtfm reader}, {@code rtfm demo}: a meter refused, failed or did
   * not answer (on one meter or more; the others' results are still printed or written). The
   * message names the meter and says why.
   */
  public static final int METER = 7;
}
