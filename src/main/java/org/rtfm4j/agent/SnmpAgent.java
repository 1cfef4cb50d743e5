package org.rtfm4j.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.agent.AgentConfigManager;
import org.snmp4j.agent.DefaultMOServer;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOGroup;
import org.snmp4j.agent.MOServer;
import org.snmp4j.agent.mo.snmp.SnmpCommunityMIB;
import org.snmp4j.agent.mo.snmp.StorageType;
import org.snmp4j.agent.mo.snmp.VacmMIB;
import org.snmp4j.agent.security.MutableVACM;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv3;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.transport.DefaultUdpTransportMapping;
import org.snmp4j.util.ThreadPool;

/**
 * The meter's SNMP agent: SNMPv1/v2c over UDP, community {@code public} read-only on the whole
 * tree, optionally one read-write community, and the SNMPv2-MIB system group.
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

  private static final OctetString READ_SECURITY_NAME = new OctetString("rtfm4jRead");
  private static final OctetString WRITE_SECURITY_NAME = new OctetString("rtfm4jWrite");
  private static final OctetString READ_GROUP = new OctetString("rtfm4jReadGroup");
  private static final OctetString WRITE_GROUP = new OctetString("rtfm4jWriteGroup");
  private static final OctetString FULL_VIEW = new OctetString("rtfm4jFullView");
  /** An empty view name grants nothing (RFC 3415 §5: vacmAccessWriteViewName ''). */
  private static final OctetString NO_VIEW = new OctetString();
  /** The only context: the default, empty one (RFC 3411 §3.3.1). */
  private static final OctetString DEFAULT_CONTEXT = new OctetString();
  /** 1.3 covers every object the agent will ever serve (iso.org). */
  private static final OID WHOLE_TREE = new OID("1.3");
  private static final String COMMUNITY_INDEX_PREFIX = "rtfm4j-";

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
    MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
    dispatcher.addTransportMapping(udp);
    ThreadPool pool = ThreadPool.create("rtfm4j-snmp", WORKER_THREADS);
    DefaultMOServer server = new DefaultMOServer();
    FileFreeConfigManager m =
        new FileFreeConfigManager(
            new OctetString(MPv3.createLocalEngineID()),
            dispatcher,
            new MOServer[] {server},
            pool,
            new InMemoryEngineBoots(),
            () -> new SystemGroup(sysDescr(), SYS_OBJECT_ID, SYS_SERVICES, uptimeCentis));
    // Own security models, protocols and counters instead of SNMP4J's JVM-wide singletons, so
    // two agents (tests, or a meter beside a reader) do not share users or counters.
    m.setContext(
        new SecurityModels(),
        new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.maxSecurity),
        new CounterSupport());
    try {
      m.initialize();
      configureSystem(m);
      configureAccess(m);
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

  /**
   * RFC 2720 §5.1: write access lets anyone change what is metered or stop the meter, so without
   * configuration {@code public} reads everything and nothing writes.
   */
  private void configureAccess(AgentConfigManager m) {
    VacmMIB vacm = m.getVacmMIB();
    vacm.addViewTreeFamily(
        FULL_VIEW, WHOLE_TREE, new OctetString(), VacmMIB.vacmViewIncluded,
        StorageType.readOnly);
    addCommunity(m, READ_COMMUNITY, READ_SECURITY_NAME, READ_GROUP, NO_VIEW);
    if (config.rwCommunity() != null) {
      addCommunity(m, config.rwCommunity(), WRITE_SECURITY_NAME, WRITE_GROUP, FULL_VIEW);
    }
  }

  private static void addCommunity(
      AgentConfigManager m,
      String community,
      OctetString securityName,
      OctetString group,
      OctetString writeView) {
    SnmpCommunityMIB communities = m.getSnmpCommunityMIB();
    communities.addSnmpCommunityEntry(
        new OctetString(COMMUNITY_INDEX_PREFIX + securityName),
        new OctetString(community),
        securityName,
        m.getCommandProcessor().getContextEngineID(),
        DEFAULT_CONTEXT,
        new OctetString(),
        StorageType.readOnly);
    VacmMIB vacm = m.getVacmMIB();
    vacm.addGroup(SecurityModel.SECURITY_MODEL_SNMPv1, securityName, group, StorageType.readOnly);
    vacm.addGroup(
        SecurityModel.SECURITY_MODEL_SNMPv2c, securityName, group, StorageType.readOnly);
    vacm.addAccess(
        group,
        DEFAULT_CONTEXT,
        SecurityModel.SECURITY_MODEL_ANY,
        SecurityLevel.NOAUTH_NOPRIV,
        MutableVACM.VACM_MATCH_EXACT,
        FULL_VIEW,
        writeView,
        NO_VIEW,
        StorageType.readOnly);
  }
}
