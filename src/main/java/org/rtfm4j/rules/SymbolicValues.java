package org.rtfm4j.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names a rule file may use instead of numbers (case-insensitive). The tables are deliberately
 * short and fixed, so a rule file means the same on every machine (no /etc/services):
 *
 * <ul>
 *   <li>PeerType (Source/DestPeerType): RFC 2720 PeerType, i.e. Address Family Numbers — IP and
 *       IPv4 1, IPv6 2, NSAP 3, IPX and Novell 11, AppleTalk and EtherTalk 12, DECnet 13.
 *   <li>AdjacentType (Source/DestAdjacentType): RFC 2720 AdjacentType — IP 1, NSAP 3, Ethernet 7,
 *       TokenRing 9, IPX 11, AppleTalk 12, DECnet 13, FDDI 15.
 *   <li>TransType (Source/DestTransType): IANA Protocol Numbers — icmp 1, igmp 2, ipip 4, tcp 6,
 *       egp 8, udp 17, ipv6 41, rsvp 46, gre 47, esp 50, ah 51, icmpv6 and ipv6-icmp 58, eigrp 88,
 *       ospf 89, pim 103, vrrp 112, l2tp 115, sctp 132, udplite 136.
 *   <li>TransAddress (Source/DestTransAddress): IANA service names for a few well-known ports —
 *       ftp-data 20, ftp 21, ssh 22, telnet 23, smtp 25, domain and dns 53, http and www 80,
 *       pop3 110, sunrpc 111, ident and auth 113, ntp 123, imap 143, snmp 161, snmptrap 162,
 *       bgp 179, ldap 389, https 443, smtps and submissions 465, submission 587, imaps 993,
 *       pop3s 995, nfs 2049, x11 6000, http-alt 8080. RFC 2123 §3.4 uses domain, ftp, smtp,
 *       telnet and www.
 * </ul>
 */
final class SymbolicValues {
  /** Which table of names an attribute's values come from. */
  enum Table {
    PEER_TYPE,
    ADJACENT_TYPE,
    TRANS_TYPE,
    PORT
  }

  private static final Map<Table, Map<String, Integer>> TABLES = Map.of(
      Table.PEER_TYPE, table("IP", 1, "IPv4", 1, "IPv6", 2, "NSAP", 3, "IPX", 11, "Novell", 11,
          "AppleTalk", 12, "EtherTalk", 12, "DECnet", 13),
      Table.ADJACENT_TYPE, table("IP", 1, "NSAP", 3, "Ethernet", 7, "TokenRing", 9, "IPX", 11,
          "AppleTalk", 12, "DECnet", 13, "FDDI", 15),
      Table.TRANS_TYPE, table("icmp", 1, "igmp", 2, "ipip", 4, "tcp", 6, "egp", 8, "udp", 17,
          "ipv6", 41, "rsvp", 46, "gre", 47, "esp", 50, "ah", 51, "icmpv6", 58, "ipv6-icmp", 58,
          "eigrp", 88, "ospf", 89, "pim", 103, "vrrp", 112, "l2tp", 115, "sctp", 132,
          "udplite", 136),
      Table.PORT, table("ftp-data", 20, "ftp", 21, "ssh", 22, "telnet", 23, "smtp", 25,
          "domain", 53, "dns", 53, "http", 80, "www", 80, "pop3", 110, "sunrpc", 111,
          "ident", 113, "auth", 113, "ntp", 123, "imap", 143, "snmp", 161, "snmptrap", 162,
          "bgp", 179, "ldap", 389, "https", 443, "smtps", 465, "submissions", 465,
          "submission", 587, "imaps", 993, "pop3s", 995, "nfs", 2049, "x11", 6000,
          "http-alt", 8080));

  private SymbolicValues() {}

  private static Map<String, Integer> table(Object... nameValue) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      m.put((String) nameValue[i], (Integer) nameValue[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }

  /** The table for this attribute's values, or null when it has no names. */
  static Table tableFor(Attribute a) {
    switch (a) {
      case SOURCE_PEER_TYPE:
      case DEST_PEER_TYPE:
        return Table.PEER_TYPE;
      case SOURCE_ADJACENT_TYPE:
      case DEST_ADJACENT_TYPE:
        return Table.ADJACENT_TYPE;
      case SOURCE_TRANS_TYPE:
      case DEST_TRANS_TYPE:
        return Table.TRANS_TYPE;
      case SOURCE_TRANS_ADDRESS:
      case DEST_TRANS_ADDRESS:
        return Table.PORT;
      default:
        return null;
    }
  }

  /** The number named {@code name} in {@code table}, or -1. */
  static int lookup(Table table, String name) {
    for (Map.Entry<String, Integer> e : TABLES.get(table).entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return e.getValue();
      }
    }
    return -1;
  }

  /** The names of a table, comma-separated, for error messages. */
  static String names(Table table) {
    return String.join(", ", TABLES.get(table).keySet());
  }
}
