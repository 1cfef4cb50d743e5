package org.rtfm4j.agent;

import java.util.function.Supplier;
import org.snmp4j.MessageDispatcher;
import org.snmp4j.agent.AgentConfigManager;
import org.snmp4j.agent.MOServer;
import org.snmp4j.agent.mo.snmp.SNMPv2MIB;
import org.snmp4j.cfg.EngineBootsProvider;
import org.snmp4j.smi.OctetString;
import org.snmp4j.util.WorkerPool;

/**
 * An AgentConfigManager with no configuration or persistence files whose system group is ours:
 * SNMP4J-Agent builds its own SNMPv2MIB with a wall-clock sysUpTime, the meter needs its own.
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
}
