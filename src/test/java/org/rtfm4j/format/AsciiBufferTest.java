package org.rtfm4j.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decimal text against the JDK's {@link Long#toString(long)}. */
class AsciiBufferTest {

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 9, 10, 99, 100, 65535, 999_999_999, 1_000_000_000,
      Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 4_294_967_295L, 999_999_999_999_999_999L,
      1_000_000_000_000_000_000L, Long.MAX_VALUE, -1, -10, Integer.MIN_VALUE,
      Integer.MIN_VALUE - 1L, Long.MIN_VALUE + 1, Long.MIN_VALUE})
  void decimalAtTheEdgesOfEachDigitCountAndWidth(long v) {
    assertEquals("x" + v + ",", new AsciiBuffer().append('x').append(v).append(',').toString());
  }

  @Test
  void decimalAroundEveryPowerOfTenAndOfTwo() {
    // Where the digit count changes and where the bit length does (the count is found from it).
    AsciiBuffer b = new AsciiBuffer();
    StringBuilder truth = new StringBuilder();
    for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
      for (long v : new long[] {p - 1, p, p + 1, 10 * p - 1}) {
        b.append(v).append(' ');
        truth.append(v).append(' ');
      }
    }
    for (int bits = 0; bits < Long.SIZE - 1; bits++) {
      long p = 1L << bits;
      for (long v : new long[] {p - 1, p, p + 1, 2 * p - 1}) {
        b.append(v).append(' ');
        truth.append(v).append(' ');
      }
    }
    assertEquals(truth.toString(), b.toString());
  }

  @Test
  void decimalOfRandomNumbersOfEveryLength() {
    Random rnd = new Random(2722);
    AsciiBuffer b = new AsciiBuffer();
    StringBuilder truth = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      long v = rnd.nextLong() >> rnd.nextInt(Long.SIZE); // lengths 1..19 digits, both signs
      b.append(v).append(' ');
      truth.append(v).append(' ');
    }
    assertEquals(truth.toString(), b.toString());
  }
}
