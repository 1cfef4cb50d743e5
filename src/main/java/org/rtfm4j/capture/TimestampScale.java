package org.rtfm4j.capture;

/**
 * Converts a pcapng timestamp (an unsigned 64-bit count of units, with the units set by the
 * interface's if_tsresol option and shifted by if_tsoffset seconds) to nanoseconds since the
 * epoch. Results beyond the range of a signed 64-bit nanosecond count (after the year 2262)
 * saturate at {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE}.
 */
final class TimestampScale {
  /** if_tsresol default: microseconds (pcapng §4.2, if_tsresol). */
  static final int DEFAULT_RESOLUTION = 6;

  /** if_tsresol: most significant bit set means a negative power of 2, clear a power of 10. */
  private static final int POWER_OF_TWO_FLAG = 0x80;

  private static final int POWER_MASK = 0x7f;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int NANO_DIGITS = 9;
  private static final int MAX_LONG_DECIMAL_DIGITS = 18;
  private static final long[] POWERS_OF_TEN = new long[MAX_LONG_DECIMAL_DIGITS + 1];

  static {
    long p = 1;
    for (int i = 0; i <= MAX_LONG_DECIMAL_DIGITS; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
  }

  private final int resolution;
  private final long offsetSeconds;
  /** Nanoseconds per unit when units are 10^-n with n <= 9, else 0. */
  private final long multiplier;
  /** Largest unit count (unsigned) the fast path multiplies without overflow; -1 disables it. */
  private final long fastLimit;

  private TimestampScale(int resolution, long offsetSeconds) {
    this.resolution = resolution & (POWER_OF_TWO_FLAG | POWER_MASK);
    this.offsetSeconds = offsetSeconds;
    boolean decimal = (this.resolution & POWER_OF_TWO_FLAG) == 0;
    if (decimal && this.resolution <= NANO_DIGITS) {
      multiplier = POWERS_OF_TEN[NANO_DIGITS - this.resolution];
      fastLimit = offsetSeconds == 0 ? Long.MAX_VALUE / multiplier : -1;
    } else {
      multiplier = 0;
      fastLimit = -1;
    }
  }

  /**
   * The scale for an interface.
   *
   * @param resolution the if_tsresol byte (pcapng §4.2): 10^-n, or 2^-n when the top bit is set
   * @param offsetSeconds the if_tsoffset value, seconds added to every timestamp
   */
  static TimestampScale of(int resolution, long offsetSeconds) {
    return new TimestampScale(resolution, offsetSeconds);
  }

  /** The if_tsresol byte this scale was built from. */
  int resolution() {
    return resolution;
  }

  /** Nanoseconds since the epoch for {@code units} (read as unsigned 64 bits). */
  long toNanos(long units) {
    // Fast path: microsecond and nanosecond files in this century.
    if (units >= 0 && units <= fastLimit) {
      return units * multiplier;
    }
    long nanos = unitsToNanos(units);
    if (offsetSeconds == 0) {
      return nanos;
    }
    // Add the offset in whole seconds first, so that a huge offset saturates only when the
    // sum does.
    long seconds = saturatingAdd(nanos / NANOS_PER_SECOND, offsetSeconds);
    return secondsToNanos(seconds, nanos % NANOS_PER_SECOND);
  }

  /** seconds * 10^9 + fraction (0 <= fraction < 10^9), saturated. */
  private static long secondsToNanos(long seconds, long fraction) {
    if (seconds >= 0) {
      return seconds > Long.MAX_VALUE / NANOS_PER_SECOND ? Long.MAX_VALUE
          : saturatingAdd(seconds * NANOS_PER_SECOND, fraction);
    }
    // (seconds + 1) * 10^9 - (10^9 - fraction), each step in range or saturating.
    long next = seconds + 1;
    if (next < Long.MIN_VALUE / NANOS_PER_SECOND) {
      return Long.MIN_VALUE;
    }
    return saturatingAdd(next * NANOS_PER_SECOND, fraction - NANOS_PER_SECOND);
  }

  private long unitsToNanos(long units) {
    int power = resolution & POWER_MASK;
    if ((resolution & POWER_OF_TWO_FLAG) != 0) {
      return binaryUnitsToNanos(units, power);
    }
    if (power <= NANO_DIGITS) {
      long perUnit = POWERS_OF_TEN[NANO_DIGITS - power];
      if (Long.compareUnsigned(units, Long.MAX_VALUE / perUnit) > 0) {
        return Long.MAX_VALUE;
      }
      return units * perUnit;
    }
    // Finer than a nanosecond: 10^(power-9) units per nanosecond; past 10^19 no 64-bit count
    // reaches one nanosecond.
    int extraDigits = power - NANO_DIGITS;
    if (extraDigits > MAX_LONG_DECIMAL_DIGITS) {
      return extraDigits == MAX_LONG_DECIMAL_DIGITS + 1
          ? Long.divideUnsigned(units, POWERS_OF_TEN[MAX_LONG_DECIMAL_DIGITS]) / 10
          : 0;
    }
    return Long.divideUnsigned(units, POWERS_OF_TEN[extraDigits]);
  }

  /** units * 10^9 / 2^power, exact (floor), via a 128-bit product. */
  private static long binaryUnitsToNanos(long units, int power) {
    long seconds = power >= Long.SIZE ? 0 : units >>> power;
    long fraction = power >= Long.SIZE ? units : units & ((1L << power) - 1);
    // fraction * 10^9 as an unsigned 128-bit number hi:lo.
    long lo = fraction * NANOS_PER_SECOND;
    long hi = Math.multiplyHigh(fraction, NANOS_PER_SECOND);
    if (fraction < 0) {
      hi += NANOS_PER_SECOND; // multiplyHigh is signed; correct for the unsigned operand
    }
    long fractionNanos;
    if (power == 0) {
      fractionNanos = lo;
    } else if (power < Long.SIZE) {
      fractionNanos = (hi << (Long.SIZE - power)) | (lo >>> power);
    } else {
      fractionNanos = hi >>> (power - Long.SIZE);
    }
    if (Long.compareUnsigned(seconds, Long.MAX_VALUE / NANOS_PER_SECOND) > 0) {
      return Long.MAX_VALUE;
    }
    return saturatingAdd(seconds * NANOS_PER_SECOND, fractionNanos);
  }

  private static long saturatingAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }
}
