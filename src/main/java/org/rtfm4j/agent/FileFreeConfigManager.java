package org.rtfm4j.agent;

import java.util.function.Supplier;
import org.snmp4j.MessageDispatcher;
import org.snmp4j.agent.AgentConfigManager;
import org.snmp4j.agent.CommandProcessor;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOServer;
import org.snmp4j.agent.mo.snmp.SNMPv2MIB;
import org.snmp4j.mp.MPv1;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.cfg.EngineBootsProvider;
import org.snmp4j.smi.OctetString;
import org.snmp4j.util.WorkerPool;

/**
 * An AgentConfigManager with no configuration or persistence files whose system group is ours
 * (SNMP4J-Agent builds its own SNMPv2MIB with a wall-clock sysUpTime, the meter needs its own),
 * whose SNMPv3 model counts the messages it cannot decode, whose command processor answers
 * every access refusal, and that does not serve the community table.
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
  protected CommandProcessor createCommandProcessor(OctetString contextEngineId) {
    return new AgentCommandProcessor(contextEngineId);
  }

  /** SNMP4J-Agent's three models, with {@link CountingMPv3} in place of its MPv3. */
  @Override
  protected void initMessageDispatcherWithMPs(MessageDispatcher mp) {
    mp.addMessageProcessingModel(new MPv1());
    mp.addMessageProcessingModel(new MPv2c());
    mp.addMessageProcessingModel(new CountingMPv3(engineID.getValue(), securityProtocols,
        securityModels, counterSupport));
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
