package org.rtfm4j.agent;

import org.snmp4j.PDU;
import org.snmp4j.agent.CommandProcessor;
import org.snmp4j.agent.request.Request;
import org.snmp4j.smi.OctetString;

/**
 * SNMP4J-Agent's command processor, answering authorizationError to every request refused for
 * its security level (RFC 3415 §3.2 noAccessEntry), SETs and GETBULKs included.
 */
final class AgentCommandProcessor extends CommandProcessor {

  AgentCommandProcessor(OctetString contextEngineId) {
    super(contextEngineId);
  }

  /**
   * SNMP4J-Agent puts the error on the request's first sub-request, which a SET or GETBULK
   * request does not have yet when access is checked: the worker then dies on a
   * NoSuchElementException and the manager gets no answer at all, only a timeout (found by
   * HostileSnmpTest: a SET from a user at noAuthNoPriv whose access entry asks for priv). The
   * error then goes on the request itself, as SNMP4J-Agent does for an empty request.
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
