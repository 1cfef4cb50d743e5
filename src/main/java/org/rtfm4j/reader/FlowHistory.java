package org.rtfm4j.reader;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the reader remembers of the flows it wrote, per FlowIndex: the FirstTime of the flow it
 * last wrote there and, for d_ columns, that flow's counters then. A FlowIndex whose FirstTime
 * changes holds a new flow (the old one was recovered, RFC 2722 §4.5); one whose FirstTime goes
 * back means the meter's clock went back: it restarted.
 */
final class FlowHistory {
  private static final long NONE = -1;
  private static final long MAGIC = 0x5254_464D_4849_5331L; // "RTFMHIS1"
  private static final int INITIAL = 1024;

  private final int counterCount;
  private long[] firstTime;
  private long[][] counters;

  FlowHistory(int counterCount) {
    this.counterCount = counterCount;
    this.firstTime = new long[INITIAL];
    Arrays.fill(firstTime, NONE);
    this.counters = new long[counterCount][INITIAL];
  }

  private FlowHistory(FlowHistory o) {
    this.counterCount = o.counterCount;
    this.firstTime = o.firstTime.clone();
    this.counters = new long[counterCount][];
    for (int k = 0; k < counterCount; k++) {
      counters[k] = o.counters[k].clone();
    }
  }

  /** A copy to work on during a pass; it replaces this one once the pass is durable. */
  FlowHistory copy() {
    return new FlowHistory(this);
  }

  /**
   * Records flow {@code flowIndex} with {@code first} (FirstTime) and {@code values} (the
   * counters, as many as this history follows) and fills {@code deltas} with their growth since
   * the flow was last recorded (all of them for a flow not seen before).
   *
   * @return false when the FlowIndex held a flow with a later FirstTime: meter time went back
   */
  boolean record(int flowIndex, long first, long[] values, long[] deltas) {
    grow(flowIndex);
    long known = firstTime[flowIndex];
    if (known != NONE && first < known) {
      return false;
    }
    boolean same = known == first;
    for (int k = 0; k < counterCount; k++) {
      deltas[k] = same ? values[k] - counters[k][flowIndex] : values[k];
      counters[k][flowIndex] = values[k];
    }
    firstTime[flowIndex] = first;
    return true;
  }

  private void grow(int flowIndex) {
    if (flowIndex < firstTime.length) {
      return;
    }
    int n = Math.max(flowIndex + 1, (int) Math.min(Integer.MAX_VALUE - 8L,
        2L * firstTime.length));
    int old = firstTime.length;
    firstTime = Arrays.copyOf(firstTime, n);
    Arrays.fill(firstTime, old, n, NONE);
    for (int k = 0; k < counterCount; k++) {
      counters[k] = Arrays.copyOf(counters[k], n);
    }
  }

  /** Writes the history to {@code file} (the caller makes it durable). */
  void write(Path file) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(file), 1 << 16))) {
      out.writeLong(MAGIC);
      out.writeInt(counterCount);
      for (int i = 0; i < firstTime.length; i++) {
        if (firstTime[i] != NONE) {
          out.writeInt(i);
          out.writeLong(firstTime[i]);
          for (int k = 0; k < counterCount; k++) {
            out.writeLong(counters[k][i]);
          }
        }
      }
      out.writeInt(-1);
    }
  }

  /** Reads a history {@link #write} wrote, for {@code counterCount} counters. */
  static FlowHistory read(Path file, int counterCount) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(
        Files.newInputStream(file), 1 << 16))) {
      if (in.readLong() != MAGIC || in.readInt() != counterCount) {
        throw new IOException(file + " is not a flow history for " + counterCount
            + " counters");
      }
      FlowHistory h = new FlowHistory(counterCount);
      for (int i = in.readInt(); i >= 0; i = in.readInt()) {
        h.grow(i);
        h.firstTime[i] = in.readLong();
        for (int k = 0; k < counterCount; k++) {
          h.counters[k][i] = in.readLong();
        }
      }
      return h;
    }
  }
}
