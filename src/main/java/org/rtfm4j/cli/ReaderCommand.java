package org.rtfm4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.rtfm4j.client.MeterTarget;
import org.rtfm4j.reader.MeterReader;
import org.rtfm4j.reader.PassResult;
import org.rtfm4j.reader.ReaderException;

/**
 * {@code rtfm reader}: collects a rule set's flows from one or more meters, one thread per meter,
 * pass after pass (or once), into durable flow data files ({@link MeterReader}).
 */
final class ReaderCommand {
  /** How long Ctrl-C waits for passes under way to end before the JVM exits anyway. */
  private static final long SHUTDOWN_WAIT_SECONDS = 30;
  private static final double NANOS_PER_SECOND = 1e9;

  private final PrintStream out;
  private final PrintStream err;
  /** Ends the passes: counted down by the shutdown hook (Ctrl-C, SIGTERM) or by a caller. */
  private final CountDownLatch stop;
  private final CountDownLatch finished = new CountDownLatch(1);

  ReaderCommand(PrintStream out, PrintStream err, CountDownLatch stop) {
    this.out = out;
    this.err = err;
    this.stop = stop;
  }

  int run(String[] args) {
    try {
      return read(args);
    } finally {
      finished.countDown();
    }
  }

  private int read(String[] args) {
    ReaderOptions o;
    try {
      o = ReaderOptions.parse(args);
    } catch (ReaderOptions.UsageException e) {
      err.println("rtfm reader: " + e.getMessage());
      err.println("Try 'rtfm reader --help'.");
      return ExitCode.USAGE;
    }
    if (o.help()) {
      out.print(ReaderOptions.helpText());
      return ExitCode.OK;
    }
    Thread hook = null;
    if (!o.once()) {
      hook = new Thread(() -> {
        stop.countDown();
        try {
          finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "rtfm-reader-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    AtomicInteger exit = new AtomicInteger(ExitCode.OK);
    List<Thread> workers = new ArrayList<>();
    for (MeterTarget m : o.meters()) {
      Thread t = new Thread(() -> {
        int code = collect(m, o);
        exit.accumulateAndGet(code, Math::max);
      }, "rtfm-reader " + m.address());
      workers.add(t);
      t.start();
    }
    for (Thread t : workers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop.countDown();
      }
    }
    if (hook != null && stop.getCount() > 0) {
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return exit.get();
  }

  /** Passes against one meter until stopped (or one with --once); returns the exit code. */
  private int collect(MeterTarget meter, ReaderOptions o) {
    String who = "rtfm reader: " + meter.address() + " rule set " + o.settings().ruleSet();
    long interval = (long) (o.intervalSeconds() * NANOS_PER_SECOND);
    try (MeterClient client = MeterClient.open(meter, o.timeoutMillis(), o.retries());
        MeterReader reader = MeterReader.open(client, o.settings())) {
      int worst = ExitCode.OK;
      long next = System.nanoTime();
      while (true) {
        int code = pass(reader, who, o.quiet());
        worst = Math.max(worst, code);
        if (o.once()) {
          return worst;
        }
        next += interval;
        long wait = next - System.nanoTime();
        if (wait < 0) {
          // A pass longer than the interval: the next begins now, not in a burst of catch-ups.
          next = System.nanoTime();
          wait = 0;
        }
        if (stop.await(wait, TimeUnit.NANOSECONDS)) {
          return ExitCode.OK;
        }
      }
    } catch (IOException e) {
      err.println(who + ": " + e.getMessage());
      return ExitCode.OUTPUT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.OK;
    }
  }

  private int pass(MeterReader reader, String who, boolean quiet) {
    long t0 = System.nanoTime();
    try {
      PassResult p = reader.pass();
      if (!quiet) {
        err.printf("%s: pass %d: %,d flows active since %d -> %s (%.2f s%s)%n", who, p.seq(),
            p.flows(), p.from(), p.file(), (System.nanoTime() - t0) / NANOS_PER_SECOND,
            p.lastTimeSet() ? "" : ", flowReaderLastTime kept");
      }
      if (p.restart() != null) {
        err.println(who + ": restart: " + p.restart());
      }
      if (p.note() != null) {
        err.println(who + ": " + p.note());
      }
      return ExitCode.OK;
    } catch (MeterException | ReaderException e) {
      err.println(who + ": pass failed, nothing written: " + e.getMessage());
      return ExitCode.METER;
    } catch (IOException e) {
      err.println(who + ": pass failed, nothing written: " + e.getMessage());
      return ExitCode.OUTPUT;
    }
  }
}
