package org.rtfm4j.mib;

/**
 * A conceptual row with a RowStatus column (RFC 2579) whose only condition for activation is
 * that its required columns are written: flowManagerInfoTable and flowReaderInfoTable rows.
 *
 * @param <R> the row type, immutable
 */
interface StatusRow<R extends StatusRow<R>> {
  /** Status active(1). */
  boolean active();

  /** Every column without a default is written: the row may be activated. */
  boolean ready();

  /** A copy with status {@code s}. */
  R withStatus(int s);
}
