package org.rtfm4j.cli;

import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.rtfm4j.flow.FlowCsvWriter;
import org.rtfm4j.flow.FlowRecord;
import org.rtfm4j.flow.FlowRecoveryListener;
import org.rtfm4j.flow.FlowTable;

/**
 * Writes the flows the table recovers while metering on a thread of its own, so that formatting
 * CSV never slows the packet path (and uses the second core). A full queue makes the meter wait:
 * no record is ever dropped.
 */
final class BackgroundFlowWriter implements FlowRecoveryListener {
  /** Records handed over at once: one hand-over (and thread wake-up) per batch, not per flow. */
  private static final int BATCH = 4096;
  private static final int QUEUED_BATCHES = 16;
  private static final FlowRecord[] END = new FlowRecord[0];

  private final FlowCsvWriter csv;
  private final BlockingQueue<FlowRecord[]> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private FlowRecord[] batch = new FlowRecord[BATCH];
  private int batched;
  private final Thread thread;
  private volatile RuntimeException failure;

  BackgroundFlowWriter(FlowCsvWriter csv) {
    this.csv = csv;
    this.thread = new Thread(this::drain, "rtfm-flow-writer");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void recovering(FlowTable table, int slot) {
    batch[batched++] = table.record(slot);
    if (batched == BATCH) {
      put(batch);
      batch = new FlowRecord[BATCH];
      batched = 0;
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
  synchronized void finish() {
    if (batched > 0) {
      put(java.util.Arrays.copyOf(batch, batched));
      batched = 0;
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
