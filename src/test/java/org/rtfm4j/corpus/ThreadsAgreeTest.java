package org.rtfm4j.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code rtfm meter --threads N} counts what one thread counts: for every corpus capture, every
 * packet disposition, the counted octets, and every flow's packets and octets per direction (by
 * rule set and flow key) are the same with 2 and 3 matching threads as with one. One thread is
 * checked against tshark by {@link CorpusExactnessTest}. Flow records themselves may be cut at
 * other moments: recovery of idle flows runs per thread (RFC 2722 §4.5), so a flow idle for the
 * inactivity timeout may end in one record or two; the totals per key cannot differ.
 *
 * <p>Every capture is metered with the five-tuple rule set; every tenth also with all the shipped
 * rule sets at once, whose flows are keyed on addresses masked differently (subnets /24 and /64),
 * so the packets are spread by the coarsest.
 */
class ThreadsAgreeTest {
  private static final List<String> COUNTERS = List.of("ToOctets", "ToPDUs", "FromOctets",
      "FromPDUs");
  /** Columns that name a record rather than a flow. */
  private static final List<String> NOT_KEY = List.of("FlowIndex", "FirstTime",
      "LastActiveTime");
  private static final int ALL_RULE_SETS_EVERY = 10;
  private static final String[] ALL_RULE_SETS = {"-R", "rulesets/host-pairs.rules",
      "-R", "rulesets/subnets.rules", "-R", "rulesets/applications.rules",
      "-R", "rulesets/netramet-example.rules"};

  static List<Object[]> captures() throws IOException {
    List<Object[]> out = new ArrayList<>();
    int i = 0;
    for (CorpusIndex.Entry e : CorpusIndex.read(CorpusIndex.corpusOrFallback())) {
      out.add(new Object[] {e, i++ % ALL_RULE_SETS_EVERY == 0});
    }
    return out;
  }

  @ParameterizedTest(name = "{0} all rule sets: {1}")
  @MethodSource("captures")
  void threadsCountWhatOneThreadCounts(CorpusIndex.Entry entry, boolean allRuleSets,
      @TempDir Path dir) throws Exception {
    String[] rules = allRuleSets ? ALL_RULE_SETS : new String[0];
    Run one = run(entry, dir.resolve("1"), rules, "--threads", "1");
    for (String threads : new String[] {"2", "3"}) {
      Run many = run(entry, dir.resolve(threads), rules, "--threads", threads);
      assertEquals(one.exitCode, many.exitCode, "exit code with --threads " + threads);
      assertEquals(one.counts, many.counts, "packet dispositions with --threads " + threads);
      assertEquals(one.flows.keySet(), many.flows.keySet(), "flow keys with --threads " + threads);
      for (Map.Entry<String, long[]> f : one.flows.entrySet()) {
        assertTrue(Arrays.equals(f.getValue(), many.flows.get(f.getKey())),
            () -> "--threads " + threads + ": flow " + f.getKey() + " counted "
                + Arrays.toString(many.flows.get(f.getKey())) + ", with one thread "
                + Arrays.toString(f.getValue()));
      }
    }
  }

  private record Run(int exitCode, Map<String, String> counts, Map<String, long[]> flows) {}

  private static Run run(CorpusIndex.Entry entry, Path dir, String[] rules, String... threads)
      throws IOException {
    Files.createDirectories(dir);
    List<String> extra = new ArrayList<>(List.of(rules));
    extra.addAll(List.of(threads));
    MeterRun r = MeterRun.meter(entry.path(), dir, extra.toArray(new String[0]));
    Map<String, String> counts = new TreeMap<>();
    for (String line : Files.readAllLines(dir.resolve("stats.txt"))) {
      if (line.startsWith("packets.") || line.startsWith("octets.")
          || line.startsWith("capture.") || line.startsWith("fragments.")
          || line.startsWith("decoder.")) {
        int eq = line.indexOf('=');
        counts.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return new Run(r.exitCode, counts, totalsByKey(dir.resolve("flows.csv")));
  }

  /** Per flow (rule set and key columns), its four counters summed over its records. */
  private static Map<String, long[]> totalsByKey(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    Map<String, long[]> m = new HashMap<>();
    if (lines.isEmpty()) {
      return m;
    }
    List<String> header = List.of(lines.get(0).split(",", -1));
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split(",", -1);
      StringBuilder key = new StringBuilder();
      long[] c = new long[COUNTERS.size()];
      for (int i = 0; i < header.size(); i++) {
        int counter = COUNTERS.indexOf(header.get(i));
        if (counter >= 0) {
          c[counter] = Long.parseLong(v[i]);
        } else if (!NOT_KEY.contains(header.get(i))) {
          key.append(v[i]).append(',');
        }
      }
      long[] t = m.computeIfAbsent(key.toString(), k -> new long[COUNTERS.size()]);
      for (int i = 0; i < t.length; i++) {
        t[i] += c[i];
      }
    }
    return m;
  }
}
