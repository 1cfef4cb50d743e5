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
    // A destroyed rule set's flows linger until the packet thread removes them; they are no
    // longer data (RFC 2720 flowRuleInfoStatus destroy), so the view hides them at once.
    this(meter.flowTable(), meter::ruleSetLive);
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
