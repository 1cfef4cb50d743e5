package org.rtfm4j.mib;

import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import org.rtfm4j.flow.FlowTable;
import org.rtfm4j.meter.Meter;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOGroup;
import org.snmp4j.agent.MOServer;
import org.snmp4j.smi.OctetString;

/**
 * The flowData group of the Meter MIB (RFC 2720 flowData 1..3): flowDataTable,
 * flowColumnActivityTable and flowDataPackageTable, served as live views of the meter's flow
 * table. Nothing is copied; each request reads the flows it returns (see
 * {@link TimeFilteredFlows}).
 */
public final class FlowDataTables implements MOGroup {
  private final List<ComputedTable> tables;

  /** The flow data of {@code meter}. */
  public FlowDataTables(Meter meter) {
    // Every rule set's flows are data until rule sets can be destroyed; then pass the meter's
    // "rule set still exists" test here so a destroyed rule set's lingering flows are hidden.
    this(meter.flowTable(), ruleSet -> true);
  }

  /**
   * The flow data of {@code table}, showing only flows of rule sets that pass
   * {@code ruleSetLive}: the one place where rows are filtered by rule set.
   */
  public FlowDataTables(FlowTable table, IntPredicate ruleSetLive) {
    TimeFilteredFlows flows = new TimeFilteredFlows(Objects.requireNonNull(table, "table"),
        Objects.requireNonNull(ruleSetLive, "ruleSetLive"));
    tables = List.of(new FlowDataTable(flows), new ColumnActivityTable(flows),
        new DataPackageTable(flows));
  }

  @Override
  public void registerMOs(MOServer server, OctetString context)
      throws DuplicateRegistrationException {
    for (ComputedTable t : tables) {
      server.register(t, context);
    }
  }

  @Override
  public void unregisterMOs(MOServer server, OctetString context) {
    for (ComputedTable t : tables) {
      server.unregister(t, context);
    }
  }
}
