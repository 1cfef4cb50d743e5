package org.rtfm4j.agent;

import org.snmp4j.cfg.EngineBootsProvider;

/**
 * snmpEngineBoots kept in memory: the agent runs without a state directory, so every start is
 * boot 1 of a fresh engine (it also gets a fresh engine ID, RFC 3414 §2.2.2).
 */
final class InMemoryEngineBoots implements EngineBootsProvider {
  private int boots;

  @Override
  public synchronized int updateEngineBoots() {
    // RFC 3414 §2.2.2: snmpEngineBoots never exceeds 2147483647.
    if (boots < Integer.MAX_VALUE) {
      boots++;
    }
    return boots;
  }

  @Override
  public synchronized int getEngineBoots() {
    return boots;
  }
}
