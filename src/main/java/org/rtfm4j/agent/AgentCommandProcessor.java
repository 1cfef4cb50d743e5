package org.rtfm4j.agent;

import org.snmp4j.PDU;
import org.snmp4j.agent.CommandProcessor;
import org.snmp4j.agent.request.Request;
import org.snmp4j.smi.OctetString;

/**
 * SNMP4J-Agent's command processor, answering authorizationError to every request refused for
 * its security level (RFC 3415 §3.2 noAccessEntry).
 */
final class AgentCommandProcessor extends CommandProcessor {

  AgentCommandProcessor(OctetString contextEngineId) {
    super(contextEngineId);
  }

  /**
   * SNMP4J-Agent puts the error on the request's first sub-request, assuming a request with
   * bindings has one. A GETBULK with max-repetitions 0 has none (nor had some mutated requests
   * of HostileSnmpTest that reused an earlier request's request-id): the worker died on a
   * NoSuchElementException and the manager got no answer, only a timeout. The error then goes
   * on the request itself, as SNMP4J-Agent does for a request without bindings.
   */
  @Override
  protected void setAuthorizationError(Request<?, ?, ?> req, int vacmStatus) {
    if (req.size() > 0 && !req.iterator().hasNext()) {
      req.setErrorStatus(PDU.authorizationError);
      return;
    }
    super.setAuthorizationError(req, vacmStatus);
  }
}
