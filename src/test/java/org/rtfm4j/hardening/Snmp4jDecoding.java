package org.rtfm4j.hardening;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.snmp4j.PDU;
import org.snmp4j.PDUv1;
import org.snmp4j.asn1.BER;
import org.snmp4j.asn1.BERInputStream;
import org.snmp4j.mp.MPv3;
import org.snmp4j.security.UsmSecurityParameters;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OctetString;

/**
 * Whether SNMP4J's BER decoder can read a datagram, read the way its message processing models
 * read one before any security or access check: SNMPv1 and SNMPv2c messages whole, SNMPv3
 * messages up to the USM security parameters (the scoped PDU is read only after the USM has
 * accepted the message, and may be encrypted). What it cannot read the agent must count as an
 * ASN.1 parse error (RFC 3418 snmpInASNParseErrs).
 */
final class Snmp4jDecoding {
  private static final int V1 = 0;
  private static final int V2C = 1;
  private static final int V3 = 3;

  private Snmp4jDecoding() {}

  static boolean decodes(byte[] datagram) {
    try {
      BERInputStream in = new BERInputStream(ByteBuffer.wrap(datagram));
      BER.MutableByte type = new BER.MutableByte();
      BER.decodeHeader(in, type, true);
      if (type.getValue() != BER.SEQUENCE) {
        return false;
      }
      Integer32 version = new Integer32();
      version.decodeBER(in);
      switch (version.getValue()) {
        case V1 -> {
          new OctetString().decodeBER(in);
          new PDUv1().decodeBER(in);
        }
        case V2C -> {
          new OctetString().decodeBER(in);
          new PDU().decodeBER(in);
        }
        case V3 -> {
          new MPv3.HeaderData() { }.decodeBER(in); // its constructor is protected
          new UsmSecurityParameters().decodeBER(in);
        }
        default -> {
          return true; // an unknown version is not a parse error (snmpInBadVersions)
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
