package org.rtfm4j.agent;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.rtfm4j.agent.AccessControl.Source;
import org.snmp4j.smi.OctetString;

/**
 * The values inside configuration lines, read with net-snmp's meanings: agent addresses, source
 * networks, view masks and USM protocol names. Each reader throws IllegalArgumentException with
 * the reason, which the file reader prefixes with file:line:column.
 */
final class ConfigValues {
  static final int MAX_PORT = 65_535;
  /** vacmViewTreeFamilyMask is OCTET STRING (SIZE(0..16)) (RFC 3415). */
  static final int MAX_MASK_OCTETS = 16;
  private static final int MAX_PORT_DIGITS = 5;
  private static final int IPV4_BITS = 32;
  private static final int MAX_OCTET = 255;
  private static final int HEX = 16;
  private static final String IPV4_ANY = "0.0.0.0";
  private static final String IPV6_ANY = "::";
  /** Transports net-snmp knows that this agent does not serve. */
  private static final Set<String> OTHER_TRANSPORTS = Set.of("tcp", "tcp6", "unix", "dtlsudp",
      "dtlsudp6", "tlstcp", "tlstcp6", "ssh", "ipx", "aal5pvc", "pvc", "callback", "alias");

  private ConfigValues() {}

  /**
   * net-snmp's agentAddress for one UDP endpoint: [udp:|udp6:]HOST:PORT, udp6:[ADDRESS]:PORT,
   * or a bare [udp:]PORT, which net-snmp reads as every interface. Host names are looked up.
   */
  static InetSocketAddress agentAddress(String text) {
    String s = text;
    if (s.indexOf(',') >= 0) {
      throw new IllegalArgumentException("one address only: rtfm4j listens on a single UDP"
          + " address");
    }
    boolean v6 = false;
    int colon = s.indexOf(':');
    if (colon > 0 && !s.startsWith("[")) {
      String transport = s.substring(0, colon).toLowerCase(Locale.ROOT);
      if (transport.equals("udp") || transport.equals("udp6")) {
        v6 = transport.equals("udp6");
        s = s.substring(colon + 1);
      } else if (OTHER_TRANSPORTS.contains(transport)) {
        throw new IllegalArgumentException("transport '" + transport
            + "' is not served: rtfm4j answers SNMP over udp and udp6 only");
      }
    }
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("'" + text + "': write udp6:[ADDRESS]:PORT");
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
    } else if (isDigits(s)) {
      host = v6 ? IPV6_ANY : IPV4_ANY;
      port = s;
    } else {
      int last = s.lastIndexOf(':');
      if (last < 0) {
        throw new IllegalArgumentException("'" + text + "' has no port: write HOST:PORT"
            + " (net-snmp would use 161; rtfm4j's default is " + AgentConfig.DEFAULT_PORT + ")");
      }
      if (s.indexOf(':') != last) {
        throw new IllegalArgumentException("'" + text
            + "': write IPv6 addresses in brackets, udp6:[::1]:PORT");
      }
      host = s.substring(0, last);
      port = s.substring(last + 1);
    }
    if (!isDigits(port) || port.length() > MAX_PORT_DIGITS || Integer.parseInt(port) > MAX_PORT) {
      throw new IllegalArgumentException("port '" + port + "' is not 0.." + MAX_PORT);
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(port));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host '" + host + "'", e);
    }
  }

  /**
   * net-snmp's SOURCE: default (anywhere: null), localhost, ADDRESS[/PREFIX-LENGTH] or
   * IPv4/DOTTED-MASK; host names are not looked up.
   */
  static Source source(String s) {
    if (s.equalsIgnoreCase("default")) {
      return null;
    }
    if (s.equalsIgnoreCase("localhost")) {
      return new Source(InetAddress.getLoopbackAddress(), IPV4_BITS);
    }
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    InetAddress ip = literal(addr);
    if (ip == null) {
      throw new IllegalArgumentException("source '" + s + "': say default, localhost or an"
          + " address with an optional /prefix (host names are not looked up)");
    }
    int bits = ip.getAddress().length * Byte.SIZE;
    if (slash < 0) {
      return new Source(ip, bits);
    }
    String p = s.substring(slash + 1);
    if (isDigits(p) && p.length() <= 3 && Integer.parseInt(p) <= bits) {
      return new Source(ip, Integer.parseInt(p));
    }
    InetAddress mask = ip instanceof Inet4Address ? literal(p) : null;
    int prefix = mask instanceof Inet4Address ? contiguousPrefix(mask.getAddress()) : -1;
    if (prefix < 0) {
      throw new IllegalArgumentException("source '" + s + "': '" + p
          + "' is neither a prefix length 0.." + bits + " nor a contiguous IPv4 mask");
    }
    return new Source(ip, prefix);
  }

  /** net-snmp's view mask: hex octets, optionally separated by '.' or ':' (ff:a0, ff.a0, ffa0). */
  static OctetString viewMask(String text) {
    String s = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    ByteArrayOutputStream octets = new ByteArrayOutputStream();
    String[] groups = s.split("[.:]", -1);
    for (String g : groups) {
      String hex = groups.length > 1 && g.length() == 1 ? "0" + g : g;
      if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.matches("[0-9a-fA-F]+")) {
        throw new IllegalArgumentException("mask '" + text
            + "': write hex octets such as ff or ff:c0");
      }
      for (int i = 0; i < hex.length(); i += 2) {
        octets.write(Integer.parseInt(hex.substring(i, i + 2), HEX));
      }
    }
    if (octets.size() > MAX_MASK_OCTETS) {
      throw new IllegalArgumentException("mask '" + text + "' is longer than " + MAX_MASK_OCTETS
          + " octets (RFC 3415 vacmViewTreeFamilyMask)");
    }
    return new OctetString(octets.toByteArray());
  }

  /** A non-empty run of ASCII digits. */
  static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The length of {@code s} in UTF-8 octets, as SNMP sizes count it. */
  static int octets(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** An IP address written as digits, never a name (no DNS lookup). */
  private static InetAddress literal(String s) {
    boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = s.indexOf(':') >= 0 && s.matches("[0-9a-fA-F:.]+");
    if (!v4 && !v6) {
      return null;
    }
    if (v4) {
      for (String part : s.split("\\.")) {
        if (Integer.parseInt(part) > MAX_OCTET) {
          return null;
        }
      }
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The prefix length of a mask of leading ones, or -1 when the ones are not contiguous. */
  private static int contiguousPrefix(byte[] mask) {
    int prefix = 0;
    boolean zero = false;
    for (byte b : mask) {
      for (int bit = Byte.SIZE - 1; bit >= 0; bit--) {
        boolean one = ((b >> bit) & 1) == 1;
        if (one && zero) {
          return -1;
        }
        if (one) {
          prefix++;
        } else {
          zero = true;
        }
      }
    }
    return prefix;
  }
}
