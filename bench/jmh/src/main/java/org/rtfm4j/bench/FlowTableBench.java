package org.rtfm4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rtfm4j.flow.FlowTable;

/**
 * The flow table with five-tuple keys: find-and-count of existing flows in a table of
 * {@code flows} flows, and creating 65,536 flows in an empty table; ns per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseParallelGC")
public class FlowTableBench {
  private static final int OPS = 65_536;
  private static final long NOW = 100;
  private static final long OCTETS = 1500;

  @Param({"65536", "1000000"})
  public int flows;

  private FlowKeys keys;
  private FlowTable full;
  private int[] slots;
  private FlowTable empty;

  @Setup(Level.Trial)
  public void fill() {
    keys = new FlowKeys(flows);
    full = new FlowTable(FlowTable.DEFAULT_MAX_FLOWS);
    for (int i = 0; i < flows; i++) {
      full.create(keys.ruleSet, keys.keys[i], keys.keys[i].length, keys.hashes[i], NOW);
    }
    // Visit the flows in a scattered order, as packets of many streams arrive.
    slots = new int[OPS];
    for (int i = 0; i < OPS; i++) {
      slots[i] = (int) ((i * 0x9E37_79B9L) % flows);
    }
  }

  /** A fresh table before each create() call (outside the timing). */
  @Setup(Level.Invocation)
  public void clear() {
    empty = new FlowTable(FlowTable.DEFAULT_MAX_FLOWS);
  }

  /** find() then count() of an existing flow, as a stream-cache miss does. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public int findAndCount() {
    int found = 0;
    for (int i = 0; i < OPS; i++) {
      int f = slots[i];
      long[] k = keys.keys[f];
      int slot = full.find(keys.ruleSet, k, k.length, keys.hashes[f]);
      if (slot >= 0) {
        full.count(slot, true, OCTETS, NOW);
        found++;
      }
    }
    return found;
  }

  /** create() of 65,536 new flows in an empty table (growing it as the meter does). */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public int create() {
    int created = 0;
    for (int i = 0; i < OPS; i++) {
      long[] k = keys.keys[i];
      if (empty.create(keys.ruleSet, k, k.length, keys.hashes[i], NOW) >= 0) {
        created++;
      }
    }
    return created;
  }
}
