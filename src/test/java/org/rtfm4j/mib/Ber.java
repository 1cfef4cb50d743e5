package org.rtfm4j.mib;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small BER reader (X.690 §8) for flowPackageData, written for the tests from the standards
 * and not from the production encoder: a SEQUENCE of SMI values as varbinds carry them (RFC
 * 2578, RFC 3416).
 */
final class Ber {
  private static final int SEQUENCE = 0x30;
  private static final int INTEGER = 0x02;
  private static final int OCTET_STRING = 0x04;
  /** [APPLICATION 3] IMPLICIT INTEGER (0..4294967295), RFC 2578. */
  private static final int TIME_TICKS = 0x43;
  /** [APPLICATION 6] IMPLICIT INTEGER (0..18446744073709551615), RFC 2578. */
  private static final int COUNTER64 = 0x46;
  /** noSuchInstance [1] IMPLICIT NULL, RFC 3416 §3. */
  private static final int NO_SUCH_INSTANCE = 0x81;

  private Ber() {}

  /**
   * The elements of a SEQUENCE that fills {@code b} exactly: numbers in decimal, octet strings
   * as hex (see {@link NetSnmp#hex}), noSuchInstance as null.
   */
  static List<String> sequence(byte[] b) {
    int[] at = {0};
    int tag = b[at[0]++] & 0xFF;
    if (tag != SEQUENCE) {
      throw new AssertionError("not a SEQUENCE: tag " + tag);
    }
    int end = length(b, at) + at[0];
    if (end != b.length) {
      throw new AssertionError("SEQUENCE length " + (end - at[0]) + " in " + b.length + " bytes");
    }
    List<String> out = new ArrayList<>();
    while (at[0] < end) {
      int t = b[at[0]++] & 0xFF;
      int n = length(b, at);
      byte[] content = Arrays.copyOfRange(b, at[0], at[0] + n);
      at[0] += n;
      switch (t) {
        case INTEGER -> out.add(new BigInteger(content).toString());
        case TIME_TICKS, COUNTER64 -> out.add(new BigInteger(1, content).toString());
        case OCTET_STRING -> out.add(NetSnmp.hex(content));
        case NO_SUCH_INSTANCE -> {
          if (n != 0) {
            throw new AssertionError("noSuchInstance with content");
          }
          out.add(null);
        }
        default -> throw new AssertionError("unexpected tag " + t);
      }
    }
    return out;
  }

  /** A definite length (short or long form) at {@code at[0]}, which moves past it. */
  private static int length(byte[] b, int[] at) {
    int first = b[at[0]++] & 0xFF;
    if (first < 0x80) {
      return first;
    }
    int octets = first & 0x7F;
    int n = 0;
    for (int i = 0; i < octets; i++) {
      n = (n << 8) | (b[at[0]++] & 0xFF);
    }
    return n;
  }
}
