package org.rtfm4j.mib;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.rtfm4j.meter.Meter;
import org.rtfm4j.meter.MeterStatistics;
import org.rtfm4j.meter.MeterStatistics.Disposition;
import org.rtfm4j.packet.MalformedReason;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOGroup;
import org.snmp4j.agent.MOServer;
import org.snmp4j.agent.mo.DefaultMOTable;
import org.snmp4j.agent.mo.DefaultMOTableModel;
import org.snmp4j.agent.mo.MOAccessImpl;
import org.snmp4j.agent.mo.MOColumn;
import org.snmp4j.agent.mo.MOScalar;
import org.snmp4j.agent.mo.MOTableIndex;
import org.snmp4j.agent.mo.MOTableRow;
import org.snmp4j.agent.mo.MOTableSubIndex;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.SMIConstants;
import org.snmp4j.smi.Variable;

/**
 * RTFM4J-METER-MIB (mibs/RTFM4J-METER-MIB.txt): what the meter did with the packets it read, the
 * figures {@code --stats-out} writes, read live from the {@link Meter}. RFC 2720 has no objects
 * for them, so they live in their own module.
 */
public final class MeterStatisticsMib implements MOGroup {

  /** rtfm4jMeterMIB: experimental 2722 (not assigned by IANA; see the module). */
  public static final OID OID_MODULE = new OID("1.3.6.1.3.2722");
  /** rtfm4jPackets: the per-disposition packet counters. */
  public static final OID OID_PACKETS = new OID("1.3.6.1.3.2722.1.1");
  /** rtfm4jFlows: flows created, recovered, refused. */
  public static final OID OID_FLOWS = new OID("1.3.6.1.3.2722.1.2");
  /** rtfm4jMalformedEntry. */
  public static final OID OID_MALFORMED_ENTRY = new OID("1.3.6.1.3.2722.1.3.1");

  private static final int MALFORMED_REASON_COLUMN = 2;
  private static final int MALFORMED_PACKETS_COLUMN = 3;

  private final List<MOScalar<? extends Variable>> objects = new ArrayList<>();
  private final DefaultMOTable<MalformedRow, MOColumn<Variable>, DefaultMOTableModel<MalformedRow>>
      malformedTable;

  /** The statistics of {@code meter}; every GET reads the meter. */
  public MeterStatisticsMib(Meter meter) {
    Objects.requireNonNull(meter, "meter");
    MeterStatistics s = meter.statistics();
    // The order of rtfm4jPackets 1..11 in the module.
    counter(OID_PACKETS, 1, s::read);
    counter(OID_PACKETS, 2, () -> s.get(Disposition.COUNTED));
    counter(OID_PACKETS, 3, () -> s.get(Disposition.IGNORED));
    counter(OID_PACKETS, 4, () -> s.get(Disposition.NON_IP));
    counter(OID_PACKETS, 5, () -> s.get(Disposition.UNSUPPORTED_LINK));
    counter(OID_PACKETS, 6, () -> s.get(Disposition.MALFORMED));
    counter(OID_PACKETS, 7, () -> s.get(Disposition.NOT_SAMPLED));
    counter(OID_PACKETS, 8, () -> s.get(Disposition.REFUSED));
    counter(OID_PACKETS, 9, () -> s.get(Disposition.PME_ERROR));
    counter(OID_PACKETS, 10, s::truncated);
    counter(OID_PACKETS, 11, s::countedOctets);
    counter(OID_FLOWS, 1, () -> meter.flowTable().createdFlows());
    counter(OID_FLOWS, 2, () -> meter.flowTable().recoveredFlows());
    counter(OID_FLOWS, 3, () -> meter.flowTable().refusedFlows());
    DefaultMOTableModel<MalformedRow> model = new DefaultMOTableModel<>();
    for (MalformedReason r : MalformedReason.values()) {
      model.addRow(new MalformedRow(r, s));
    }
    @SuppressWarnings("unchecked")
    MOColumn<Variable>[] columns = new MOColumn[] {
        new MOColumn<>(MALFORMED_REASON_COLUMN, SMIConstants.SYNTAX_OCTET_STRING,
            MOAccessImpl.ACCESS_READ_ONLY),
        new MOColumn<>(MALFORMED_PACKETS_COLUMN, SMIConstants.SYNTAX_COUNTER64,
            MOAccessImpl.ACCESS_READ_ONLY)};
    malformedTable = new DefaultMOTable<>(OID_MALFORMED_ENTRY,
        new MOTableIndex(new MOTableSubIndex[] {new MOTableSubIndex(SMIConstants.SYNTAX_INTEGER)}),
        columns, model);
    malformedTable.setVolatile(true);
  }

  private void counter(OID group, int object, LongSupplier value) {
    objects.add(new LiveCounter(new OID(group).append(object).append(0), value));
  }

  @Override
  public void registerMOs(MOServer server, OctetString context)
      throws DuplicateRegistrationException {
    for (MOScalar<? extends Variable> o : objects) {
      server.register(o, context);
    }
    server.register(malformedTable, context);
  }

  @Override
  public void unregisterMOs(MOServer server, OctetString context) {
    for (MOScalar<? extends Variable> o : objects) {
      server.unregister(o, context);
    }
    server.unregister(malformedTable, context);
  }

  /**
   * One malformed reason: its index is its number (ordinal + 1, the order of MalformedReason), its
   * count read from the meter at each request.
   */
  private static final class MalformedRow implements MOTableRow {
    private final OID index;
    private final OctetString name;
    private final MalformedReason reason;
    private final MeterStatistics statistics;

    MalformedRow(MalformedReason reason, MeterStatistics statistics) {
      this.index = new OID(new int[] {reason.ordinal() + 1});
      this.name = new OctetString(reason.name());
      this.reason = reason;
      this.statistics = statistics;
    }

    @Override
    public OID getIndex() {
      return index;
    }

    @Override
    public Variable getValue(int column) {
      return column == 0 ? name : new Counter64(statistics.malformed(reason));
    }

    @Override
    public MOTableRow getBaseRow() {
      return null;
    }

    @Override
    public void setBaseRow(MOTableRow baseRow) {
      throw new UnsupportedOperationException("a read-only row has no base row");
    }

    @Override
    public int size() {
      return 2;
    }
  }

  /** A read-only Counter64 read from the meter at each request. */
  private static final class LiveCounter extends MOScalar<Counter64> {
    private final LongSupplier value;

    LiveCounter(OID oid, LongSupplier value) {
      super(oid, MOAccessImpl.ACCESS_READ_ONLY, new Counter64(0));
      this.value = value;
      setVolatile(true);
    }

    @Override
    public Counter64 getValue() {
      return new Counter64(value.getAsLong());
    }
  }
}
