package org.rtfm4j.client;

import java.util.Objects;
import org.rtfm4j.agent.AccessControl.AuthProtocol;
import org.rtfm4j.agent.AccessControl.PrivProtocol;

/**
 * One meter and how to talk to it: its UDP address and either a community (SNMPv1/v2c) or a USM
 * user (SNMPv3), with net-snmp's meanings for every field.
 *
 * @param host host name or address
 * @param port UDP port
 * @param version {@link Version}
 * @param community community for v1/v2c
 * @param user USM user name for v3
 * @param level v3 security level
 * @param auth v3 authentication protocol, null for none
 * @param authPassphrase v3 authentication passphrase
 * @param priv v3 privacy protocol, null for none
 * @param privPassphrase v3 privacy passphrase
 * @param allowInsecure MD5/DES accepted (they are refused otherwise, as by the agent)
 */
public record MeterTarget(String host, int port, Version version, String community, String user,
    Level level, AuthProtocol auth, String authPassphrase, PrivProtocol priv,
    String privPassphrase, boolean allowInsecure) {

  /** SNMP versions, as net-snmp's {@code -v} names them. */
  public enum Version {
    V1("1"), V2C("2c"), V3("3");

    private final String name;

    Version(String name) {
      this.name = name;
    }

    /** net-snmp's name: 1, 2c or 3. */
    public String netSnmpName() {
      return name;
    }
  }

  /** SNMPv3 security levels, as net-snmp's {@code -l} names them. */
  public enum Level {
    NO_AUTH_NO_PRIV("noAuthNoPriv"), AUTH_NO_PRIV("authNoPriv"), AUTH_PRIV("authPriv");

    private final String name;

    Level(String name) {
      this.name = name;
    }

    public String netSnmpName() {
      return name;
    }
  }

  /** Checks that the fields the version needs are there. */
  public MeterTarget {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(version, "version");
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    if (version == Version.V3) {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(level, "level");
      if (level != Level.NO_AUTH_NO_PRIV && (auth == null || authPassphrase == null)) {
        throw new IllegalArgumentException(level.netSnmpName()
            + " needs an authentication protocol and passphrase (-a, -A)");
      }
      if (level == Level.AUTH_PRIV && (priv == null || privPassphrase == null)) {
        throw new IllegalArgumentException("authPriv needs a privacy protocol and passphrase"
            + " (-x, -X)");
      }
      if (!allowInsecure && ((auth != null && auth.insecure())
          || (priv != null && priv.insecure()))) {
        throw new IllegalArgumentException("MD5 and DES are refused; use SHA-2 and AES");
      }
    } else {
      Objects.requireNonNull(community, "community");
    }
  }

  /** A v1/v2c target. */
  public static MeterTarget community(String host, int port, Version version, String community) {
    return new MeterTarget(host, port, version, community, null, null, null, null, null, null,
        false);
  }

  /** HOST:PORT, IPv6 in brackets: how messages name this meter. */
  public String address() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** Who speaks to the meter, without any secret: "community" or "user NAME". */
  public String identity() {
    return version == Version.V3 ? "user " + user + " (" + level.netSnmpName() + ")"
        : "SNMPv" + version.netSnmpName() + " community";
  }

  @Override
  public String toString() {
    // Never print communities or passphrases (they end up in logs).
    return address() + " as " + identity();
  }
}
