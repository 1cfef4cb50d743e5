package org.rtfm4j.manager;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rtfm4j.client.FlowMib;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.rtfm4j.rules.RuleRow;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * Reads a meter's control tables (RFC 2720 flowControl and flowRules) into records, with bulk
 * walks. Cells a row lacks (RFC 2579: a column not yet written reads as noSuchInstance) come back
 * as -1 or empty text.
 */
public final class MeterTables {
  /** GETBULK max-repetitions for table walks: small tables, a few requests each. */
  static final int MAX_REPETITIONS = 40;
  /** TimeTicks and Counter32 are unsigned 32-bit (RFC 2578 §7.1.8, §7.1.6). */
  private static final long UNSIGNED_32 = 0xFFFF_FFFFL;

  private final MeterClient client;

  public MeterTables(MeterClient client) {
    this.client = client;
  }

  /** flowRuleSetInfoTable, by index. */
  public List<RuleSetInfo> ruleSets() throws MeterException {
    List<RuleSetInfo> l = new ArrayList<>();
    for (Map.Entry<Integer, Map<Integer, Variable>> e
        : rows(FlowMib.RULE_SET_INFO_ENTRY).entrySet()) {
      Map<Integer, Variable> c = e.getValue();
      l.add(new RuleSetInfo(e.getKey(), integer(c, FlowMib.RULE_INFO_SIZE),
          text(c, FlowMib.RULE_INFO_OWNER), unsigned(c, FlowMib.RULE_INFO_TIME_STAMP),
          integer(c, FlowMib.RULE_INFO_STATUS), text(c, FlowMib.RULE_INFO_NAME),
          unsigned(c, FlowMib.RULE_INFO_FLOW_RECORDS)));
    }
    return l;
  }

  /** Rule set {@code n}'s row, or null. */
  public RuleSetInfo ruleSet(int n) throws MeterException {
    for (RuleSetInfo r : ruleSets()) {
      if (r.index() == n) {
        return r;
      }
    }
    return null;
  }

  /** flowManagerInfoTable, by index. */
  public List<TaskInfo> tasks() throws MeterException {
    List<TaskInfo> l = new ArrayList<>();
    for (Map.Entry<Integer, Map<Integer, Variable>> e
        : rows(FlowMib.MANAGER_INFO_ENTRY).entrySet()) {
      Map<Integer, Variable> c = e.getValue();
      l.add(new TaskInfo(e.getKey(), integer(c, FlowMib.MANAGER_CURRENT_RULE_SET),
          Math.max(0, integer(c, FlowMib.MANAGER_STANDBY_RULE_SET)),
          Math.max(0, integer(c, FlowMib.MANAGER_HIGH_WATER_MARK)),
          text(c, FlowMib.MANAGER_OWNER), unsigned(c, FlowMib.MANAGER_TIME_STAMP),
          integer(c, FlowMib.MANAGER_STATUS),
          integer(c, FlowMib.MANAGER_RUNNING_STANDBY) == FlowMib.TRUE));
    }
    return l;
  }

  /** flowReaderInfoTable, by index. */
  public List<ReaderInfo> readers() throws MeterException {
    List<ReaderInfo> l = new ArrayList<>();
    for (Map.Entry<Integer, Map<Integer, Variable>> e
        : rows(FlowMib.READER_INFO_ENTRY).entrySet()) {
      Map<Integer, Variable> c = e.getValue();
      l.add(new ReaderInfo(e.getKey(), integer(c, FlowMib.READER_TIMEOUT),
          text(c, FlowMib.READER_OWNER), unsigned(c, FlowMib.READER_LAST_TIME),
          unsigned(c, FlowMib.READER_PREVIOUS_TIME), integer(c, FlowMib.READER_STATUS),
          Math.max(0, integer(c, FlowMib.READER_RULE_SET))));
    }
    return l;
  }

  /** flowInterfaceTable, by ifIndex. */
  public List<InterfaceInfo> interfaces() throws MeterException {
    List<InterfaceInfo> l = new ArrayList<>();
    for (Map.Entry<Integer, Map<Integer, Variable>> e
        : rows(FlowMib.INTERFACE_ENTRY).entrySet()) {
      Map<Integer, Variable> c = e.getValue();
      l.add(new InterfaceInfo(e.getKey(), integer(c, FlowMib.INTERFACE_SAMPLE_RATE),
          unsigned(c, FlowMib.INTERFACE_LOST_PACKETS)));
    }
    return l;
  }

  /** Clock, scalars and tables in one look. */
  public MeterStatus status() throws MeterException {
    long up = client.sysUpTime();
    List<VariableBinding> s = client.get(List.of(FlowMib.ACTIVE_FLOWS, FlowMib.MAX_FLOWS,
        FlowMib.FLOOD_MODE, FlowMib.FLOOD_MARK, FlowMib.INACTIVITY_TIMEOUT));
    return new MeterStatus(up, integer(s.get(0).getVariable()), integer(s.get(1).getVariable()),
        integer(s.get(2).getVariable()) == FlowMib.TRUE, integer(s.get(3).getVariable()),
        integer(s.get(4).getVariable()), ruleSets(), tasks(), readers(), interfaces());
  }

  /**
   * Rules 1..{@code size} of rule set {@code n}, {@code perRequest} rules (5 cells each) per GET.
   * A rule with a cell the meter does not have (never written) or of the wrong type is null in
   * the list.
   */
  public List<RuleRow> rules(int n, int size, int perRequest) throws MeterException {
    List<RuleRow> rows = new ArrayList<>(size);
    int[] cols = FlowMib.RULE_COLUMNS;
    for (int first = 1; first <= size; first += perRequest) {
      int last = Math.min(size, first + perRequest - 1);
      List<OID> oids = new ArrayList<>();
      for (int r = first; r <= last; r++) {
        for (int c : cols) {
          oids.add(FlowMib.cell(FlowMib.RULE_ENTRY, c, n, r));
        }
      }
      List<VariableBinding> vbs = client.get(oids);
      for (int r = 0; r <= last - first; r++) {
        Variable[] v = new Variable[cols.length];
        boolean missing = false;
        for (int c = 0; c < cols.length; c++) {
          v[c] = vbs.get(r * cols.length + c).getVariable();
          missing |= v[c].isException();
        }
        boolean typed = v[0] instanceof Integer32 && v[1] instanceof OctetString
            && v[2] instanceof OctetString && v[3] instanceof Integer32
            && v[4] instanceof Integer32;
        rows.add(missing || !typed ? null
            : new RuleRow(v[0].toInt(), ((OctetString) v[1]).getValue(),
                ((OctetString) v[2]).getValue(), v[3].toInt(), v[4].toInt()));
      }
    }
    return rows;
  }

  /** Every row of a table indexed by one integer: row -> column -> value. */
  private Map<Integer, Map<Integer, Variable>> rows(OID entry) throws MeterException {
    Map<Integer, Map<Integer, Variable>> rows = new TreeMap<>();
    client.walk(entry, MAX_REPETITIONS, vb -> {
      OID oid = vb.getOid();
      if (oid.size() == entry.size() + 2) {
        rows.computeIfAbsent(oid.last(), k -> new TreeMap<>())
            .put(oid.get(entry.size()), vb.getVariable());
      }
      return true;
    });
    return rows;
  }

  private static int integer(Map<Integer, Variable> cells, int column) {
    Variable v = cells.get(column);
    return v == null ? -1 : integer(v);
  }

  /** An INTEGER's value; -1 for a missing cell or another type (a meter that is wrong). */
  private static int integer(Variable v) {
    return v instanceof Integer32 i ? i.getValue() : -1;
  }

  private static long unsigned(Map<Integer, Variable> cells, int column) {
    Variable v = cells.get(column);
    if (v instanceof UnsignedInteger32 u) {
      return u.getValue() & UNSIGNED_32;
    }
    return v instanceof Integer32 i ? i.getValue() & UNSIGNED_32 : -1;
  }

  private static String text(Map<Integer, Variable> cells, int column) {
    Variable v = cells.get(column);
    return v instanceof OctetString s
        ? new String(s.getValue(), StandardCharsets.UTF_8) : "";
  }
}
