package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.rtfm4j.capture.CaptureInterface;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.OctetCounting;
import org.rtfm4j.meter.Task;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.agent.CommandProcessor;
import org.snmp4j.agent.DefaultMOServer;
import org.snmp4j.agent.MOScope;
import org.snmp4j.agent.ManagedObject;
import org.snmp4j.agent.security.VACM;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.MessageProcessingModel;
import org.snmp4j.mp.PduHandle;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.Counter32;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Gauge32;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.IpAddress;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.Opaque;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * SET requests of arbitrary varbinds for every writable object of the Meter MIB (Jazzer):
 * flowRuleSetInfoTable, flowInterfaceTable, flowReaderInfoTable, flowManagerInfoTable,
 * flowRuleTable and the flowControl scalars, each request handed to SNMP4J-Agent's own {@link
 * CommandProcessor} in process (no socket), as the agent receives it.
 *
 * <p>The input (read by {@link FuzzInput}) is a sequence of requests; each names a table (or
 * the scalars, or anywhere under flowMIB), a column, an index built from small interesting numbers
 * or arbitrary ones, and a value of any SMI type. For every request: a response comes back; its
 * error status is never genErr (the agent's name for "something threw") nor commitFailed or
 * undoFailed (every check is made in the prepare phase: the meter, in memory, has nothing that
 * can fail after it); an error names one of the request's varbinds; a request that succeeds
 * reads back as written; and a request that fails changes nothing: the control tables (every
 * cell of every row), the scalars and the meter's rule sets and tasks are what they were before
 * (RFC 3416 §4.2.5: all or none).
 *
 * <p>Each input starts from the same meter: rule set 5 (five-tuple.rules) run by task 1, rule set
 * 7 downloaded (2 rules) and not in service, reader row 3 active, task row 2 not in service,
 * interface 1. Seeds and every finding live in {@code SetValidationFuzzTestInputs/setAnyVarbinds};
 * {@code bench/fuzz.sh} fuzzes.
 */
class SetValidationFuzzTest {
  // RFC 2720 object identifiers: flowMIB = mib-2 40; flowControl 1, flowRules 3.
  private static final String FLOW_MIB = "1.3.6.1.2.1.40";
  private static final String[] ENTRIES = {
    FLOW_MIB + ".1.1.1", // flowRuleSetInfoEntry
    FLOW_MIB + ".1.2.1", // flowInterfaceEntry
    FLOW_MIB + ".1.3.1", // flowReaderInfoEntry
    FLOW_MIB + ".1.4.1", // flowManagerInfoEntry
    FLOW_MIB + ".3.1.1", // flowRuleEntry
  };
  private static final int RULE_ENTRY = 4;
  /** The RowStatus column of each table that has one (RFC 2720). */
  private static final Map<String, Integer> ROW_STATUS = Map.of(ENTRIES[0], 5, ENTRIES[2], 6,
      ENTRIES[3], 8);
  private static final String FLOW_CONTROL = FLOW_MIB + ".1";
  /** flowControl scalars 5..9 (flowFloodMark .. flowFloodMode). */
  private static final int FIRST_SCALAR = 5;
  private static final int LAST_SCALAR = 9;
  private static final int MAX_VARBINDS = 8;
  private static final int MAX_REQUESTS = 6;
  /** Columns read in a snapshot: every table's columns are below this. */
  private static final int MAX_COLUMN = 12;
  /** Index values that name the fixture's rows, the built-in rule set and the edges. */
  private static final int[] INDEXES = {0, 1, 2, 3, 5, 7, 8, 255, 256, 65535, 65536, -1};
  private static final int[] SMALL_VALUES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 17, 100, 255, 256};
  /** Selector octets below this pick from a table above; the others read 32 bits. */
  private static final int PICK_LIMIT = 128;
  /** A scalar's instance octet below this gives the instance .0. */
  private static final int INSTANCE_ZERO = 192;
  /** Longest octet string sent: longer than any writable column takes (names: 127 octets). */
  private static final int MAX_OCTETS = 160;

  private static final RuleSet FIVE_TUPLE = load();

  @FuzzTest
  void setAnyVarbinds(byte[] bytes) {
    FuzzInput in = new FuzzInput(bytes);
    Agent agent = new Agent();
    for (int r = 0; r < MAX_REQUESTS && in.more(); r++) {
      List<VariableBinding> vbs = new ArrayList<>();
      int n = 1 + in.u8() % MAX_VARBINDS;
      for (int i = 0; i < n && in.more(); i++) {
        vbs.add(new VariableBinding(oid(in), value(in)));
      }
      agent.setAndCheck(vbs);
    }
  }

  /**
   * An OID: an octet chooses a table (0..4), the scalars (5) or anywhere under flowMIB (6); for
   * a table, a column octet and the index sub-identifiers (an octet whose low 3 bits are 0 asks
   * for 0..3 of them instead of the table's own count); under flowMIB, a count and 32-bit
   * sub-identifiers.
   */
  private static OID oid(FuzzInput in) {
    int where = in.u8() % (ENTRIES.length + 2);
    OID oid;
    if (where < ENTRIES.length) {
      oid = new OID(ENTRIES[where]);
      oid.append(in.u8() % (MAX_COLUMN + 1));
      int shape = in.u8();
      int indexes = (shape & 7) == 0 ? (shape >>> 3) % 4 : where == RULE_ENTRY ? 2 : 1;
      for (int i = 0; i < indexes; i++) {
        oid.append(index(in));
      }
    } else if (where == ENTRIES.length) {
      oid = new OID(FLOW_CONTROL);
      oid.append(FIRST_SCALAR - 1 + in.u8() % (LAST_SCALAR - FIRST_SCALAR + 3));
      int instance = in.u8();
      oid.append(instance < INSTANCE_ZERO ? 0 : index(in));
    } else {
      oid = new OID(FLOW_MIB);
      int subids = in.u8() % 7;
      for (int i = 0; i < subids; i++) {
        oid.append(in.i32());
      }
    }
    return oid;
  }

  /** An octet below 128 picks an interesting index, else 32 bits follow. */
  private static int index(FuzzInput in) {
    int sel = in.u8();
    return sel < PICK_LIMIT ? INDEXES[sel % INDEXES.length] : in.i32();
  }

  /** A value: an octet chooses its SMI type, then what that type needs. */
  private static Variable value(FuzzInput in) {
    switch (in.u8() % 10) {
      case 0: {
        int sel = in.u8();
        return new Integer32(sel < PICK_LIMIT ? SMALL_VALUES[sel % SMALL_VALUES.length]
            : in.i32());
      }
      case 1:
        return new OctetString(in.bytes(in.u8() % (MAX_OCTETS + 1)));
      case 2:
        return new Counter32(in.i32() & 0xffff_ffffL);
      case 3:
        return new Gauge32(in.i32() & 0xffff_ffffL);
      case 4:
        return new TimeTicks(in.i32() & 0xffff_ffffL);
      case 5:
        return new Counter64(in.i64());
      case 6:
        return new IpAddress(Arrays.copyOf(in.bytes(4), 4));
      case 7: {
        int[] subids = new int[in.u8() % 9];
        for (int i = 0; i < subids.length; i++) {
          subids[i] = in.i32();
        }
        return new OID(subids);
      }
      case 8:
        return new Opaque(in.bytes(in.u8() % 9));
      default:
        return new Null();
    }
  }

  /** A meter, its MIB groups and SNMP4J-Agent's command processor, in this thread. */
  private static final class Agent {
    private final Meter meter = new Meter(1000, new ManualClock(), OctetCounting.IP);
    private final DefaultMOServer server = new DefaultMOServer();
    private final List<ControlTable> tables = new ArrayList<>();
    private final OctetString engineId = new OctetString(MPv3.createLocalEngineID());
    private PDU response;
    private int requestId;
    private final CommandProcessor processor = new CommandProcessor(engineId) {
      @Override
      protected <A extends Address> void sendResponse(CommandResponderEvent<A> event,
          PDU pdu) {
        response = pdu;
      }
    };

    Agent() {
      try {
        meter.addRuleSet(FIVE_TUPLE);
        meter.setTask(1, 5, 0, 0);
        meter.addInterfaces(new FakeSource(List.of(new CaptureInterface(1, "eth0", 1))));
        new FlowMeterMib(meter).registerMOs(server, null);
        new FlowControlTables(meter, line -> { }).registerMOs(server, null);
      } catch (Exception e) {
        throw new IllegalStateException("fixture", e);
      }
      for (Iterator<Map.Entry<MOScope, ManagedObject<?>>> it = server.iterator(); it.hasNext(); ) {
        if (it.next().getValue() instanceof ControlTable t) {
          tables.add(t);
        }
      }
      assertEquals(ENTRIES.length, tables.size(), "control tables registered");
      processor.setVacm(new AllowAll());
      processor.addMOServer(server);
      // The fixture, as ControlTablesSetErrorsTest builds it with snmpset.
      String info = ENTRIES[0];
      String rule = ENTRIES[RULE_ENTRY];
      fixture(vb(info + ".5.7", new Integer32(5)), vb(info + ".2.7", new Integer32(2)),
          vb(info + ".6.7", new OctetString("seven")), vb(info + ".3.7",
              new OctetString("tester")));
      fixture(vb(rule + ".3.7.1", new Integer32(0)),
          vb(rule + ".4.7.1", OctetString.fromHexString("00:00")),
          vb(rule + ".5.7.1", OctetString.fromHexString("00:00")),
          vb(rule + ".6.7.1", new Integer32(11)), vb(rule + ".7.7.1", new Integer32(2)),
          vb(rule + ".3.7.2", new Integer32(8)),
          vb(rule + ".4.7.2", OctetString.fromHexString("ff:00")),
          vb(rule + ".5.7.2", OctetString.fromHexString("00:00")),
          vb(rule + ".6.7.2", new Integer32(4)), vb(rule + ".7.7.2", new Integer32(0)));
      fixture(vb(ENTRIES[2] + ".7.3", new Integer32(5)), vb(ENTRIES[2] + ".6.3",
          new Integer32(4)));
      fixture(vb(ENTRIES[3] + ".2.2", new Integer32(5)), vb(ENTRIES[3] + ".8.2",
          new Integer32(5)));
    }

    private void fixture(VariableBinding... vbs) {
      PDU r = set(List.of(vbs));
      assertEquals(SnmpConstants.SNMP_ERROR_SUCCESS, r.getErrorStatus(), "fixture: " + r);
    }

    /** One SET, with the checks of the class comment. */
    void setAndCheck(List<VariableBinding> vbs) {
      List<String> before = snapshot();
      PDU r = set(vbs);
      int status = r.getErrorStatus();
      assertNotEquals(SnmpConstants.SNMP_ERROR_GENERAL_ERROR, status, "genErr for " + vbs);
      // Everything is checked in prepare; the meter in memory has no resource that can fail
      // afterwards, so a failing commit means prepare let through what the meter refuses.
      assertNotEquals(SnmpConstants.SNMP_ERROR_COMMIT_FAILED, status, "commitFailed for " + vbs);
      assertNotEquals(SnmpConstants.SNMP_ERROR_UNDO_FAILED, status, "undoFailed for " + vbs);
      if (status == SnmpConstants.SNMP_ERROR_SUCCESS) {
        checkWritten(vbs);
        return;
      }
      assertTrue(r.getErrorIndex() >= 1 && r.getErrorIndex() <= vbs.size(),
          "error index " + r.getErrorIndex() + " of " + vbs.size() + ": " + r);
      assertEquals(before, snapshot(), "a SET that failed (" + r.getErrorStatusText()
          + ") changed the meter or its tables: " + vbs);
    }

    /**
     * After a SET that succeeded, every cell and scalar it wrote reads back as written (RFC 3416
     * §4.2.5), unless it is a RowStatus (which reads active/notInService/notReady after
     * create*), its row went away (destroy), or the request wrote the same cell twice.
     */
    private void checkWritten(List<VariableBinding> vbs) {
      Map<OID, Integer> times = new HashMap<>();
      for (VariableBinding vb : vbs) {
        times.merge(vb.getOid(), 1, Integer::sum);
      }
      for (VariableBinding vb : vbs) {
        OID oid = vb.getOid();
        if (times.get(oid) > 1) {
          continue;
        }
        Integer32 scalar = null;
        if (oid.equals(FlowMeterMib.OID_FLOW_FLOOD_MARK)) {
          scalar = new Integer32(meter.floodMark());
        } else if (oid.equals(FlowMeterMib.OID_FLOW_INACTIVITY_TIMEOUT)) {
          scalar = new Integer32(meter.flowTable().inactivityTimeout());
        } else if (oid.equals(FlowMeterMib.OID_FLOW_FLOOD_MODE)) {
          scalar = new Integer32(meter.floodMode() ? FlowMeterMib.TRUE : FlowMeterMib.FALSE);
        }
        if (scalar != null) {
          assertEquals(vb.getVariable(), scalar, "scalar after a SET: " + vbs);
        }
        for (ControlTable t : tables) {
          OID entry = t.entry();
          if (!oid.startsWith(entry) || oid.size() <= entry.size()) {
            continue;
          }
          int column = oid.get(entry.size());
          if (ROW_STATUS.getOrDefault(entry.toString(), 0) == column) {
            continue;
          }
          int[] index = Arrays.copyOfRange(oid.getValue(), entry.size() + 1, oid.size());
          t.refresh();
          Variable now = t.value(column, index);
          if (now != null) {
            assertEquals(vb.getVariable(), now, "read back after a SET that succeeded: " + vbs);
          }
        }
      }
    }

    private PDU set(List<VariableBinding> vbs) {
      ScopedPDU pdu = new ScopedPDU();
      pdu.setType(PDU.SET);
      pdu.setContextEngineID(engineId);
      pdu.setContextName(new OctetString());
      pdu.setRequestID(new Integer32(++requestId));
      for (VariableBinding vb : vbs) {
        pdu.add(new VariableBinding(vb.getOid(), vb.getVariable()));
      }
      response = null;
      CommandResponderEvent<UdpAddress> event = new CommandResponderEvent<>(
          new MessageDispatcherImpl(), null, new UdpAddress("127.0.0.1/161"),
          MessageProcessingModel.MPv3, SecurityModel.SECURITY_MODEL_USM,
          "fuzz".getBytes(StandardCharsets.US_ASCII), SecurityLevel.AUTH_PRIV,
          new PduHandle(requestId), pdu, 65_535, null);
      processor.processPdu(event);
      assertNotNull(response, "no response to " + vbs);
      assertEquals(PDU.RESPONSE, response.getType());
      return response;
    }

    /** Every cell of every control table, the scalars, and the meter's rule sets and tasks. */
    private List<String> snapshot() {
      List<String> s = new ArrayList<>();
      for (ControlTable t : tables) {
        t.refresh();
        for (int[] row = t.ceilingRow(new int[0], true); row != null;
            row = t.ceilingRow(row, false)) {
          for (int c = 1; c <= MAX_COLUMN; c++) {
            Variable v = t.value(c, row);
            if (v != null) {
              s.add(t.entry() + "." + c + "." + new OID(row) + " = " + v.toString());
            }
          }
        }
      }
      s.add("flood mark " + meter.floodMark() + ", mode " + meter.floodMode()
          + ", inactivity timeout " + meter.flowTable().inactivityTimeout());
      for (int n : meter.ruleSetNumbers()) {
        s.add("rule set " + n + " " + meter.ruleSet(n) + " live " + meter.ruleSetLive(n));
      }
      for (Task t : meter.tasks()) {
        s.add("task " + t.index() + ": " + t.currentRuleSet() + "/" + t.standbyRuleSet() + " hwm "
            + t.highWaterMark() + " standby " + t.runningStandby());
      }
      s.add("running " + Arrays.toString(meter.runningRuleSets()));
      return s;
    }
  }

  private static VariableBinding vb(String oid, Variable v) {
    return new VariableBinding(new OID(oid), v);
  }

  private static RuleSet load() {
    try {
      return RuleFileParser.parse(Path.of("rulesets/five-tuple.rules"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** VACM that lets every request see and write everything: access control is not fuzzed here. */
  private static final class AllowAll implements VACM {
    private static final OctetString VIEW = new OctetString("all");

    @Override
    public int isAccessAllowed(OctetString context, OctetString securityName, int securityModel,
        int securityLevel, int viewType, OID oid) {
      return VACM_OK;
    }

    @Override
    public int isAccessAllowed(OctetString viewName, OID oid) {
      return VACM_OK;
    }

    @Override
    public OctetString getViewName(OctetString context, OctetString securityName,
        int securityModel, int securityLevel, int viewType) {
      return VIEW;
    }
  }
}
