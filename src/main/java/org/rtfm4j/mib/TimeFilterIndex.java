package org.rtfm4j.mib;

import org.snmp4j.smi.OID;

/**
 * Where a GETNEXT starts in a column indexed {@code { major, TimeFilter, FlowIndex }}: major is
 * the rule set (flowDataTable, flowDataPackageTable) or the attribute (flowColumnActivityTable).
 *
 * <p>Lexicographic order decides everything except one point, where RFC 4502's TimeFilter
 * convention does: after the last flow present at {@code major.T}, the walk does not go on to
 * {@code major.(T+1)} (the same flows again, conceptually present for every later T up to their
 * LastActiveTime) but to the next major value at TimeFilter 0. So a walk from {@code major.T}
 * returns each flow active since T once, and a plain walk of the table (T = 0) every flow once.
 *
 * @param major the rule set or attribute to start at; {@link #FROM_FIRST} for the first one
 * @param time the TimeFilter value T (unsigned 32 bits)
 * @param fromSlot the first flow-table slot to look at (FlowIndex - 1); {@link #EXHAUSTED} when
 *     no flow of {@code major} at {@code time} can follow
 */
record TimeFilterIndex(int major, long time, int fromSlot) {
  /** No major value given (or 0, below every valid one): start at the first. */
  static final int FROM_FIRST = 0;
  /** No FlowIndex can follow: go on to the next major value. */
  static final int EXHAUSTED = -1;

  /** The start of a column: the first major value, TimeFilter 0, the first flow. */
  static final TimeFilterIndex START = new TimeFilterIndex(FROM_FIRST, 0, 0);

  /** flowDataIndex is Integer32 (1..2147483647). */
  private static final long MAX_FLOW_INDEX = Integer.MAX_VALUE;

  /**
   * Reads the index sub-identifiers of {@code lower} from {@code at} on.
   *
   * @param inclusive the request asks for {@code lower} itself too (not only what follows)
   * @param maxMajor the largest valid major value
   * @return where to start, or null when {@code lower} lies after every instance of the column
   */
  static TimeFilterIndex parse(OID lower, int at, boolean inclusive, int maxMajor) {
    int given = lower.size() - at;
    if (given <= 0) {
      return START;
    }
    long major = ComputedTable.unsigned(lower, at);
    if (major == 0) {
      // Nothing is indexed by 0; everything under major 1 and on follows.
      return START;
    }
    if (major > maxMajor) {
      return null;
    }
    if (given == 1) {
      return new TimeFilterIndex((int) major, 0, 0);
    }
    long time = ComputedTable.unsigned(lower, at + 1);
    if (given == 2) {
      return new TimeFilterIndex((int) major, time, 0);
    }
    long flowIndex = ComputedTable.unsigned(lower, at + 2);
    // major.T.I itself when asked inclusively, else the flows after I: in slots from I on.
    long from = given == 3 && inclusive ? flowIndex - 1 : flowIndex;
    if (from >= MAX_FLOW_INDEX) {
      return new TimeFilterIndex((int) major, time, EXHAUSTED);
    }
    return new TimeFilterIndex((int) major, time, (int) Math.max(from, 0));
  }
}
