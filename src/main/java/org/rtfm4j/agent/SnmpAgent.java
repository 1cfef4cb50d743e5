package org.rtfm4j.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.SNMP4JSettings;
import org.snmp4j.agent.AgentConfigManager;
import org.snmp4j.agent.DefaultMOServer;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOGroup;
import org.snmp4j.agent.MOServer;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv3;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.transport.DefaultUdpTransportMapping;
import org.snmp4j.util.ThreadPool;

/**
 * The meter's SNMP agent: SNMPv1/v2c and SNMPv3 (USM) over UDP with VACM access control, and the
 * SNMPv2-MIB system group. Without a configuration file community {@code public} reads the whole
 * tree and nothing writes; optionally one read-write community.
 */
public final class SnmpAgent implements AutoCloseable {

  /** The read-only community every meter answers (RFC 2720 §5.1: reading is the common use). */
  public static final String READ_COMMUNITY = "public";

  /** flowMIB (RFC 2720 §4: mib-2 40); rtfm4j has no enterprise number, so it names the MIB. */
  public static final OID SYS_OBJECT_ID = new OID("1.3.6.1.2.1.40");

  /** sysServices (RFC 3418): end-to-end (layer 4, 8) plus applications (layer 7, 64). */
  static final int SYS_SERVICES = 8 + 64;

  /** Requests are small and few; two workers keep one slow SET from blocking GETs. */
  private static final int WORKER_THREADS = 2;

  /**
   * SO_RCVBUF of the agent's socket. The one thread that reads it decodes and counts a bad
   * community or an unknown user in 30 to 70 us, but it is not always running: with the
   * kernel's default buffer (208 KiB, a few hundred small datagrams on loopback) a storm of
   * 10,000 such datagrams a second overflowed it whenever the thread was held up for some 20
   * ms, and the kernel dropped what came next, a legitimate manager's SET included
   * (StormTest). 4 MiB holds a backlog of a few hundred milliseconds; the kernel caps it at
   * net.core.rmem_max.
   */
  static final int RECEIVE_BUFFER_OCTETS = 4 << 20;

  static {
    // An unknown user, unknown engine or wrong digest cannot be answered at the request's own
    // security level, so SNMP4J's standard strategy sends nothing and the manager only sees a
    // timeout. RFC 3414 §3.2 (steps 3, 4, 6) counts these in usmStats* and hands the counter
    // back for a Report; this strategy sends that Report at noAuthNoPriv (the RFC 3414 §11.4
    // risk of an unauthenticated report), as net-snmp's snmpd does. The setting is a static of
    // SNMP4JSettings, not part of the per-agent context, so it is set once here for every agent
    // (and any SNMP4J client) in this JVM; clients only get more lenient about accepting such
    // reports, which is what net-snmp's tools do too.
    SNMP4JSettings.setReportSecurityLevelStrategy(
        SNMP4JSettings.ReportSecurityLevelStrategy.noAuthNoPrivIfNeeded);
  }

  private final AgentConfig config;
  private final LongSupplier uptimeCentis;
  private final List<MOGroup> groups = new ArrayList<>();
  private ThreadPool workers;
  private DefaultUdpTransportMapping transport;
  private AgentConfigManager manager;

  /**
   * An agent that is not yet listening.
   *
   * @param config where to listen and what to say
   * @param uptimeCentis sysUpTime source: meter uptime in centiseconds (RFC 2720 §4)
   */
  public SnmpAgent(AgentConfig config, LongSupplier uptimeCentis) {
    this.config = Objects.requireNonNull(config, "config");
    this.uptimeCentis = Objects.requireNonNull(uptimeCentis, "uptimeCentis");
  }

  /** The sysDescr this agent answers. */
  public String sysDescr() {
    return "rtfm4j " + config.version() + " RTFM traffic flow meter (RFC 2722)";
  }

  /**
   * Adds managed objects (a MIB module such as the Meter MIB) to serve in the default context.
   *
   * @throws IllegalStateException once the agent has started
   */
  public synchronized void register(MOGroup group) {
    Objects.requireNonNull(group, "group");
    if (manager != null) {
      throw new IllegalStateException("register MIB groups before start()");
    }
    groups.add(group);
  }

  /** Binds the UDP port and starts answering; fails if the address cannot be bound. */
  public synchronized void start() throws IOException {
    if (manager != null) {
      throw new IllegalStateException("agent already started");
    }
    InetSocketAddress a = config.address();
    DefaultUdpTransportMapping udp =
        new DefaultUdpTransportMapping(new UdpAddress(a.getAddress(), a.getPort()), false);
    udp.setReceiveBufferSize(RECEIVE_BUFFER_OCTETS);
    MessageDispatcherImpl dispatcher = new AgentDispatcher();
    dispatcher.addTransportMapping(udp);
    ThreadPool pool = ThreadPool.create("rtfm4j-snmp", WORKER_THREADS);
    DefaultMOServer server = new DefaultMOServer();
    OctetString engineId = new OctetString(MPv3.createLocalEngineID());
    AccessControl access = config.effectiveAccess();
    FileFreeConfigManager m =
        new FileFreeConfigManager(
            engineId,
            dispatcher,
            new MOServer[] {server},
            pool,
            new InMemoryEngineBoots(),
            () -> new SystemGroup(sysDescr(), SYS_OBJECT_ID, SYS_SERVICES, uptimeCentis));
    // Own security models, protocols and counters instead of SNMP4J's JVM-wide singletons, so
    // two agents (tests, or a meter beside a reader) do not share users, protocols or counters.
    m.setContext(
        new SecurityModels(),
        UsmProtocols.protocols(access.allowInsecureProtocols()),
        new CounterSupport());
    try {
      m.initialize();
      configureSystem(m);
      AccessInstaller.install(access, m, engineId);
      for (MOGroup g : groups) {
        g.registerMOs(server, null);
      }
      m.run();
      if (!udp.isListening()) {
        throw new IOException("SNMP agent could not listen on " + a);
      }
    } catch (RuntimeException | IOException e) {
      m.shutdown();
      pool.stop();
      throw e;
    } catch (DuplicateRegistrationException e) {
      m.shutdown();
      pool.stop();
      throw new IllegalStateException("two MIB groups serve the same object: " + e.getMessage(), e);
    }
    workers = pool;
    transport = udp;
    manager = m;
  }

  /** The address and port the agent listens on (the real port when started with port 0). */
  public synchronized InetSocketAddress address() {
    if (transport == null) {
      throw new IllegalStateException("agent not started");
    }
    // DefaultUdpTransportMapping answers from its bound socket: port 0 reads back as the real one.
    UdpAddress bound = transport.getListenAddress();
    return new InetSocketAddress(bound.getInetAddress(), bound.getPort());
  }

  /** Stops answering and releases the port and every agent thread; safe to call twice. */
  public synchronized void stop() {
    if (manager == null) {
      return;
    }
    manager.shutdown();
    // ThreadPool workers are not daemon threads: without stop() the JVM never exits.
    workers.stop();
    manager = null;
    transport = null;
    workers = null;
  }

  @Override
  public void close() {
    stop();
  }

  private void configureSystem(AgentConfigManager m) {
    m.getSNMPv2MIB().setContact(new OctetString(config.sysContact()));
    m.getSNMPv2MIB().setName(new OctetString(config.sysName()));
    m.getSNMPv2MIB().setLocation(new OctetString(config.sysLocation()));
  }
}
