package org.rtfm4j.reader;

import org.rtfm4j.format.AsciiBuffer;
import org.rtfm4j.format.FlowCsvFormat;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;

/**
 * Attribute values as text, exactly as the meter's flow CSV writes them ({@link FlowCsvFormat}):
 * numbers decimal, MAC addresses with colons, peer addresses as IPv4 or IPv6 text by their
 * length, ports as numbers, IDs as hex.
 */
final class ValueText {
  private static final int MAC_OCTETS = 6;
  private static final int IPV4_OCTETS = 4;
  private static final int IPV6_OCTETS = 16;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ValueText() {}

  /** True when the value is written as a JSON number (not a string). */
  static boolean numeric(int attribute, Variable v) {
    if (v instanceof OctetString s) {
      return FlowCsvFormat.text(attribute) == FlowCsvFormat.Text.DECIMAL
          && s.length() <= Long.BYTES;
    }
    return true;
  }

  /** Appends the text of {@code v}, the value of {@code attribute}; nothing for null. */
  static void append(AsciiBuffer out, int attribute, Variable v) {
    if (v == null) {
      return;
    }
    if (v instanceof Counter64 c) {
      appendUnsigned(out, c.getValue());
    } else if (v instanceof TimeTicks t) {
      out.append(t.getValue());
    } else if (v instanceof Integer32 i) {
      out.append(i.getValue());
    } else if (v instanceof OctetString s) {
      appendOctets(out, attribute, s.getValue());
    } else {
      out.append(v.toString());
    }
  }

  private static void appendOctets(AsciiBuffer out, int attribute, byte[] b) {
    switch (FlowCsvFormat.text(attribute)) {
      case MAC -> {
        if (b.length == MAC_OCTETS) {
          out.appendMac(bigEndian(b, 0, MAC_OCTETS));
          return;
        }
      }
      case IP -> {
        if (b.length == IPV4_OCTETS) {
          out.appendIpv4(bigEndian(b, 0, IPV4_OCTETS) << Integer.SIZE);
          return;
        }
        if (b.length == IPV6_OCTETS) {
          out.appendIpv6(bigEndian(b, 0, Long.BYTES), bigEndian(b, Long.BYTES, Long.BYTES));
          return;
        }
      }
      case DECIMAL -> {
        if (b.length <= Long.BYTES) {
          appendUnsigned(out, bigEndian(b, 0, b.length));
          return;
        }
      }
      default -> { }
    }
    // IDs, and any value whose length fits no text form: hex, so nothing is lost.
    for (byte x : b) {
      out.append(HEX[(x >>> 4) & 0xF]).append(HEX[x & 0xF]);
    }
  }

  private static void appendUnsigned(AsciiBuffer out, long v) {
    if (v >= 0) {
      out.append(v);
    } else {
      out.append(Long.toUnsignedString(v));
    }
  }

  private static long bigEndian(byte[] b, int from, int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << Byte.SIZE) | (b[from + i] & 0xFF);
    }
    return v;
  }
}
