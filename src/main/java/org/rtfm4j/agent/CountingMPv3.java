package org.rtfm4j.agent;

import org.snmp4j.MessageDispatcher;
import org.snmp4j.MutablePDU;
import org.snmp4j.TransportStateReference;
import org.snmp4j.asn1.BERInputStream;
import org.snmp4j.event.CounterEvent;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.MutableStateReference;
import org.snmp4j.mp.PduHandle;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.mp.StatusInformation;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OctetString;

/**
 * SNMP4J's SNMPv3 message processing model, counting the undecodable messages it drops: RFC
 * 3412 §7.2 step 2 counts a message that is not the serialization of an SNMPv3Message in
 * snmpInASNParseErrs, and RFC 3414 §3.2 step 1 one whose msgSecurityParameters are not a
 * UsmSecurityParameters. SNMP4J's MPv3 catches every decoding failure of the header and the
 * security parameters (a truncated message, a wrong tag or length) and returns a parse error
 * without counting anything; only a bad scoped PDU is counted.
 */
final class CountingMPv3 extends MPv3 {
  /** Per thread: whether a counter moved while the current message was being prepared. */
  private final ThreadLocal<boolean[]> counted = ThreadLocal.withInitial(() -> new boolean[1]);

  CountingMPv3(byte[] engineId, SecurityProtocols protocols, SecurityModels models,
      CounterSupport counters) {
    super(engineId, null, protocols, models, counters);
    // MPv3 and the USM count through the same counter support: any counter moving on this
    // thread while a message is prepared means it was counted already.
    counters.addCounterListener(event -> counted.get()[0] = true);
  }

  @Override
  public <A extends Address> int prepareDataElements(MessageDispatcher dispatcher, A address,
      BERInputStream wholeMsg, TransportStateReference tmStateReference,
      Integer32 messageProcessingModel, Integer32 securityModel, OctetString securityName,
      Integer32 securityLevel, MutablePDU pdu, PduHandle sendPduHandle,
      Integer32 maxSizeResponseScopedPDU, StatusInformation statusInformation,
      MutableStateReference<A> mutableStateReference) {
    boolean[] c = counted.get();
    c[0] = false;
    int status = super.prepareDataElements(dispatcher, address, wholeMsg, tmStateReference,
        messageProcessingModel, securityModel, securityName, securityLevel, pdu, sendPduHandle,
        maxSizeResponseScopedPDU, statusInformation, mutableStateReference);
    if (status == SnmpConstants.SNMP_MP_PARSE_ERROR && !c[0]) {
      fireIncrementCounter(new CounterEvent(this, SnmpConstants.snmpInASNParseErrs));
    }
    return status;
  }
}
