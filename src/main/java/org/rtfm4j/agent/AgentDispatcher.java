package org.rtfm4j.agent;

import java.io.IOException;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.TransportMapping;
import org.snmp4j.TransportStateReference;
import org.snmp4j.asn1.BERInputStream;
import org.snmp4j.event.CounterEvent;
import org.snmp4j.mp.MessageProcessingModel;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Address;

/**
 * The agent's message dispatcher: SNMP4J's, with undecodable messages counted where RFC 3418 and
 * RFC 3412 count them and GETBULK requests held to a bounded answer ({@link BulkLimit}).
 */
final class AgentDispatcher extends MessageDispatcherImpl {

  /**
   * SNMP4J counts a message that fails to decode in snmpInvalidMsgs (SNMP-MPD-MIB), which RFC
   * 3412 §7.2 step 5 keeps for well-formed messages with inconsistent header fields. A message
   * that cannot be decoded is "not the serialization of an SNMPv3Message" (RFC 3412 §7.2 step 2)
   * or of an SNMPv1/v2c Message (RFC 1157 §4.1): RFC 3418 counts those in snmpInASNParseErrs.
   * The dispatcher raises snmpInvalidMsgs only for a decoding failure (an IOException while
   * reading the message); the message processing models count their own snmpInvalidMsgs
   * through their own counter support, which does not pass here.
   */
  @Override
  protected void fireIncrementCounter(CounterEvent event) {
    if (SnmpConstants.snmpInvalidMsgs.equals(event.getOid())) {
      super.fireIncrementCounter(new CounterEvent(this, SnmpConstants.snmpInASNParseErrs));
      return;
    }
    super.fireIncrementCounter(event);
  }

  /**
   * Decodes one message. SNMP4J's decoder throws IllegalArgumentException, not IOException, for
   * a value of an unknown type (tag), which the dispatcher would only log: it becomes the
   * decoding failure it is, counted by {@link #fireIncrementCounter}. The command processor
   * hands requests to the worker pool, so an exception escaping from here comes from decoding.
   */
  @Override
  protected <A extends Address> void dispatchMessage(TransportMapping<? super A> transport,
      MessageProcessingModel mp, A address, BERInputStream message,
      TransportStateReference tmStateReference) throws IOException {
    try {
      super.dispatchMessage(transport, mp, address, message, tmStateReference);
    } catch (RuntimeException e) {
      throw new IOException("undecodable message: " + e.getMessage(), e);
    }
  }

  /** Bounds every GETBULK before the command processor sees it ({@link BulkLimit}). */
  @Override
  protected void fireProcessPdu(CommandResponderEvent<?> event) {
    PDU pdu = event.getPDU();
    if (pdu != null && pdu.getType() == PDU.GETBULK) {
      BulkLimit.apply(pdu);
    }
    super.fireProcessPdu(event);
  }
}
