package org.rtfm4j.agent;

import java.util.Locale;
import org.rtfm4j.agent.AccessControl.AuthProtocol;
import org.rtfm4j.agent.AccessControl.PrivProtocol;
import org.snmp4j.security.AuthHMAC128SHA224;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthHMAC256SHA384;
import org.snmp4j.security.AuthHMAC384SHA512;
import org.snmp4j.security.AuthMD5;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.PrivAES192;
import org.snmp4j.security.PrivAES256;
import org.snmp4j.security.PrivDES;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.smi.OID;

/**
 * The USM protocols rtfm4j speaks, by net-snmp's names, for the agent and for the manager and
 * reader clients alike: SHA-1/SHA-2 and AES always, MD5 and DES only when asked for.
 */
public final class UsmProtocols {
  private UsmProtocols() {}

  /**
   * The protocols USM users may use: SHA-1/SHA-2 and AES always, MD5 and DES only when {@code
   * allowInsecure}; a protocol that is not here cannot authenticate or decrypt anything.
   */
  public static SecurityProtocols protocols(boolean allowInsecure) {
    SecurityProtocols p = new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.none);
    p.addAuthenticationProtocol(new AuthSHA());
    p.addAuthenticationProtocol(new AuthHMAC128SHA224());
    p.addAuthenticationProtocol(new AuthHMAC192SHA256());
    p.addAuthenticationProtocol(new AuthHMAC256SHA384());
    p.addAuthenticationProtocol(new AuthHMAC384SHA512());
    p.addPrivacyProtocol(new PrivAES128());
    p.addPrivacyProtocol(new PrivAES192());
    p.addPrivacyProtocol(new PrivAES256());
    if (allowInsecure) {
      p.addAuthenticationProtocol(new AuthMD5());
      p.addPrivacyProtocol(new PrivDES());
    }
    return p;
  }

  /** SNMP4J's protocol OID for {@code p}. */
  public static OID authId(AuthProtocol p) {
    return switch (p) {
      case MD5 -> AuthMD5.ID;
      case SHA -> AuthSHA.ID;
      case SHA224 -> AuthHMAC128SHA224.ID;
      case SHA256 -> AuthHMAC192SHA256.ID;
      case SHA384 -> AuthHMAC256SHA384.ID;
      case SHA512 -> AuthHMAC384SHA512.ID;
    };
  }

  /** SNMP4J's protocol OID for {@code p}. */
  public static OID privId(PrivProtocol p) {
    return switch (p) {
      case DES -> PrivDES.ID;
      case AES128 -> PrivAES128.ID;
      case AES192 -> PrivAES192.ID;
      case AES256 -> PrivAES256.ID;
    };
  }

  /** net-snmp's names for authentication protocols, any case; null for another name. */
  public static AuthProtocol authProtocol(String s) {
    return switch (s.toUpperCase(Locale.ROOT)) {
      case "MD5" -> AuthProtocol.MD5;
      case "SHA" -> AuthProtocol.SHA;
      case "SHA-224" -> AuthProtocol.SHA224;
      case "SHA-256" -> AuthProtocol.SHA256;
      case "SHA-384" -> AuthProtocol.SHA384;
      case "SHA-512" -> AuthProtocol.SHA512;
      default -> null;
    };
  }

  /** net-snmp's names for privacy protocols, any case; null for another name. */
  public static PrivProtocol privProtocol(String s) {
    return switch (s.toUpperCase(Locale.ROOT)) {
      case "DES" -> PrivProtocol.DES;
      case "AES", "AES-128", "AES128" -> PrivProtocol.AES128;
      case "AES-192", "AES192" -> PrivProtocol.AES192;
      case "AES-256", "AES256" -> PrivProtocol.AES256;
      default -> null;
    };
  }
}
