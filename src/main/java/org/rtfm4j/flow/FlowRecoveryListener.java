package org.rtfm4j.flow;

/**
 * Told about each flow just before the flow table recovers its record (RFC 2722 §4.5), on the
 * thread that writes the flow's part of the table: a meter with several matching threads calls
 * it from each of them, at the same time.
 */
@FunctionalInterface
public interface FlowRecoveryListener {
  /** The record at {@code slot} is about to return to the inactive state; it is still readable. */
  void recovering(FlowTable table, int slot);
}
