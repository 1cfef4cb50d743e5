package org.rtfm4j.agent;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What the agent needs to start: where it listens, the optional read-write community, the
 * administrative values of the SNMPv2-MIB system group and who may do what (communities, USM
 * users, VACM views).
 *
 * @param address UDP address to bind; port 0 picks a free port
 * @param rwCommunity community with full read-write access, or null for none (the default: RFC
 *     2720 §5.1 warns that write access lets anyone reconfigure or stop the meter)
 * @param version rtfm4j version shown in sysDescr
 * @param sysContact initial sysContact
 * @param sysName initial sysName
 * @param sysLocation initial sysLocation
 * @param access communities, users and views; {@link AccessControl#readOnlyPublic()} unless a
 *     configuration file says otherwise
 */
public record AgentConfig(
    InetSocketAddress address,
    String rwCommunity,
    String version,
    String sysContact,
    String sysName,
    String sysLocation,
    AccessControl access) {

  /** Loopback only unless told otherwise (RFC 2720 §5: keep the meter off the network). */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Unprivileged port so the meter needs no root to serve SNMP. */
  public static final int DEFAULT_PORT = 16161;

  /** Shown when the jar manifest carries no version (running from classes). */
  static final String UNKNOWN_VERSION = "unknown";

  /**
   * Validates; the read-write community must differ from {@code public} and from every community
   * the access control already has (one community, one meaning).
   */
  public AgentConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(sysContact, "sysContact");
    Objects.requireNonNull(sysName, "sysName");
    Objects.requireNonNull(sysLocation, "sysLocation");
    Objects.requireNonNull(access, "access");
    if (rwCommunity != null
        && (rwCommunity.isEmpty() || rwCommunity.equals(SnmpAgent.READ_COMMUNITY))) {
      throw new IllegalArgumentException(
          "read-write community must be non-empty and differ from '"
              + SnmpAgent.READ_COMMUNITY + "'");
    }
    if (rwCommunity != null && access.hasCommunity(rwCommunity)) {
      throw new IllegalArgumentException(
          "read-write community is already a community of the configuration file");
    }
  }

  /** The built-in access control: {@code public} reads, {@code rwCommunity} (if any) writes. */
  public AgentConfig(
      InetSocketAddress address,
      String rwCommunity,
      String version,
      String sysContact,
      String sysName,
      String sysLocation) {
    this(address, rwCommunity, version, sysContact, sysName, sysLocation,
        AccessControl.readOnlyPublic());
  }

  /** 127.0.0.1:16161, no write access, version from the jar manifest, empty system strings. */
  public static AgentConfig defaults() {
    String v = AgentConfig.class.getPackage().getImplementationVersion();
    return new AgentConfig(
        new InetSocketAddress(DEFAULT_HOST, DEFAULT_PORT),
        null,
        v == null ? UNKNOWN_VERSION : v,
        "",
        "",
        "");
  }

  /** The same configuration listening on {@code newAddress}. */
  public AgentConfig withAddress(InetSocketAddress newAddress) {
    return new AgentConfig(newAddress, rwCommunity, version, sysContact, sysName, sysLocation,
        access);
  }

  /** The same configuration with {@code community} (null for none) as read-write community. */
  public AgentConfig withRwCommunity(String community) {
    return new AgentConfig(address, community, version, sysContact, sysName, sysLocation, access);
  }

  /** The same configuration with the given system group strings. */
  public AgentConfig withSystem(String contact, String name, String location) {
    return new AgentConfig(address, rwCommunity, version, contact, name, location, access);
  }

  /** The same configuration with {@code newAccess} instead of its access control. */
  public AgentConfig withAccess(AccessControl newAccess) {
    return new AgentConfig(address, rwCommunity, version, sysContact, sysName, sysLocation,
        newAccess);
  }

  /** The access control the agent installs: {@link #access()} plus the read-write community. */
  public AccessControl effectiveAccess() {
    return rwCommunity == null ? access : access.withReadWriteCommunity(rwCommunity);
  }
}
