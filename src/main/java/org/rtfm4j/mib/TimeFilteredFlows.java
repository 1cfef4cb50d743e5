package org.rtfm4j.mib;

import java.util.function.IntPredicate;
import org.rtfm4j.flow.FlowTable;

/**
 * The flows of the meter's flow table as the Meter MIB's time-filtered tables index them (RFC
 * 2720 flowDataTable, flowColumnActivityTable, flowDataPackageTable): in FlowIndex order, of one
 * rule set or of all, and passing a TimeFilter (RFC 4502: a flow is present for TimeFilter value
 * T when its LastActiveTime is T or later).
 *
 * <p>Nothing is copied: each call reads slots of the live table through
 * {@link FlowTable#read}, and a search starts at the slot the request names (FlowIndex = slot +
 * 1), so a walk costs one pass over the table per column, never a scan per varbind from the
 * start.
 *
 * <p>Within one SNMP request, the flow found from a given starting point is remembered: the
 * varbinds of one GETBULK repetition (one per column, all starting after the same row) then show
 * one copy of the row, taken at one moment, and the slots before it are searched once, not once
 * per column.
 */
final class TimeFilteredFlows {
  /** Lowest rule set number (RFC 2720 flowDataRuleSet: Integer32 (1..255)). */
  static final int MIN_RULE_SET = 1;
  /** No rule set found. */
  static final int NONE = -1;
  /** In {@link #first}: flows of every rule set (flowColumnActivityTable has no rule set index). */
  static final int ANY_RULE_SET = 0;

  private final FlowTable table;
  private final IntPredicate ruleSetLive;
  private final ThreadLocal<Reader> readers = ThreadLocal.withInitial(Reader::new);

  /**
   * Flows of {@code table}, with rows of rule sets failing {@code ruleSetLive} left out (a rule
   * set being destroyed: its flows may linger in the table for a moment but are no longer data).
   */
  TimeFilteredFlows(FlowTable table, IntPredicate ruleSetLive) {
    this.table = table;
    this.ruleSetLive = ruleSetLive;
  }

  /** The live rule set after {@code after} that holds flows, or {@link #NONE}. */
  int nextRuleSet(int after) {
    for (int rs = Math.max(after + 1, MIN_RULE_SET); rs <= FlowTable.MAX_RULE_SET; rs++) {
      if (holdsFlows(rs)) {
        return rs;
      }
    }
    return NONE;
  }

  /** True when {@code ruleSet} is live and the table holds flows of it now. */
  boolean holdsFlows(int ruleSet) {
    return ruleSet >= MIN_RULE_SET && ruleSet <= FlowTable.MAX_RULE_SET
        && table.flowRecords(ruleSet) > 0 && ruleSetLive.test(ruleSet);
  }

  /**
   * The first flow in a slot from {@code fromSlot} (inclusive) up to {@code endSlot} (exclusive)
   * of rule set {@code ruleSet} (any live one for {@link #ANY_RULE_SET}) whose LastActiveTime
   * ticks are {@code timeFilter} or later.
   *
   * @param request the SNMP request asking (results are remembered per request), or null
   * @param remember true to remember the result for this request and starting point
   * @return the flow, valid until the next call on this thread; null when there is none
   */
  FlowSnapshot first(Object request, int ruleSet, long timeFilter, int fromSlot, int endSlot,
      boolean remember) {
    Reader r = readers.get();
    boolean sameRequest = request != null && request == r.request;
    if (sameRequest && r.scanValid && r.scanRuleSet == ruleSet && r.scanTime == timeFilter
        && r.scanFrom == fromSlot && r.scanEnd == endSlot) {
      return r.cachedValid ? r.cached : null;
    }
    if (!remember || request == null) {
      return scan(r.scratch, ruleSet, timeFilter, fromSlot, endSlot) ? r.scratch : null;
    }
    boolean found = scan(r.spare, ruleSet, timeFilter, fromSlot, endSlot);
    r.request = request;
    r.scanValid = true;
    r.scanRuleSet = ruleSet;
    r.scanTime = timeFilter;
    r.scanFrom = fromSlot;
    r.scanEnd = endSlot;
    if (found) {
      r.keepSpare();
    } else {
      r.cachedValid = false;
    }
    return found ? r.cached : null;
  }

  /**
   * The flow in exactly {@code slot} if it belongs to a live rule set (a GET); within one request
   * a slot is read once.
   */
  FlowSnapshot exact(Object request, int slot) {
    Reader r = readers.get();
    if (request != null && request == r.request && r.cachedValid && r.cached.slot() == slot) {
      return r.cached;
    }
    FlowSnapshot into = request != null ? r.spare : r.scratch;
    if (slot < 0 || !into.read(table, slot) || !ruleSetLive.test(into.row().ruleSet())) {
      return null;
    }
    if (request == null) {
      return into;
    }
    r.request = request;
    // The remembered search found another flow (or none): it no longer matches cached.
    r.scanValid = false;
    r.keepSpare();
    return r.cached;
  }

  private boolean scan(FlowSnapshot into, int ruleSet, long timeFilter, int fromSlot,
      int endSlot) {
    int limit = Math.min(table.readableSlots(), endSlot);
    for (int slot = Math.max(fromSlot, 0); slot < limit; slot++) {
      if (!into.read(table, slot)) {
        continue;
      }
      int rs = into.row().ruleSet();
      if ((ruleSet == ANY_RULE_SET || rs == ruleSet) && into.lastActiveTicks() >= timeFilter
          && ruleSetLive.test(rs)) {
        return true;
      }
    }
    return false;
  }

  /** Per worker thread: scratch copies and the flow remembered for the current request. */
  private static final class Reader {
    FlowSnapshot cached = new FlowSnapshot();
    FlowSnapshot spare = new FlowSnapshot();
    final FlowSnapshot scratch = new FlowSnapshot();
    /** The request {@link #cached} and the remembered search belong to. */
    Object request;
    /** {@link #cached} holds a flow read for {@link #request}. */
    boolean cachedValid;
    boolean scanValid;
    int scanRuleSet;
    long scanTime;
    int scanFrom;
    int scanEnd;

    /** {@link #spare} was just read: it becomes the remembered flow. */
    void keepSpare() {
      FlowSnapshot t = cached;
      cached = spare;
      spare = t;
      cachedValid = true;
    }
  }
}
