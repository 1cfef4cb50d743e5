package org.rtfm4j.mib;

import java.util.function.Function;
import org.snmp4j.agent.DefaultMOScope;
import org.snmp4j.agent.MOQuery;
import org.snmp4j.agent.MOQueryWithSource;
import org.snmp4j.agent.MOScope;
import org.snmp4j.agent.mo.GenericManagedObject;
import org.snmp4j.agent.request.SubRequest;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * A read-only conceptual table whose instances are computed on each request from live data
 * instead of being stored as rows: the subclass says which instance follows an OID and what an
 * instance holds. SNMP4J-Agent's DefaultMOTable would need every index of every row up front; a
 * TimeFilter index (RFC 4502) has one conceptual row per flow and past sysUpTime value, and the
 * data package index a selector no agent could list.
 */
abstract class ComputedTable implements GenericManagedObject {
  private final OID table;
  private final MOScope scope;

  /** A table registered at {@code table} (the OID of its SEQUENCE OF object). */
  ComputedTable(OID table) {
    this.table = table;
    this.scope = new DefaultMOScope(table, true, table.nextPeer(), false);
  }

  /** An instance found: its OID and, when asked for, its value. */
  static final class Instance {
    /** False when only the OID is wanted (a lookup): the value is then not computed. */
    final boolean valueWanted;
    OID oid;
    Variable value;

    Instance(boolean valueWanted) {
      this.valueWanted = valueWanted;
    }

    Instance() {
      this(true);
    }

    void set(OID oid, Variable value) {
      this.oid = oid;
      this.value = value;
    }
  }

  /** Per worker thread: the OID the request's view was last found to include. */
  private final ThreadLocal<Approved> approved = ThreadLocal.withInitial(Approved::new);

  /**
   * Finds the first instance after {@code lower} (at it, when {@code inclusive}) in this table,
   * in lexicographic order.
   *
   * @param request the SNMP request (lets work be shared by its varbinds), or null
   * @return false when the table holds no instance after {@code lower}
   */
  abstract boolean next(OID lower, boolean inclusive, Object request, Instance out);

  /**
   * The value of exactly {@code oid}: {@link org.snmp4j.smi.Null#noSuchInstance} or
   * {@link org.snmp4j.smi.Null#noSuchObject} when it does not exist.
   */
  abstract Variable get(OID oid, Object request);

  /** The table's OID. */
  final OID tableOid() {
    return table;
  }

  @Override
  public MOScope getScope() {
    return scope;
  }

  @Override
  public OID find(MOScope range) {
    Instance out = new Instance(false);
    if (next(range.getLowerBound(), range.isLowerIncluded(), null, out)
        && belowUpperBound(range, out.oid)) {
      return out.oid;
    }
    return null;
  }

  /**
   * The lookup that precedes every GETNEXT and GETBULK varbind (SNMP4J-Agent asks whether this
   * table has an instance the caller may see before it asks for the instance): finds the OID
   * without computing its value, for the request the query comes from, so the search is
   * remembered for the {@link #next(SubRequest, Function)} that follows.
   */
  @Override
  public OID find(MOQuery query, Function<OID, Boolean> filter) {
    Object request = query instanceof MOQueryWithSource q ? q.getSource() : null;
    OID lower = query.getLowerBound();
    boolean inclusive = query.isLowerIncluded();
    Instance out = new Instance(false);
    while (next(lower, inclusive, request, out)) {
      if (!belowUpperBound(query, out.oid)) {
        return null;
      }
      if (filter == null || filter.apply(out.oid)) {
        approved.get().set(request, out.oid);
        return out.oid;
      }
      lower = out.oid;
      inclusive = false;
    }
    return null;
  }

  @Override
  public void get(SubRequest<?> request) {
    VariableBinding vb = request.getVariableBinding();
    vb.setVariable(get(vb.getOid(), request.getRequest()));
    request.completed();
  }

  @Override
  public boolean next(SubRequest<?> request) {
    return next(request, null);
  }

  /**
   * GETNEXT and each GETBULK repetition: the first instance after the request's lower bound that
   * the caller's view ({@code filter}, VACM) lets it see.
   */
  @Override
  public boolean next(SubRequest<?> request, Function<OID, Boolean> filter) {
    MOScope range = request.getScope();
    OID lower = range.getLowerBound();
    boolean inclusive = range.isLowerIncluded();
    Instance out = new Instance();
    while (next(lower, inclusive, request.getRequest(), out)) {
      if (!belowUpperBound(range, out.oid)) {
        return false;
      }
      if (filter == null || approved.get().includes(request.getRequest(), out.oid)
          || filter.apply(out.oid)) {
        VariableBinding vb = request.getVariableBinding();
        vb.setOid(out.oid);
        vb.setVariable(out.value);
        request.completed();
        return true;
      }
      lower = out.oid;
      inclusive = false;
    }
    return false;
  }

  /**
   * The view check (VACM) that {@link #find(MOQuery, Function)} passed, so the same request's
   * {@link #next(SubRequest, Function)} need not repeat it for the same OID.
   */
  private static final class Approved {
    private Object request;
    private OID oid;

    void set(Object request, OID oid) {
      this.request = request;
      this.oid = request == null ? null : oid;
    }

    boolean includes(Object request, OID oid) {
      return request != null && request == this.request && oid.equals(this.oid);
    }
  }

  private static boolean belowUpperBound(MOScope range, OID oid) {
    OID upper = range.getUpperBound();
    if (upper == null) {
      return true;
    }
    int c = oid.compareTo(upper);
    return c < 0 || (c == 0 && range.isUpperIncluded());
  }

  /** Every column is read-only (RFC 2720 flowData): RFC 3416 §4.2.5 notWritable. */
  @Override
  public void prepare(SubRequest<?> request) {
    request.getStatus().setErrorStatus(SnmpConstants.SNMP_ERROR_NOT_WRITEABLE);
  }

  /** Never reached: prepare refuses every SET. */
  @Override
  public void commit(SubRequest<?> request) {
    request.getStatus().setErrorStatus(SnmpConstants.SNMP_ERROR_COMMIT_FAILED);
  }

  @Override
  public void undo(SubRequest<?> request) {
    request.getStatus().setPhaseComplete(true);
  }

  @Override
  public void cleanup(SubRequest<?> request) {
    request.getStatus().setPhaseComplete(true);
  }

  /** Sub-identifier {@code i} of {@code oid} as the unsigned 32-bit number it is. */
  static long unsigned(OID oid, int i) {
    return oid.get(i) & 0xFFFF_FFFFL;
  }

  /** An instance OID: {@code prefix} followed by {@code subids}. */
  static OID instanceOid(OID prefix, int... subids) {
    int n = prefix.size();
    int[] value = new int[n + subids.length];
    System.arraycopy(prefix.getValue(), 0, value, 0, n);
    System.arraycopy(subids, 0, value, n, subids.length);
    return new InstanceOid(value);
  }
}
