package org.rtfm4j.mib;

/** RowStatus values (RFC 2579): three states a row is in, three actions a manager asks for. */
final class RowStatusValue {
  /** The row is available for use by the meter. */
  static final int ACTIVE = 1;
  /** The row is complete but not in use. */
  static final int NOT_IN_SERVICE = 2;
  /** The row lacks information it needs before it can be used; never written by a manager. */
  static final int NOT_READY = 3;
  /** Create the row and make it active in the same SET. */
  static final int CREATE_AND_GO = 4;
  /** Create the row, not in use. */
  static final int CREATE_AND_WAIT = 5;
  /** Delete the row. */
  static final int DESTROY = 6;

  private RowStatusValue() {}

  /** True for the values a SET may carry (all but notReady, RFC 2579). */
  static boolean settable(int v) {
    return v == ACTIVE || v == NOT_IN_SERVICE || v == CREATE_AND_GO || v == CREATE_AND_WAIT
        || v == DESTROY;
  }

  static boolean creates(int v) {
    return v == CREATE_AND_GO || v == CREATE_AND_WAIT;
  }
}
