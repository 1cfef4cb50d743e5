package org.rtfm4j.agent;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What the agent needs to start: where it listens, the optional read-write community and the
 * administrative values of the SNMPv2-MIB system group.
 *
 * @param address UDP address to bind; port 0 picks a free port
 * @param rwCommunity community with full read-write access, or null for none (the default: RFC
 *     2720 §5.1 warns that write access lets anyone reconfigure or stop the meter)
 * @param version rtfm4j version shown in sysDescr
 * @param sysContact initial sysContact
 * @param sysName initial sysName
 * @param sysLocation initial sysLocation
 */
public record AgentConfig(
    InetSocketAddress address,
    String rwCommunity,
    String version,
    String sysContact,
    String sysName,
    String sysLocation) {

  /** Loopback only unless told otherwise (RFC 2720 §5: keep the meter off the network). */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Unprivileged port so the meter needs no root to serve SNMP. */
  public static final int DEFAULT_PORT = 16161;

  /** Shown when the jar manifest carries no version (running from classes). */
  static final String UNKNOWN_VERSION = "unknown";

  /** Validates; the read-write community must differ from the read-only {@code public}. */
  public AgentConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(sysContact, "sysContact");
    Objects.requireNonNull(sysName, "sysName");
    Objects.requireNonNull(sysLocation, "sysLocation");
    if (rwCommunity != null
        && (rwCommunity.isEmpty() || rwCommunity.equals(SnmpAgent.READ_COMMUNITY))) {
      throw new IllegalArgumentException(
          "read-write community must be non-empty and differ from '"
              + SnmpAgent.READ_COMMUNITY + "'");
    }
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
    return new AgentConfig(newAddress, rwCommunity, version, sysContact, sysName, sysLocation);
  }

  /** The same configuration with {@code community} (null for none) as read-write community. */
  public AgentConfig withRwCommunity(String community) {
    return new AgentConfig(address, community, version, sysContact, sysName, sysLocation);
  }

  /** The same configuration with the given system group strings. */
  public AgentConfig withSystem(String contact, String name, String location) {
    return new AgentConfig(address, rwCommunity, version, contact, name, location);
  }
}
