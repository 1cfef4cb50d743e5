package org.rtfm4j.agent;

import java.util.function.LongSupplier;
import org.snmp4j.agent.mo.snmp.SNMPv2MIB;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;

/** SNMPv2-MIB (RFC 3418) system group and SNMP counters, with sysUpTime from the meter's clock. */
final class SystemGroup extends SNMPv2MIB {

  /** TimeTicks is an unsigned 32-bit counter of centiseconds that wraps (RFC 2578 §7.1.8). */
  private static final long TIME_TICKS_MASK = 0xFFFF_FFFFL;

  SystemGroup(String descr, OID objectId, int services, LongSupplier uptimeCentis) {
    // A TimeTicks above 2^32-1 throws and would turn a whole GETBULK into genErr: mask first.
    super(
        new OctetString(descr),
        objectId,
        new Integer32(services),
        () -> new TimeTicks(uptimeCentis.getAsLong() & TIME_TICKS_MASK));
  }
}
