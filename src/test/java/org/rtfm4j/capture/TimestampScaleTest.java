package org.rtfm4j.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** if_tsresol / if_tsoffset conversion against exact big-integer arithmetic. */
class TimestampScaleTest {
  private static final BigInteger NANOS = BigInteger.valueOf(1_000_000_000L);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final int POWER_OF_TWO = 0x80;

  /** floor(units * 10^9 / unitsPerSecond) + offset * 10^9, saturated: the definition. */
  private static long expected(long units, int resolution, long offsetSeconds) {
    BigInteger u = new BigInteger(Long.toUnsignedString(units));
    int power = resolution & 0x7f;
    BigInteger perSecond = (resolution & POWER_OF_TWO) != 0 ? BigInteger.TWO.pow(power)
        : BigInteger.TEN.pow(power);
    BigInteger nanos = u.multiply(NANOS).divide(perSecond);
    if (nanos.compareTo(MAX) > 0) {
      nanos = MAX;
    }
    nanos = nanos.add(BigInteger.valueOf(offsetSeconds).multiply(NANOS));
    return nanos.max(MIN).min(MAX).longValueExact();
  }

  @Test
  void microsecondsByDefault() {
    TimestampScale s = TimestampScale.of(TimestampScale.DEFAULT_RESOLUTION, 0);
    assertEquals(1_600_000_000_123_456_000L, s.toNanos(1_600_000_000_123_456L));
  }

  @Test
  void everyResolutionAgreesWithExactArithmetic() {
    SplittableRandom random = new SplittableRandom(2722);
    long[] special = {0, 1, 999, 1_000_000, 1_690_622_872_644_843_677L, Long.MAX_VALUE,
        Long.MIN_VALUE, -1, (1L << 32) * 1_000_000L, 9_223_372_036L, 9_223_372_037L};
    long[] offsets = {0, 100, -3600, Long.MAX_VALUE / 2, Long.MIN_VALUE / 2};
    for (int power = 0; power <= 0x7f; power++) {
      for (int binary = 0; binary <= POWER_OF_TWO; binary += POWER_OF_TWO) {
        int resolution = binary | power;
        for (long offset : offsets) {
          TimestampScale s = TimestampScale.of(resolution, offset);
          for (long units : special) {
            assertEquals(expected(units, resolution, offset), s.toNanos(units),
                "resolution 0x" + Integer.toHexString(resolution) + " offset " + offset
                    + " units " + Long.toUnsignedString(units));
          }
          for (int i = 0; i < 50; i++) {
            long units = random.nextLong() >>> random.nextInt(64);
            assertEquals(expected(units, resolution, offset), s.toNanos(units),
                "resolution 0x" + Integer.toHexString(resolution) + " offset " + offset
                    + " units " + Long.toUnsignedString(units));
          }
        }
      }
    }
  }
}
