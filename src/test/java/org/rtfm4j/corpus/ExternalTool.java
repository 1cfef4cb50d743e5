package org.rtfm4j.corpus;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the Wireshark and tcpdump command-line tools whose output the corpus tests trust. */
final class ExternalTool {

  /** Generous per-command limit: the largest corpus capture dissects in under 10 s. */
  static final long TIMEOUT_SECONDS = 300;

  private ExternalTool() {}

  /** Result of one finished command: exit code, standard output and standard error. */
  record Result(int exitCode, String stdout, String stderr) {}

  /** True when {@code name} is an executable file on the PATH. */
  static boolean onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code command} to completion and returns its exit code and outputs. */
  static Result run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("rtfm4j-tool", ".out");
    Path err = Files.createTempFile("rtfm4j-tool", ".err");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      int code = waitFor(p, command);
      return new Result(
          code,
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Runs {@code command} and fails unless it exits 0. */
  static Result runChecked(List<String> command) throws IOException, InterruptedException {
    Result r = run(command);
    if (r.exitCode() != 0) {
      throw new IOException(
          String.join(" ", command) + " exited " + r.exitCode() + ": " + r.stderr().strip());
    }
    return r;
  }

  /** Waits for {@code p}, killing it when it exceeds {@link #TIMEOUT_SECONDS}. */
  static int waitFor(Process p, List<String> command) throws IOException, InterruptedException {
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " timed out");
    }
    return p.exitValue();
  }

  /** What tcpdump read from a capture: records before any damage, and its error if damaged. */
  record TcpdumpCount(long packets, String error) {
    boolean damaged() {
      return !error.isEmpty();
    }
  }

  /**
   * Packets in a capture as tcpdump reads them ({@code --count}); it reads every link type,
   * unlike capinfos, and stops at the first damaged record.
   */
  static TcpdumpCount tcpdump(Path capture) throws IOException, InterruptedException {
    Result r = run(List.of("tcpdump", "--count", "-n", "-r", capture.toString()));
    String text = r.stdout().strip();
    int space = text.indexOf(' ');
    StringBuilder error = new StringBuilder();
    for (String line : r.stderr().split("\n")) {
      if (line.startsWith("tcpdump:")) {
        error.append(error.length() == 0 ? "" : " ").append(line.strip());
      }
    }
    if (space <= 0) {
      return new TcpdumpCount(0, error.length() > 0 ? error.toString() : "no count: " + r.stderr());
    }
    return new TcpdumpCount(Long.parseLong(text.substring(0, space)), error.toString());
  }

  /** tcpdump's packet count (records read before any damage). */
  static long tcpdumpCount(Path capture) throws IOException, InterruptedException {
    return tcpdump(capture).packets();
  }
}
