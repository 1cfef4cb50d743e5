package org.rtfm4j.client;

import org.snmp4j.smi.OID;

/** The USM and MPD report counters (RFC 3414 §5, RFC 3412 §5) a Report names, in plain words. */
final class Reports {
  private static final String USM_STATS = "1.3.6.1.6.3.15.1.1.";
  private static final String MPD_STATS = "1.3.6.1.6.3.11.2.1.";

  private Reports() {}

  static String explain(OID report) {
    if (report == null) {
      return "an empty report";
    }
    String s = report.trim().toDottedString() + ".";
    return switch (s) {
      case USM_STATS + "1." -> "the security level is not supported for this user";
      case USM_STATS + "2." -> "the request was outside the meter's time window";
      case USM_STATS + "3." -> "unknown user name";
      case USM_STATS + "4." -> "unknown engine ID";
      case USM_STATS + "5." -> "authentication failure (wrong authentication passphrase or"
          + " protocol)";
      case USM_STATS + "6." -> "decryption error (wrong privacy passphrase or protocol)";
      case MPD_STATS + "1." -> "unknown security model";
      case MPD_STATS + "2." -> "invalid message";
      case MPD_STATS + "3." -> "unknown PDU handler";
      default -> "report " + report;
    };
  }
}
