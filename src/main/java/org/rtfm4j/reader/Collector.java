package org.rtfm4j.reader;

import java.io.IOException;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;

/**
 * One way of reading a rule set's flows active since a TimeFilter value from a meter (RFC 2720
 * flowDataPackageTable, flowColumnActivityTable or flowDataTable). Every flow is handed over
 * once, in FlowIndex order.
 */
interface Collector {
  /** Receives the flows of one collection. */
  @FunctionalInterface
  interface FlowSink {
    void accept(CollectedFlow flow) throws IOException;
  }

  /**
   * Hands every flow of {@code ruleSet} whose LastActiveTime is {@code timeFilter} or later to
   * {@code sink}.
   */
  void collect(MeterClient client, int ruleSet, long timeFilter, FlowSink sink)
      throws MeterException, IOException;
}
