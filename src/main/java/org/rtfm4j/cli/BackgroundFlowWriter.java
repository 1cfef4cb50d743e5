package org.rtfm4j.cli;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.rtfm4j.flow.FlowCsvWriter;
import org.rtfm4j.flow.FlowRecord;
import org.rtfm4j.flow.FlowRecoveryListener;
import org.rtfm4j.flow.FlowTable;

/**
 * Writes the flows the table recovers while metering on a thread of its own, so that formatting
 * CSV never slows the packet path (and uses the second core). A full queue makes the meter wait:
 * no record is ever dropped. Each packet-matching thread gathers its own batch (a meter with
 * {@code --threads N} recovers flows on N threads), so they never wait for each other per flow.
 */
final class BackgroundFlowWriter implements FlowRecoveryListener {
  /** Records handed over at once: one hand-over (and thread wake-up) per batch, not per flow. */
  private static final int BATCH = 4096;
  private static final int QUEUED_BATCHES = 16;
  private static final FlowRecord[] END = new FlowRecord[0];

  private final FlowCsvWriter csv;
  private final BlockingQueue<FlowRecord[]> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  /** Every thread's batch, for {@link #finish}; guarded by itself. */
  private final List<Batch> batches = new ArrayList<>();
  private final ThreadLocal<Batch> threadBatch = ThreadLocal.withInitial(this::newBatch);
  private final Thread thread;
  private volatile RuntimeException failure;

  BackgroundFlowWriter(FlowCsvWriter csv) {
    this.csv = csv;
    this.thread = new Thread(this::drain, "rtfm-flow-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** The records one thread has gathered and not yet handed over. */
  private static final class Batch {
    FlowRecord[] records = new FlowRecord[BATCH];
    int size;
  }

  private Batch newBatch() {
    Batch b = new Batch();
    synchronized (batches) {
      batches.add(b);
    }
    return b;
  }

  @Override
  public void recovering(FlowTable table, int slot) {
    Batch b = threadBatch.get();
    b.records[b.size++] = table.record(slot);
    if (b.size == BATCH) {
      put(b.records);
      b.records = new FlowRecord[BATCH];
      b.size = 0;
    }
  }

  private void put(FlowRecord[] records) {
    try {
      queue.put(records);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing flows", e);
    }
  }

  private void drain() {
    try {
      for (FlowRecord[] b = queue.take(); b != END; b = queue.take()) {
        for (int i = 0; i < b.length && b[i] != null && failure == null; i++) {
          csv.write(b[i]);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (UncheckedIOException e) {
      failure = e;
    }
  }

  /**
   * Waits until every record handed over is written.
   *
   * @throws UncheckedIOException when writing failed
   */
  void finish() {
    // The threads that recover flows have stopped (the meter matched its last packet), so
    // their batches are this thread's to hand over.
    synchronized (batches) {
      for (Batch b : batches) {
        if (b.size > 0) {
          put(Arrays.copyOf(b.records, b.size));
          b.size = 0;
        }
      }
    }
    put(END);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }
}
