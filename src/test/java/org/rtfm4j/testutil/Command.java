package org.rtfm4j.testutil;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external tools tests check against (net-snmp, smitools): bounded, no stdin. */
public final class Command {
  /** Longest any one command may run. */
  public static final long TIMEOUT_SECONDS = 20;

  private Command() {}

  /** Exit code and everything the command printed (standard error merged in). */
  public record Result(int exitCode, String out) {}

  /** True when {@code tool} is on the PATH. */
  public static boolean onPath(String tool) throws IOException, InterruptedException {
    return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
  }

  /**
   * Runs {@code command} with standard input from /dev/null.
   *
   * @throws IOException when it does not finish within {@link #TIMEOUT_SECONDS}
   */
  public static Result run(List<String> command) throws IOException, InterruptedException {
    // Output goes through a file, so a chatty command can never block on a full pipe.
    Path out = Files.createTempFile("rtfm4j-command", ".out");
    try {
      Process p = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(out.toFile())
          .start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " timed out");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
