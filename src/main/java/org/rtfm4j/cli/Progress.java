package org.rtfm4j.cli;

import java.io.PrintStream;
import org.rtfm4j.meter.Meter;

/** A once-a-second progress line on a terminal while a long capture is metered. */
final class Progress {
  private final Thread thread;

  private Progress(Meter meter, PrintStream err) {
    thread = new Thread(() -> {
      long last = 0;
      try {
        while (true) {
          Thread.sleep(1000);
          // Figures are read without locking: a progress line may be a packet or two behind.
          long read = meter.statistics().read();
          err.printf("\r  %,d packets read (%,d/s), %,d active flows   ", read, read - last,
              meter.flowTable().activeFlows());
          err.flush();
          last = read;
        }
      } catch (InterruptedException e) {
        err.print("\r" + " ".repeat(72) + "\r");
        err.flush();
      }
    }, "rtfm-progress");
    thread.setDaemon(true);
  }

  /** Starts a progress line when standard error is probably a terminal, else returns null. */
  static Progress startIfTerminal(Meter meter, PrintStream err) {
    if (System.console() == null) {
      return null;
    }
    Progress p = new Progress(meter, err);
    p.thread.start();
    return p;
  }

  void stop() {
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
