package org.rtfm4j.reader;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a reader knows about its collection from one meter's rule set after its last durable
 * pass; kept in the {@code state} file of the pass directory (key=value lines).
 *
 * @param seq the last durable pass's number; before the first, the highest pass number in the
 *     directory (0 for none)
 * @param readerIndex its flowReaderInfoTable row (0: none yet)
 * @param owner the flowReaderOwner it registered with
 * @param start meter time the last durable pass began at: every flow last active before it was
 *     read at its final counters by that pass or an earlier one; {@link #NONE} when nothing is
 *     (yet, or again after a restart)
 * @param upTime the meter's sysUpTime seen last; {@link #NONE} when unknown
 * @param ruleSetStamp flowRuleInfoTimeStamp of the rule set then; {@link #NONE} when absent
 * @param file the last durable pass's file name, or empty
 * @param history the flow history file of that pass (d_ columns), or empty
 */
record ReaderState(long seq, int readerIndex, String owner, long start, long upTime,
    long ruleSetStamp, String file, String history) {
  /** No value. */
  static final long NONE = -1;
  private static final int FORMAT = 1;

  /** Nothing durable yet; the next pass is number {@code lastSeq} + 1. */
  static ReaderState initial(String owner, long lastSeq) {
    return new ReaderState(lastSeq, 0, owner, NONE, NONE, NONE, "", "");
  }

  /** The file's text; {@code meter} and {@code ruleSet} are there for people reading it. */
  String text(String meter, int ruleSet) {
    return "# rtfm reader state: the last durable pass (do not edit)\n"
        + "format=" + FORMAT + "\n"
        + "meter=" + meter + "\n"
        + "ruleSet=" + ruleSet + "\n"
        + "seq=" + seq + "\n"
        + "readerIndex=" + readerIndex + "\n"
        + "owner=" + owner.replace('\n', ' ') + "\n"
        + "start=" + start + "\n"
        + "upTime=" + upTime + "\n"
        + "ruleSetStamp=" + ruleSetStamp + "\n"
        + "file=" + file + "\n"
        + "history=" + history + "\n";
  }

  /** Parses {@link #text}; {@code where} names the file in messages. */
  static ReaderState parse(String text, String where) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IOException(where + ": not a reader state line: " + line);
      }
      m.put(line.substring(0, eq), line.substring(eq + 1));
    }
    try {
      if (Integer.parseInt(m.getOrDefault("format", "0")) != FORMAT) {
        throw new IOException(where + ": unknown reader state format " + m.get("format"));
      }
      return new ReaderState(Long.parseLong(get(m, "seq", where)),
          Integer.parseInt(get(m, "readerIndex", where)), get(m, "owner", where),
          Long.parseLong(get(m, "start", where)), Long.parseLong(get(m, "upTime", where)),
          Long.parseLong(get(m, "ruleSetStamp", where)), get(m, "file", where),
          get(m, "history", where));
    } catch (NumberFormatException e) {
      throw new IOException(where + ": damaged reader state: " + e.getMessage(), e);
    }
  }

  private static String get(Map<String, String> m, String key, String where) throws IOException {
    String v = m.get(key);
    if (v == null) {
      throw new IOException(where + ": reader state without " + key);
    }
    return v;
  }
}
