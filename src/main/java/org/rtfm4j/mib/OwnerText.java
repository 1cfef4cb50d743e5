package org.rtfm4j.mib;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** UTF8OwnerString and flowRuleInfoName text: at most 127 octets (RFC 2720). */
final class OwnerText {
  /** UTF8OwnerString is OCTET STRING (SIZE (0..127)); so is flowRuleInfoName. */
  static final int MAX_OCTETS = 127;

  private OwnerText() {}

  /** True when {@code b} is well-formed UTF-8 (RFC 2720 UTF8OwnerString). */
  static boolean isUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** {@code s} as UTF-8, cut to 127 octets without splitting a character. */
  static byte[] bytes(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length <= MAX_OCTETS) {
      return b;
    }
    int n = MAX_OCTETS;
    // A UTF-8 continuation byte is 10xxxxxx: back up to the start of the character cut in two.
    while (n > 0 && (b[n] & 0xC0) == 0x80) {
      n--;
    }
    return Arrays.copyOf(b, n);
  }

  /** Bytes written by a manager as text, malformed sequences replaced. */
  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
