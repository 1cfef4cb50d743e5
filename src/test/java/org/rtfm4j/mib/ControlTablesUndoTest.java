package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.rules.RuleFileParser;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.agent.DefaultMOContextScope;
import org.snmp4j.agent.DefaultMOQuery;
import org.snmp4j.agent.DefaultMOServer;
import org.snmp4j.agent.ManagedObject;
import org.snmp4j.agent.request.SnmpRequest;
import org.snmp4j.agent.request.SubRequest;
import org.snmp4j.mp.MessageProcessingModel;
import org.snmp4j.mp.PduHandle;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * RFC 3416 §4.2.5: "If any of these assignments fail (even after all the previous validations),
 * then all other assignments are undone". The control tables' undo, driven phase by phase
 * in-process (a DefaultMOServer, no socket): SNMP4J-Agent 3.8.3 itself never reaches an undo
 * phase (its undo loop stops as soon as the request has an error), so over the wire this cannot
 * be provoked.
 */
class ControlTablesUndoTest {
  private static final String INFO = "1.3.6.1.2.1.40.1.1.1";
  private static final String RULE = "1.3.6.1.2.1.40.3.1.1";
  private static final String MANAGER = "1.3.6.1.2.1.40.1.4.1";

  @Test
  void undoPutsTheTablesAndTheMeterBackAsTheyWere() throws Exception {
    Meter meter = new Meter(1000, new ManualClock(), OctetCounting.IP);
    meter.addRuleSet(RuleFileParser.parse(Path.of("rulesets/five-tuple.rules")));
    meter.setTask(1, 5, 0, 0);
    DefaultMOServer server = new DefaultMOServer();
    FlowControlTables tables = new FlowControlTables(meter, line -> { });
    tables.registerMOs(server, null);

    List<VariableBinding> vbs = new ArrayList<>();
    // Rule set 7 downloaded and activated, task 2 created to run it, task 1 destroyed.
    vbs.add(vb(INFO + ".5.7", new Integer32(4)));
    vbs.add(vb(INFO + ".2.7", new Integer32(1)));
    vbs.add(vb(RULE + ".3.7.1", new Integer32(0)));
    vbs.add(vb(RULE + ".4.7.1", OctetString.fromHexString("00:00")));
    vbs.add(vb(RULE + ".5.7.1", OctetString.fromHexString("00:00")));
    vbs.add(vb(RULE + ".6.7.1", new Integer32(3)));
    vbs.add(vb(RULE + ".7.7.1", new Integer32(0)));
    vbs.add(vb(MANAGER + ".2.2", new Integer32(7)));
    vbs.add(vb(MANAGER + ".8.2", new Integer32(4)));
    vbs.add(vb(MANAGER + ".8.1", new Integer32(6)));
    SnmpRequest request = setRequest(vbs);

    phase(server, request, (mo, sub) -> mo.prepare(sub));
    assertEquals(SnmpConstants.SNMP_ERROR_SUCCESS, request.getErrorStatus());
    phase(server, request, (mo, sub) -> mo.commit(sub));
    assertArrayEquals(new int[] {7}, meter.runningRuleSets(), "applied in commit");
    // Another object's commit failed: every assignment is undone.
    phase(server, request, (mo, sub) -> mo.undo(sub));
    assertEquals(SnmpConstants.SNMP_ERROR_SUCCESS, request.getErrorStatus());
    assertNull(meter.ruleSet(7));
    assertNull(meter.task(2));
    assertEquals(5, meter.task(1).currentRuleSet());
    assertArrayEquals(new int[] {5}, meter.runningRuleSets());
    ControlTable info = (ControlTable) server.lookup(query(INFO + ".5.7"));
    assertNull(info.value(5, new int[] {7}), "no row 7");
    assertEquals(new Integer32(1), ((ControlTable) server.lookup(query(MANAGER + ".8.1")))
        .value(8, new int[] {1}), "task 1 active again");
  }

  private static VariableBinding vb(String oid, Variable v) {
    return new VariableBinding(new OID(oid), v);
  }

  private static SnmpRequest setRequest(List<VariableBinding> vbs) {
    PDU pdu = new PDU();
    pdu.setType(PDU.SET);
    pdu.addAll(vbs);
    CommandResponderEvent<UdpAddress> event = new CommandResponderEvent<>(
        new MessageDispatcherImpl(), null, new UdpAddress("127.0.0.1/161"),
        MessageProcessingModel.MPv2c, SecurityModel.SECURITY_MODEL_SNMPv2c,
        "rw".getBytes(StandardCharsets.US_ASCII), SecurityLevel.NOAUTH_NOPRIV, new PduHandle(1),
        pdu, 65_535, null);
    return new SnmpRequest(event, null);
  }

  private static DefaultMOQuery query(String oid) {
    return new DefaultMOQuery(
        new DefaultMOContextScope(new OctetString(), new OID(oid), true, new OID(oid), true));
  }

  /** Runs one phase on every binding, as the agent's command processor would. */
  private static void phase(DefaultMOServer server, SnmpRequest request,
      BiConsumer<ManagedObject<SubRequest<?>>, SubRequest<?>> step) {
    request.nextPhase();
    for (Iterator<SnmpRequest.SnmpSubRequest> it = request.iterator(); it.hasNext(); ) {
      SnmpRequest.SnmpSubRequest sub = it.next();
      @SuppressWarnings("unchecked")
      ManagedObject<SubRequest<?>> mo = (ManagedObject<SubRequest<?>>) server.lookup(
          query(sub.getVariableBinding().getOid().toString()));
      step.accept(mo, sub);
    }
  }
}
