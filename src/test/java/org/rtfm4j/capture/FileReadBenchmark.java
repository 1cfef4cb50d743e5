package org.rtfm4j.capture;

import java.nio.file.Path;

/**
 * Not a test: measures the file path with a sink that does nothing. Usage (after test-compile):
 * {@code java -cp target/classes:target/test-classes org.rtfm4j.capture.FileReadBenchmark FILE
 * [PASSES]}. Run it on a page-cached file; the first pass warms the JIT.
 */
public final class FileReadBenchmark {
  private static final double NANOS_PER_SECOND = 1e9;

  private FileReadBenchmark() {}

  public static void main(String[] args) throws CaptureException {
    Path file = Path.of(args[0]);
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    PacketSink nothing = (i, l, t, d, o, c, w) -> { };
    for (int pass = 1; pass <= passes; pass++) {
      long start = System.nanoTime();
      long packets;
      try (CaptureFile capture = CaptureFiles.open(file)) {
        capture.run(nothing);
        packets = capture.packetsRead();
      }
      double seconds = (System.nanoTime() - start) / NANOS_PER_SECOND;
      System.out.printf("pass %d: %d packets in %.3f s = %.2f M packets/s%n", pass, packets,
          seconds, packets / seconds / 1e6);
    }
  }
}
