package org.rtfm4j.meter;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * flowInterfaceSampleRate (RFC 2720): count 1 in N packets of an interface; 1 counts all, 0
 * ignores the interface. "A meter should choose its own algorithm to introduce variance into the
 * sampling so that [not] exactly every Nth packet is counted": the gap to the next sampled packet
 * is drawn uniformly from 1..2N-1, whose mean is N (RFC 2330 §11.1 explains why periodic sampling
 * can synchronise with the traffic).
 */
public final class InterfaceSampling {
  /** Interface numbers are one byte (RFC 2723 Appendix C). */
  public static final int MAX_INTERFACES = 256;

  private final int[] rate = new int[MAX_INTERFACES];
  private final long[] untilNext = new long[MAX_INTERFACES];
  private final SplittableRandom random;

  /** Every interface starts at rate 1; {@code seed} makes runs repeatable. */
  public InterfaceSampling(long seed) {
    Arrays.fill(rate, 1);
    Arrays.fill(untilNext, 1);
    random = new SplittableRandom(seed);
  }

  /** The sample rate N of an interface. */
  public int rate(int interfaceNumber) {
    return rate[interfaceNumber & 0xFF];
  }

  /** Sets the sample rate N (0 or more) of an interface. */
  public synchronized void setRate(int interfaceNumber, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("sample rate must be 0 or more: " + n);
    }
    int i = interfaceNumber & 0xFF;
    rate[i] = n;
    untilNext[i] = n <= 1 ? 1 : gap(n);
  }

  /** True when this packet of the interface is to be metered. */
  boolean sample(int interfaceNumber) {
    int i = interfaceNumber & 0xFF;
    int n = rate[i];
    if (n == 1) {
      return true;
    }
    if (n == 0) {
      return false;
    }
    if (--untilNext[i] > 0) {
      return false;
    }
    untilNext[i] = gap(n);
    return true;
  }

  private long gap(int n) {
    return 1 + random.nextLong(2L * n - 1);
  }
}
