package org.rtfm4j.mib;

import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.IntUnaryOperator;
import org.rtfm4j.meter.Meter;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOAccess;
import org.snmp4j.agent.MOGroup;
import org.snmp4j.agent.MOServer;
import org.snmp4j.agent.mo.MOAccessImpl;
import org.snmp4j.agent.mo.MOScalar;
import org.snmp4j.agent.mo.MOValueValidationEvent;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

/**
 * The flowControl scalars of the Meter MIB (RFC 2720 §4, flowControl 5..9) read live from a
 * {@link Meter}: flowFloodMark, flowInactivityTimeout, flowActiveFlows, flowMaxFlows and
 * flowFloodMode.
 *
 * <p>Writes are checked in the prepare phase (wrongType for another syntax, wrongValue outside the
 * MIB's range) and reach the meter only in the commit phase, so a SET that fails for one variable
 * changes none. flowFloodMode accepts only false(2): RFC 2720 lets a manager leave flood mode,
 * entering it is the meter's decision (RFC 2722 §4.6), so true(1) is refused with
 * inconsistentValue.
 */
public final class FlowMeterMib implements MOGroup {

  /** flowControl (RFC 2720: flowMIB 1). */
  public static final OID OID_FLOW_CONTROL = new OID("1.3.6.1.2.1.40.1");
  /** flowFloodMark.0, read-write Integer32 (0..100). */
  public static final OID OID_FLOW_FLOOD_MARK = new OID("1.3.6.1.2.1.40.1.5.0");
  /** flowInactivityTimeout.0, read-write Integer32, seconds. */
  public static final OID OID_FLOW_INACTIVITY_TIMEOUT = new OID("1.3.6.1.2.1.40.1.6.0");
  /** flowActiveFlows.0, read-only Integer32. */
  public static final OID OID_FLOW_ACTIVE_FLOWS = new OID("1.3.6.1.2.1.40.1.7.0");
  /** flowMaxFlows.0, read-only Integer32. */
  public static final OID OID_FLOW_MAX_FLOWS = new OID("1.3.6.1.2.1.40.1.8.0");
  /** flowFloodMode.0, read-write TruthValue. */
  public static final OID OID_FLOW_FLOOD_MODE = new OID("1.3.6.1.2.1.40.1.9.0");

  /** TruthValue true(1) (RFC 2579). */
  public static final int TRUE = 1;
  /** TruthValue false(2) (RFC 2579). */
  public static final int FALSE = 2;

  /** flowFloodMark is a percentage (RFC 2720: SYNTAX Integer32 (0..100)). */
  private static final int PERCENT_MAX = 100;

  private final List<MOScalar<Integer32>> scalars;

  /** The scalars of {@code meter}; nothing is copied, every GET reads the meter. */
  public FlowMeterMib(Meter meter) {
    Objects.requireNonNull(meter, "meter");
    scalars = List.of(
        new LiveScalar(OID_FLOW_FLOOD_MARK, meter::floodMark, meter::setFloodMark,
            v -> v < 0 || v > PERCENT_MAX ? SnmpConstants.SNMP_ERROR_WRONG_VALUE : ok()),
        new LiveScalar(OID_FLOW_INACTIVITY_TIMEOUT, () -> meter.flowTable().inactivityTimeout(),
            s -> meter.flowTable().setInactivityTimeout(s),
            // A negative timeout has no meaning; the MIB leaves the range open above 0.
            v -> v < 0 ? SnmpConstants.SNMP_ERROR_WRONG_VALUE : ok()),
        new LiveScalar(OID_FLOW_ACTIVE_FLOWS, () -> meter.flowTable().activeFlows(), null, null),
        new LiveScalar(OID_FLOW_MAX_FLOWS, () -> meter.flowTable().maxFlows(), null, null),
        new LiveScalar(OID_FLOW_FLOOD_MODE, () -> meter.floodMode() ? TRUE : FALSE,
            v -> meter.setFloodMode(v == TRUE),
            FlowMeterMib::checkFloodMode));
  }

  /** RFC 2720 flowFloodMode: a manager "may set flowFloodMode to false(2)", nothing else. */
  private static int checkFloodMode(int v) {
    if (v == FALSE) {
      return ok();
    }
    return v == TRUE
        ? SnmpConstants.SNMP_ERROR_INCONSISTENT_VALUE
        : SnmpConstants.SNMP_ERROR_WRONG_VALUE;
  }

  private static int ok() {
    return SnmpConstants.SNMP_ERROR_SUCCESS;
  }

  @Override
  public void registerMOs(MOServer server, OctetString context)
      throws DuplicateRegistrationException {
    for (MOScalar<Integer32> s : scalars) {
      server.register(s, context);
    }
  }

  @Override
  public void unregisterMOs(MOServer server, OctetString context) {
    for (MOScalar<Integer32> s : scalars) {
      server.unregister(s, context);
    }
  }

  /**
   * One Integer32 scalar whose value lives in the meter. MOScalar checks the syntax against the
   * template value (wrongType) and asks the validator (wrongValue and others) in prepare; it
   * calls {@link #setValue} only in commit and undo.
   */
  private static final class LiveScalar extends MOScalar<Integer32> {
    private final IntSupplier reader;
    private final IntConsumer writer;

    LiveScalar(OID oid, IntSupplier reader, IntConsumer writer, IntUnaryOperator validator) {
      super(oid, access(writer), new Integer32(0));
      this.reader = reader;
      this.writer = writer;
      setVolatile(true);
      if (validator != null) {
        addMOValueValidationListener((MOValueValidationEvent e) ->
            e.setValidationStatus(e.getNewValue() instanceof Integer32 v
                ? validator.applyAsInt(v.getValue())
                : SnmpConstants.SNMP_ERROR_WRONG_TYPE));
      }
    }

    private static MOAccess access(IntConsumer writer) {
      return writer == null ? MOAccessImpl.ACCESS_READ_ONLY : MOAccessImpl.ACCESS_READ_WRITE;
    }

    @Override
    public Integer32 getValue() {
      return new Integer32(reader.getAsInt());
    }

    @Override
    public int setValue(Integer32 newValue) {
      if (writer == null) {
        return SnmpConstants.SNMP_ERROR_NOT_WRITEABLE;
      }
      writer.accept(newValue.getValue());
      return SnmpConstants.SNMP_ERROR_SUCCESS;
    }
  }
}
