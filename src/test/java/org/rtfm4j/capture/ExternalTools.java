package org.rtfm4j.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the Wireshark and tcpdump tools that give the tests their independent truth. */
final class ExternalTools {
  private static final long TIMEOUT_SECONDS = 120;

  private ExternalTools() {}

  /** The corpus directory from the {@code rtfm4j.corpus} property, or null when absent. */
  static Path corpus() {
    String dir = System.getProperty("rtfm4j.corpus");
    if (dir == null) {
      return null;
    }
    Path p = Path.of(dir);
    return Files.isRegularFile(p.resolve("INDEX.tsv")) ? p : null;
  }

  static boolean available(String tool) {
    return Files.isExecutable(Path.of("/usr/bin", tool)) || onPath(tool);
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Result of a command: exit code, stdout, stderr. */
  record Result(int exitCode, String out, String err) {
    List<String> lines() {
      List<String> l = new ArrayList<>();
      for (String s : out.split("\n")) {
        if (!s.isEmpty()) {
          l.add(s);
        }
      }
      return l;
    }
  }

  static Result run(String... command) {
    try {
      Path errFile = Files.createTempFile("rtfm4j-tool", ".err");
      try {
        Process p = new ProcessBuilder(command).redirectError(errFile.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
            Files.readString(errFile));
      } finally {
        Files.deleteIfExists(errFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Packets tcpdump (libpcap) reads from {@code file} before its end or first error. */
  static long tcpdumpCount(Path file) {
    Result r = run("tcpdump", "-r", file.toString(), "--count");
    for (String line : r.lines()) {
      String[] w = line.trim().split(" ");
      if (w.length == 2 && (w[1].equals("packets") || w[1].equals("packet"))) {
        return Long.parseLong(w[0]);
      }
    }
    // libpcap refused the file header: nothing was read.
    return 0;
  }
}
