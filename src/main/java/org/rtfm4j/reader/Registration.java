package org.rtfm4j.reader;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.rtfm4j.client.FlowMib;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * A reader's row in flowReaderInfoTable (RFC 2720 flowControl 3): found again by its Owner and
 * RuleSet after a restart, or created with one createAndGo SET of Timeout, Owner, RuleSet and
 * Status. A new row takes the index after the highest in use; when another reader takes it first
 * (inconsistentValue), the next one.
 */
final class Registration {
  /** Indexes tried before giving up when other readers keep taking them. */
  private static final int ATTEMPTS = 8;
  /** GETBULK repetitions for the walk of the table (a handful of rows). */
  private static final int WALK_REPETITIONS = 20;

  private Registration() {}

  /** A row as the walk found it. */
  private static final class Row {
    String owner = "";
    int ruleSet;
    int status;
    int timeout;
  }

  /**
   * The index of this reader's active row, created when there is none.
   *
   * @param preferred the index the reader used before, tried first among rows that match
   */
  static int register(MeterClient client, int ruleSet, String owner, int timeout, int preferred)
      throws MeterException, ReaderException {
    TreeMap<Integer, Row> rows = new TreeMap<>();
    OID entry = FlowMib.READER_INFO_ENTRY;
    client.walk(entry, WALK_REPETITIONS, vb -> {
      OID o = vb.getOid();
      if (o.size() != entry.size() + 2) {
        return true;
      }
      Row r = rows.computeIfAbsent(o.last(), k -> new Row());
      Variable v = vb.getVariable();
      switch (o.get(entry.size())) {
        case FlowMib.READER_OWNER -> r.owner = text(v);
        case FlowMib.READER_RULE_SET -> r.ruleSet = v.toInt();
        case FlowMib.READER_STATUS -> r.status = v.toInt();
        case FlowMib.READER_TIMEOUT -> r.timeout = v.toInt();
        default -> { }
      }
      return true;
    });
    int found = 0;
    for (var e : rows.entrySet()) {
      Row r = e.getValue();
      if (r.owner.equals(owner) && r.ruleSet == ruleSet
          && (found == 0 || e.getKey() == preferred)) {
        found = e.getKey();
      }
    }
    if (found != 0) {
      Row r = rows.get(found);
      if (r.status != FlowMib.ACTIVE || r.timeout != timeout) {
        set(client, List.of(
            vb(FlowMib.READER_TIMEOUT, found, new Integer32(timeout)),
            vb(FlowMib.READER_STATUS, found, new Integer32(FlowMib.ACTIVE))), owner);
      }
      return found;
    }
    int index = rows.isEmpty() ? 1 : rows.lastKey() + 1;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++, index++) {
      try {
        client.set(List.of(
            vb(FlowMib.READER_TIMEOUT, index, new Integer32(timeout)),
            vb(FlowMib.READER_OWNER, index,
                new OctetString(owner.getBytes(StandardCharsets.UTF_8))),
            vb(FlowMib.READER_RULE_SET, index, new Integer32(ruleSet)),
            vb(FlowMib.READER_STATUS, index, new Integer32(FlowMib.CREATE_AND_GO))));
        return index;
      } catch (MeterException e) {
        if (e.kind() != MeterException.Kind.ERROR_STATUS
            || e.errorStatus() != SnmpConstants.SNMP_ERROR_INCONSISTENT_VALUE) {
          throw refused(e, owner);
        }
        // Row `index` exists: another reader took it since the walk.
      }
    }
    throw new ReaderException("could not register with meter " + client.meter().address()
        + ": other readers took " + ATTEMPTS + " row indexes in a row");
  }

  private static void set(MeterClient client, List<VariableBinding> bindings, String owner)
      throws ReaderException {
    try {
      client.set(bindings);
    } catch (MeterException e) {
      throw refused(e, owner);
    }
  }

  private static ReaderException refused(MeterException e, String owner) {
    return new ReaderException("cannot register as a reader (owner '" + owner + "') with meter "
        + e.target().address() + ": " + e.getMessage() + ". A reader needs to create its row in"
        + " flowReaderInfoTable: a write community or a user such as 'reader' in"
        + " examples/snmp.conf", e);
  }

  private static VariableBinding vb(int column, int index, Variable v) {
    return new VariableBinding(FlowMib.instance(FlowMib.READER_INFO_ENTRY, column, index), v);
  }

  static String text(Variable v) {
    return v instanceof OctetString s ? new String(s.getValue(), StandardCharsets.UTF_8) : "";
  }
}
