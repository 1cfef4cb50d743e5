package org.rtfm4j.agent;

import java.util.function.Supplier;
import org.snmp4j.MessageDispatcher;
import org.snmp4j.agent.AgentConfigManager;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOServer;
import org.snmp4j.agent.mo.snmp.SNMPv2MIB;
import org.snmp4j.cfg.EngineBootsProvider;
import org.snmp4j.smi.OctetString;
import org.snmp4j.util.WorkerPool;

/**
 * An AgentConfigManager with no configuration or persistence files whose system group is ours
 * (SNMP4J-Agent builds its own SNMPv2MIB with a wall-clock sysUpTime, the meter needs its own)
 * and that does not serve the community table.
 */
final class FileFreeConfigManager extends AgentConfigManager {
  private final Supplier<SNMPv2MIB> systemGroup;

  FileFreeConfigManager(
      OctetString engineId,
      MessageDispatcher dispatcher,
      MOServer[] servers,
      WorkerPool workers,
      EngineBootsProvider boots,
      Supplier<SNMPv2MIB> systemGroup) {
    super(engineId, dispatcher, null, servers, workers, null, null, boots);
    this.systemGroup = systemGroup;
  }

  @Override
  protected void initMandatoryMIBs() {
    super.initMandatoryMIBs();
    snmpv2MIB = systemGroup.get();
  }

  /**
   * RFC 3584 §5.2.1 makes snmpCommunityName read-create: served, the table would show every
   * community, the read-write one included, to anyone whose read view covers it (the built-in
   * {@code public} reads the whole tree). Communities come only from configuration here, so the
   * table keeps mapping communities to security names but is not served.
   */
  @Override
  protected void registerMIBs(OctetString context) throws DuplicateRegistrationException {
    super.registerMIBs(context);
    for (MOServer server : servers) {
      communityMIB.unregisterMOs(server, getContext(communityMIB, context));
    }
  }
}
