package org.rtfm4j.client;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rtfm4j.agent.UsmProtocols;
import org.snmp4j.AbstractTarget;
import org.snmp4j.CommunityTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.UserTarget;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv1;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;
import org.snmp4j.util.DefaultPDUFactory;

/**
 * An SNMP session with one meter, for the manager and the meter reader: GET, SET and bulk walks,
 * with every failure turned into a {@link MeterException} that says what happened in plain words.
 * Each client has its own transport and USM, so several meters (and an agent in the same JVM)
 * never share users or engine IDs. Thread-safe: SNMP4J's Snmp is.
 */
public final class MeterClient implements AutoCloseable {
  /** sysUpTime.0 (RFC 3418). */
  public static final OID SYS_UP_TIME = new OID("1.3.6.1.2.1.1.3.0");

  /** Default time to wait for one answer, milliseconds. */
  public static final int DEFAULT_TIMEOUT_MILLIS = 2000;
  /** Default resends after a timeout (net-snmp's default is 5; a meter on loopback needs few). */
  public static final int DEFAULT_RETRIES = 2;

  private final MeterTarget meter;
  private final Snmp snmp;
  private final AbstractTarget<UdpAddress> target;

  private MeterClient(MeterTarget meter, Snmp snmp, AbstractTarget<UdpAddress> target) {
    this.meter = meter;
    this.snmp = snmp;
    this.target = target;
  }

  /** Opens a session (binds a local UDP port); nothing is sent yet. */
  public static MeterClient open(MeterTarget meter, int timeoutMillis, int retries)
      throws IOException {
    Objects.requireNonNull(meter, "meter");
    UdpAddress address = new UdpAddress(InetAddress.getByName(meter.host()), meter.port());
    DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping();
    MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
    dispatcher.addMessageProcessingModel(new MPv1());
    dispatcher.addMessageProcessingModel(new MPv2c());
    AbstractTarget<UdpAddress> target;
    if (meter.version() == MeterTarget.Version.V3) {
      SecurityProtocols protocols = UsmProtocols.protocols(meter.allowInsecure());
      byte[] engineId = MPv3.createLocalEngineID();
      CounterSupport counters = new CounterSupport();
      USM usm = new USM(protocols, new OctetString(engineId), 0, counters);
      SecurityModels models = new SecurityModels();
      models.addSecurityModel(usm);
      dispatcher.addMessageProcessingModel(
          new MPv3(engineId, new DefaultPDUFactory(), protocols, models, counters));
      usm.addUser(new UsmUser(text(meter.user()),
          meter.auth() == null ? null : UsmProtocols.authId(meter.auth()),
          meter.authPassphrase() == null ? null : text(meter.authPassphrase()),
          meter.priv() == null ? null : UsmProtocols.privId(meter.priv()),
          meter.privPassphrase() == null ? null : text(meter.privPassphrase())));
      UserTarget<UdpAddress> t = new UserTarget<>();
      t.setSecurityName(text(meter.user()));
      t.setSecurityLevel(switch (meter.level()) {
        case NO_AUTH_NO_PRIV -> SecurityLevel.NOAUTH_NOPRIV;
        case AUTH_NO_PRIV -> SecurityLevel.AUTH_NOPRIV;
        case AUTH_PRIV -> SecurityLevel.AUTH_PRIV;
      });
      t.setVersion(SnmpConstants.version3);
      target = t;
    } else {
      CommunityTarget<UdpAddress> t = new CommunityTarget<>();
      t.setCommunity(text(meter.community()));
      t.setVersion(meter.version() == MeterTarget.Version.V1
          ? SnmpConstants.version1 : SnmpConstants.version2c);
      target = t;
    }
    target.setAddress(address);
    target.setTimeout(timeoutMillis);
    target.setRetries(retries);
    Snmp snmp = new Snmp(dispatcher, transport);
    snmp.listen();
    return new MeterClient(meter, snmp, target);
  }

  /** The meter this client talks to. */
  public MeterTarget meter() {
    return meter;
  }

  /** The values of {@code oids}, in order; a missing object comes back as noSuchObject/Instance. */
  public List<VariableBinding> get(List<OID> oids) throws MeterException {
    PDU pdu = newPdu(PDU.GET);
    for (OID oid : oids) {
      pdu.add(new VariableBinding(oid));
    }
    return new ArrayList<>(send(pdu, "GET").getVariableBindings());
  }

  /** One value. */
  public Variable get(OID oid) throws MeterException {
    return get(List.of(oid)).get(0).getVariable();
  }

  /** The meter's sysUpTime, centiseconds: its clock for TimeStamps and TimeFilters. */
  public long sysUpTime() throws MeterException {
    Variable v = get(SYS_UP_TIME);
    if (v instanceof TimeTicks t) {
      return t.getValue();
    }
    throw new MeterException(meter, MeterException.Kind.PROTOCOL, 0, 0, SYS_UP_TIME,
        "meter " + meter.address() + " gave no sysUpTime (" + v + ")");
  }

  /** Sets every binding in one request: all change or none (RFC 3416 §4.2.5). */
  public void set(List<VariableBinding> bindings) throws MeterException {
    PDU pdu = newPdu(PDU.SET);
    pdu.addAll(bindings);
    send(pdu, "SET");
  }

  /**
   * One GETBULK of {@code oids} (non-repeaters 0, max-repetitions {@code maxRepetitions}): the
   * bindings as the meter returned them, repetition by repetition. On SNMPv1, one GETNEXT.
   */
  public List<VariableBinding> getBulk(List<OID> oids, int maxRepetitions) throws MeterException {
    if (meter.version() == MeterTarget.Version.V1) {
      return getNext(oids);
    }
    PDU pdu = newPdu(PDU.GETBULK);
    pdu.setMaxRepetitions(maxRepetitions);
    pdu.setNonRepeaters(0);
    for (OID oid : oids) {
      pdu.add(new VariableBinding(oid));
    }
    return new ArrayList<>(send(pdu, "GETBULK").getVariableBindings());
  }

  /** One GETNEXT of every OID in {@code oids}, in one request. */
  public List<VariableBinding> getNext(List<OID> oids) throws MeterException {
    PDU pdu = newPdu(PDU.GETNEXT);
    for (OID oid : oids) {
      pdu.add(new VariableBinding(oid));
    }
    return new ArrayList<>(send(pdu, "GETNEXT").getVariableBindings());
  }

  /** Receives the bindings of a walk in order; returns false to stop early. */
  @FunctionalInterface
  public interface WalkVisitor {
    boolean visit(VariableBinding binding) throws MeterException;
  }

  /**
   * Walks the objects after {@code start} that lie under {@code subtree}, with GETBULK
   * (max-repetitions {@code maxRepetitions}) on v2c/v3 and GETNEXT on v1.
   *
   * @return the number of bindings visited
   */
  public int walk(OID start, OID subtree, int maxRepetitions, WalkVisitor visitor)
      throws MeterException {
    OID next = start;
    int n = 0;
    while (true) {
      PDU pdu;
      if (meter.version() == MeterTarget.Version.V1) {
        pdu = newPdu(PDU.GETNEXT);
      } else {
        pdu = newPdu(PDU.GETBULK);
        pdu.setMaxRepetitions(maxRepetitions);
        pdu.setNonRepeaters(0);
      }
      pdu.add(new VariableBinding(next));
      PDU response = send(pdu, "walk");
      if (response.size() == 0) {
        return n;
      }
      for (VariableBinding vb : response.getVariableBindings()) {
        if (vb.getVariable().isException() || !vb.getOid().startsWith(subtree)
            || vb.getOid().compareTo(next) <= 0) {
          return n;
        }
        n++;
        if (!visitor.visit(vb)) {
          return n;
        }
        next = vb.getOid();
      }
    }
  }

  /** Walks everything under {@code subtree}. */
  public int walk(OID subtree, int maxRepetitions, WalkVisitor visitor) throws MeterException {
    return walk(subtree, subtree, maxRepetitions, visitor);
  }

  @Override
  public void close() {
    try {
      snmp.close();
    } catch (IOException e) {
      // Closing a UDP socket that is already gone: nothing is lost.
    }
  }

  private PDU newPdu(int type) {
    PDU pdu = meter.version() == MeterTarget.Version.V3 ? new ScopedPDU() : new PDU();
    pdu.setType(type);
    return pdu;
  }

  private PDU send(PDU pdu, String what) throws MeterException {
    ResponseEvent<UdpAddress> event;
    try {
      event = snmp.send(pdu, target);
    } catch (IOException e) {
      throw new MeterException(meter, MeterException.Kind.PROTOCOL, 0, 0, null,
          "cannot send a " + what + " to meter " + meter.address() + ": " + e.getMessage());
    }
    PDU response = event == null ? null : event.getResponse();
    if (response == null) {
      if (event != null && event.getError() != null) {
        throw new MeterException(meter, MeterException.Kind.PROTOCOL, 0, 0, null,
            "meter " + meter.address() + ": " + what + " failed: "
                + event.getError().getMessage());
      }
      throw new MeterException(meter, MeterException.Kind.TIMEOUT, 0, 0, null,
          "meter " + meter.address() + " did not answer a " + what + " within "
              + timeoutSeconds() + " s (is it running there, and is the " + meter.identity()
              + " one it accepts?)");
    }
    if (response.getType() == PDU.REPORT) {
      throw new MeterException(meter, MeterException.Kind.REPORT, 0, 0, reportOid(response),
          "meter " + meter.address() + " refused " + meter.identity() + ": "
              + Reports.explain(reportOid(response)));
    }
    int status = response.getErrorStatus();
    if (status != PDU.noError) {
      int index = response.getErrorIndex();
      OID failed = index >= 1 && index <= pdu.size() ? pdu.get(index - 1).getOid() : null;
      throw new MeterException(meter, MeterException.Kind.ERROR_STATUS, status, index, failed,
          "meter " + meter.address() + " refused the " + what + ": "
              + ErrorStatus.name(status) + (failed == null ? "" : " for " + failed)
              + " (" + ErrorStatus.explain(status) + ")");
    }
    return response;
  }

  private String timeoutSeconds() {
    double s = target.getTimeout() * (target.getRetries() + 1) / 1000.0;
    return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
  }

  private static OID reportOid(PDU report) {
    return report.size() == 0 ? null : report.get(0).getOid();
  }

  private static OctetString text(String s) {
    return new OctetString(s.getBytes(StandardCharsets.UTF_8));
  }
}
