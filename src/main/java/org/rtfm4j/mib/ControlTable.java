package org.rtfm4j.mib;

import java.util.function.Function;
import org.snmp4j.agent.DefaultMOScope;
import org.snmp4j.agent.MOScope;
import org.snmp4j.agent.mo.GenericManagedObject;
import org.snmp4j.agent.request.SubRequest;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.SMIConstants;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * One conceptual table of the Meter MIB served as one managed object: GET and GETNEXT/GETBULK
 * walk cells in OID order (column by column, rows by index) over a view the subclass builds from
 * live data, and every SET phase goes to the {@link ControlTransactions} shared by all control
 * tables, which checks and applies a SET across tables as a whole.
 */
abstract class ControlTable implements GenericManagedObject {
  /** TimeTicks and Counter32 are unsigned 32-bit and wrap (RFC 2578 §7.1.8, §7.1.6). */
  static final long UNSIGNED_32_MASK = 0xFFFF_FFFFL;

  private final OID entry;
  private final int[] readable;
  private final DefaultMOScope scope;
  final ControlTransactions transactions;

  /**
   * @param entry the table's Entry OID (its columns are entry.column.index)
   * @param readableColumns the columns a GET may read, ascending
   */
  ControlTable(OID entry, int[] readableColumns, ControlTransactions transactions) {
    this.entry = entry;
    this.readable = readableColumns.clone();
    this.transactions = transactions;
    OID upper = new OID(entry);
    upper.set(upper.size() - 1, upper.get(upper.size() - 1) + 1);
    this.scope = new DefaultMOScope(entry, false, upper, false);
  }

  OID entry() {
    return entry;
  }

  /**
   * The first row index above {@code bound} (or equal to it when {@code inclusive}), comparing
   * sub-identifiers as unsigned numbers, shorter prefixes first; null when there is none. An
   * empty bound asks for the first row.
   */
  abstract int[] ceilingRow(int[] bound, boolean inclusive);

  /** The value of a cell, or null when the row does not exist or the cell has no value. */
  abstract Variable value(int column, int[] index);

  /**
   * The checks a SET of {@code value} into this cell gets before anything else is known (RFC 3416
   * §4.2.5 steps 2..7): notWritable for a column no SET may write, wrongType, wrongLength,
   * wrongValue, noCreation for an index no row can ever have.
   */
  abstract int check(int column, int[] index, Variable value);

  /** Brings live parts of the table up to date before a request reads or writes it. */
  void refresh() {}

  @Override
  public MOScope getScope() {
    return scope;
  }

  @Override
  public OID find(MOScope range) {
    refresh();
    VariableBinding vb = first(range, oid -> Boolean.TRUE);
    return vb == null ? null : vb.getOid();
  }

  @Override
  public void get(SubRequest<?> request) {
    refresh();
    VariableBinding vb = request.getVariableBinding();
    OID oid = vb.getOid();
    int column = oid.size() > entry.size() && oid.startsWith(entry) ? oid.get(entry.size()) : -1;
    if (!isReadable(column)) {
      vb.setVariable(Null.noSuchObject);
    } else {
      Variable v = value(column, index(oid));
      vb.setVariable(v == null ? Null.noSuchInstance : v);
    }
    request.completed();
  }

  /** GETNEXT without a view filter (SNMP4J-Agent deprecates it in favour of the one below). */
  @Override
  @SuppressWarnings("deprecation")
  public boolean next(SubRequest<?> request) {
    return next(request, oid -> Boolean.TRUE);
  }

  /**
   * GETNEXT and GETBULK: the first cell after the request's bound that {@code filter} (the
   * request's MIB view, RFC 3415) lets the requester see.
   */
  @Override
  public boolean next(SubRequest<?> request, Function<OID, Boolean> filter) {
    refresh();
    VariableBinding found = first(request.getScope(), filter);
    if (found == null) {
      return false;
    }
    request.getVariableBinding().setOid(found.getOid());
    request.getVariableBinding().setVariable(found.getVariable());
    request.completed();
    return true;
  }

  @Override
  public void prepare(SubRequest<?> request) {
    transactions.prepare(request);
  }

  @Override
  public void commit(SubRequest<?> request) {
    transactions.commit(request);
  }

  @Override
  public void undo(SubRequest<?> request) {
    transactions.undo(request);
  }

  @Override
  public void cleanup(SubRequest<?> request) {
    transactions.cleanup(request);
  }

  /** The first cell with a value inside {@code range} that {@code filter} allows, or null. */
  private VariableBinding first(MOScope range, Function<OID, Boolean> filter) {
    OID low = range.getLowerBound();
    boolean inclusive = range.isLowerIncluded();
    int start = 0;
    int[] bound = new int[0];
    if (low != null && compare(low.getValue(), entry.getValue()) > 0) {
      if (!low.startsWith(entry)) {
        return null;
      }
      int column = low.size() > entry.size() ? low.get(entry.size()) : 0;
      start = firstReadableFrom(column);
      if (start < readable.length && readable[start] == column) {
        bound = index(low);
      } else {
        inclusive = true;
      }
    }
    for (int c = start; c < readable.length; c++) {
      int[] row = ceilingRow(bound, inclusive);
      while (row != null) {
        OID cell = cell(readable[c], row);
        if (beyond(cell, range)) {
          return null;
        }
        if (filter.apply(cell)) {
          Variable v = value(readable[c], row);
          if (v != null) {
            return new VariableBinding(cell, v);
          }
        }
        row = ceilingRow(row, false);
      }
      bound = new int[0];
      inclusive = true;
    }
    return null;
  }

  private static boolean beyond(OID cell, MOScope range) {
    OID upper = range.getUpperBound();
    if (upper == null) {
      return false;
    }
    int c = compare(cell.getValue(), upper.getValue());
    return c > 0 || (c == 0 && !range.isUpperIncluded());
  }

  private int firstReadableFrom(int column) {
    int i = 0;
    while (i < readable.length && Integer.compareUnsigned(readable[i], column) < 0) {
      i++;
    }
    return i;
  }

  private boolean isReadable(int column) {
    for (int c : readable) {
      if (c == column) {
        return true;
      }
    }
    return false;
  }

  OID cell(int column, int[] index) {
    OID o = new OID(entry);
    o.append(column);
    for (int i : index) {
      o.append(i);
    }
    return o;
  }

  /** The index part of a cell OID (what follows entry.column). */
  int[] index(OID cell) {
    int from = entry.size() + 1;
    if (cell.size() <= from) {
      return new int[0];
    }
    int[] idx = new int[cell.size() - from];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = cell.get(from + i);
    }
    return idx;
  }

  /** Unsigned lexicographic comparison of sub-identifier arrays (RFC 3416 §4.2.2 ordering). */
  static int compare(int[] a, int[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      int c = Integer.compareUnsigned(a[i], b[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  // ---------------------------------------------------------------- values

  static Integer32 integer(int v) {
    return new Integer32(v);
  }

  /** TimeTicks from meter uptime: above 2^32-1 the constructor throws, so it wraps (sysUpTime). */
  static TimeTicks timeTicks(long centis) {
    return new TimeTicks(centis & UNSIGNED_32_MASK);
  }

  static OctetString octets(byte[] b) {
    return new OctetString(b.clone());
  }

  // ---------------------------------------------------------------- SET checks

  static int ok() {
    return SnmpConstants.SNMP_ERROR_SUCCESS;
  }

  /** wrongType unless an INTEGER / Integer32; wrongValue outside min..max. */
  static int checkInteger(Variable v, long min, long max) {
    if (v.getSyntax() != SMIConstants.SYNTAX_INTEGER) {
      return SnmpConstants.SNMP_ERROR_WRONG_TYPE;
    }
    long x = v.toLong();
    return x < min || x > max ? SnmpConstants.SNMP_ERROR_WRONG_VALUE : ok();
  }

  /** wrongType unless an OCTET STRING; wrongLength outside min..max octets. */
  static int checkOctets(Variable v, int min, int max) {
    if (v.getSyntax() != SMIConstants.SYNTAX_OCTET_STRING) {
      return SnmpConstants.SNMP_ERROR_WRONG_TYPE;
    }
    int n = ((OctetString) v).length();
    return n < min || n > max ? SnmpConstants.SNMP_ERROR_WRONG_LENGTH : ok();
  }

  /** UTF8OwnerString (RFC 2720): at most 127 octets of UTF-8. */
  static int checkOwner(Variable v) {
    int e = checkOctets(v, 0, OwnerText.MAX_OCTETS);
    if (e != ok()) {
      return e;
    }
    return OwnerText.isUtf8(((OctetString) v).getValue()) ? ok()
        : SnmpConstants.SNMP_ERROR_WRONG_VALUE;
  }

  /** RowStatus (RFC 2579): notReady(3) may not be written, nor anything outside 1..6. */
  static int checkRowStatus(Variable v) {
    int e = checkInteger(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
    if (e != ok()) {
      return e;
    }
    return RowStatusValue.settable(v.toInt()) ? ok() : SnmpConstants.SNMP_ERROR_WRONG_VALUE;
  }

  /** TruthValue (RFC 2579): true(1) or false(2). */
  static int checkTruthValue(Variable v) {
    return checkInteger(v, FlowMeterMib.TRUE, FlowMeterMib.FALSE);
  }

  /** wrongType unless TimeTicks. */
  static int checkTimeTicks(Variable v) {
    return v.getSyntax() == SMIConstants.SYNTAX_TIMETICKS ? ok()
        : SnmpConstants.SNMP_ERROR_WRONG_TYPE;
  }

  /** noCreation unless the index is one sub-identifier in 1..max. */
  static int checkSimpleIndex(int[] index, int max) {
    return index.length == 1 && index[0] >= 1 && index[0] <= max ? ok()
        : SnmpConstants.SNMP_ERROR_NO_CREATION;
  }
}
