package org.rtfm4j.flow;

/** Told about each flow just before the flow table recovers its record (RFC 2722 §4.5). */
@FunctionalInterface
public interface FlowRecoveryListener {
  /** The record at {@code slot} is about to return to the inactive state; it is still readable. */
  void recovering(FlowTable table, int slot);
}
