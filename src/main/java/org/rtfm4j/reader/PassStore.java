package org.rtfm4j.reader;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directory of one meter's rule set ({@code OUT/HOST_PORT/rs-N/}): its pass files, its state
 * and the commit that makes a pass durable. Holds a lock on {@code .lock} so only one reader
 * writes there (the lock goes with the process, even with kill -9).
 *
 * <p>Commit of pass SEQ, each step durable before the next (fsync of the file, then of the
 * directory after a rename):
 * <ol>
 *   <li>the pass's temporary file {@code .pass-SEQ.tmp} is fsynced (and the flow history, with
 *       d_ columns, renamed to {@code history-SEQ.bin});</li>
 *   <li>{@code state.next} is written, naming the pass file;</li>
 *   <li>the temporary file is renamed to its name: this is the commit point;</li>
 *   <li>{@code state.next} is renamed to {@code state}.</li>
 * </ol>
 * Opening the directory finishes or undoes an interrupted commit: a {@code state.next} whose pass
 * file exists becomes {@code state}; otherwise it and every temporary file go. So a pass is in the
 * directory exactly once or not at all, and {@code state} always describes the last pass there.
 */
final class PassStore implements AutoCloseable {
  static final String STATE = "state";
  static final String STATE_NEXT = "state.next";
  private static final String LOCK = ".lock";
  private static final String TEMP_SUFFIX = ".tmp";
  /** pass-SEQ-START[-restart|-changed].EXT. */
  private static final Pattern PASS_NAME = Pattern.compile("pass-(\\d{1,18})-.*");

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final CrashPoint crash;
  private final String meter;
  private final int ruleSet;
  private ReaderState state;

  private PassStore(Path dir, FileChannel lockChannel, FileLock lock, CrashPoint crash,
      String meter, int ruleSet, ReaderState state) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.crash = crash;
    this.meter = meter;
    this.ruleSet = ruleSet;
    this.state = state;
  }

  /**
   * Opens (creating) {@code dir}, takes its lock, and finishes or undoes an interrupted commit.
   *
   * @param owner the owner for a directory without state
   * @throws IOException when another reader holds the lock, or the directory is unusable
   */
  static PassStore open(Path dir, String meter, int ruleSet, String owner, CrashPoint crash)
      throws IOException {
    Files.createDirectories(dir);
    FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      throw new IOException("another reader is writing " + dir);
    }
    try {
      ReaderState s = recover(dir, owner);
      return new PassStore(dir, ch, lock, crash, meter, ruleSet, s);
    } catch (IOException | RuntimeException e) {
      lock.release();
      ch.close();
      throw e;
    }
  }

  private static ReaderState recover(Path dir, String owner) throws IOException {
    Path next = dir.resolve(STATE_NEXT);
    if (Files.exists(next)) {
      ReaderState n = ReaderState.parse(Files.readString(next, StandardCharsets.UTF_8),
          next.toString());
      if (!n.file().isEmpty() && Files.exists(dir.resolve(n.file()))) {
        // Killed after the commit point: the pass is there, so is its state.
        Files.move(next, dir.resolve(STATE), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.delete(next);
      }
      syncDirectory(dir);
    }
    Path statePath = dir.resolve(STATE);
    ReaderState s = Files.exists(statePath)
        ? ReaderState.parse(Files.readString(statePath, StandardCharsets.UTF_8),
            statePath.toString())
        : ReaderState.initial(owner, lastPassNumber(dir));
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        boolean temp = name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
        boolean staleHistory = name.startsWith("history-") && !name.equals(s.history());
        if (temp || staleHistory) {
          Files.delete(p);
        }
      }
    }
    return s;
  }

  /**
   * The highest pass number of the pass files in {@code dir}: a directory whose state file was
   * removed numbers its next passes after them, so no pass file is ever replaced.
   */
  private static long lastPassNumber(Path dir) throws IOException {
    long max = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "pass-*")) {
      for (Path p : ds) {
        Matcher m = PASS_NAME.matcher(p.getFileName().toString());
        if (m.matches()) {
          max = Math.max(max, Long.parseLong(m.group(1)));
        }
      }
    }
    return max;
  }

  /** The directory. */
  Path dir() {
    return dir;
  }

  /** The state of the last durable pass. */
  ReaderState state() {
    return state;
  }

  /** A fresh temporary file for {@code name} (not yet created). */
  Path temp(String name) throws IOException {
    Path p = dir.resolve("." + name + TEMP_SUFFIX);
    Files.deleteIfExists(p);
    return p;
  }

  /** Deletes temporary files of a pass that will not be committed. */
  void discard(Path... temps) {
    for (Path p : temps) {
      if (p != null) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // Left over: the next open() deletes it.
        }
      }
    }
  }

  /**
   * Makes pass {@code next.seq()} durable under {@code next.file()} (see the class comment) and
   * {@code next} the state.
   *
   * @param passTemp the written pass, from {@link #temp}
   * @param historyTemp the flow history to keep as {@code next.history()}, or null
   */
  void commit(Path passTemp, Path historyTemp, ReaderState next) throws IOException {
    syncFile(passTemp);
    if (historyTemp != null) {
      syncFile(historyTemp);
      Files.move(historyTemp, dir.resolve(next.history()), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
    crash.reached("written");
    Path nextTemp = temp(STATE_NEXT);
    Files.writeString(nextTemp, next.text(meter, ruleSet), StandardCharsets.UTF_8);
    syncFile(nextTemp);
    Files.move(nextTemp, dir.resolve(STATE_NEXT), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(dir);
    crash.reached("state.next");
    Files.move(passTemp, dir.resolve(next.file()), StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(dir);
    crash.reached("renamed");
    Files.move(dir.resolve(STATE_NEXT), dir.resolve(STATE), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(dir);
    String oldHistory = state.history();
    state = next;
    if (!oldHistory.isEmpty() && !oldHistory.equals(next.history())) {
      Files.deleteIfExists(dir.resolve(oldHistory));
    }
    crash.reached("committed");
  }

  private static void syncFile(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /** fsync of a directory, so the renames in it survive a crash of the machine too. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      // The process ends or the channel is gone; the lock goes with it.
    }
  }
}
