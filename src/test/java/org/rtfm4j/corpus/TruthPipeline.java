package org.rtfm4j.corpus;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Dissects captures with tshark ahead of the test that needs them, on a fixed number of worker
 * threads, so tshark (the slow part) runs while the meter is checked on earlier captures.
 */
final class TruthPipeline {

  /** A dissection and how long tshark took. */
  record Timed(TsharkDissector.Dissection dissection, long nanos) {}

  private final ExecutorService workers;
  private final Map<Path, Future<Timed>> pending = new ConcurrentHashMap<>();

  TruthPipeline(int threads) {
    workers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "tshark-worker");
              t.setDaemon(true);
              return t;
            });
  }

  /** Queues every capture in order; already queued ones are left alone. */
  void prefetch(List<CorpusIndex.Entry> entries) {
    for (CorpusIndex.Entry e : entries) {
      pending.computeIfAbsent(e.path(), p -> workers.submit(() -> {
        long start = System.nanoTime();
        TsharkDissector.Dissection d = TsharkDissector.dissect(p);
        return new Timed(d, System.nanoTime() - start);
      }));
    }
  }

  /** Waits for the dissection of {@code entry} (queuing it if needed) and forgets it. */
  Timed take(CorpusIndex.Entry entry) throws Exception {
    prefetch(List.of(entry));
    Future<Timed> f = pending.remove(entry.path());
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ? (Exception) cause : e;
    }
  }
}
