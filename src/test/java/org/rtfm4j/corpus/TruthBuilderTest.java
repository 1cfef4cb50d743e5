package org.rtfm4j.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The truth builder itself must reproduce the corpus crosscheck tables ({@code
 * crosscheck/NAME/flows_exact.tsv}, made independently of this project): every two-way 5-tuple
 * with its first frame and its packets, wire, captured and IP-layer bytes per direction, and the
 * capture totals.
 */
class TruthBuilderTest {

  static Stream<String> crosschecks() throws IOException {
    Path corpus = CorpusIndex.sharedCorpus();
    if (corpus == null || !Files.isDirectory(corpus.resolve("crosscheck"))) {
      return Stream.of("(no corpus)");
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(corpus.resolve("crosscheck"))) {
      dirs.filter(d -> Files.isRegularFile(d.resolve("flows_exact.tsv")))
          .forEach(d -> names.add(d.getFileName().toString()));
    }
    names.sort(null);
    return names.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crosschecks")
  void reproducesCrosscheckTable(String name) throws Exception {
    Path corpus = CorpusIndex.sharedCorpus();
    assumeTrue(corpus != null, "corpus not found (-Drtfm4j.corpus)");
    assumeTrue(ExternalTool.onPath("tshark"), "tshark not installed");
    Path table = corpus.resolve("crosscheck").resolve(name).resolve("flows_exact.tsv");
    List<String> lines = Files.readAllLines(table, StandardCharsets.UTF_8);
    String source = field(lines, "# source");
    Map<String, String> totals = new TreeMap<>();
    for (String kv : field(lines, "# totals").split("\t")) {
      int eq = kv.indexOf('=');
      totals.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    TreeSet<String> expected = new TreeSet<>();
    boolean header = false;
    for (String line : lines) {
      if (line.startsWith("#")) {
        continue;
      }
      if (!header) {
        assertTrue(line.startsWith("ipver\tl4\tA_addr"), "column header: " + line);
        header = true;
        continue;
      }
      String[] f = line.split("\t");
      f[2] = Addresses.canonical(f[2]);
      f[4] = Addresses.canonical(f[4]);
      expected.add(String.join("\t", f));
    }

    Path capture = corpus.resolve(source.replaceFirst("^corpus/", ""));
    TsharkDissector.Dissection d = TsharkDissector.dissect(capture);
    FlowTruth truth = FlowTruth.of(d.packets(), Long.MAX_VALUE);

    TreeSet<String> actual = new TreeSet<>();
    for (Map.Entry<FlowKey, FlowCounts> e : truth.flows.entrySet()) {
      actual.add(row(e.getKey(), e.getValue()));
    }
    assertEquals(String.join("\n", expected), String.join("\n", actual), "flows of " + source);
    assertEquals(Long.parseLong(totals.get("frames")), truth.frames, "frames");
    assertEquals(Long.parseLong(totals.get("wire_bytes")), truth.wireBytes, "wire bytes");
    assertEquals(Long.parseLong(totals.get("captured_bytes")), truth.capturedBytes, "captured");
    assertEquals(Long.parseLong(totals.get("non_ip_frames")),
        truth.nonIpFrames + truth.brokenIpFrames, "non-IP frames");
    assertEquals(Long.parseLong(totals.get("non_ip_wire_bytes")), truth.nonIpWireBytes,
        "non-IP wire bytes");
    assertEquals(Long.parseLong(totals.get("flows")), truth.flows.size(), "flows");
  }

  /** A row in flows_exact.tsv's shape: A is the endpoint that sent the first packet. */
  private static String row(FlowKey k, FlowCounts c) {
    int ab = c.firstDirection;
    int ba = 1 - ab;
    FlowKey.Endpoint a = ab == 0 ? k.low() : k.high();
    FlowKey.Endpoint b = ab == 0 ? k.high() : k.low();
    return String.join("\t",
        Integer.toString(k.ipVersion()), ProtocolNames.name(k.protocol()),
        a.address(), Integer.toString(a.port()), b.address(), Integer.toString(b.port()),
        Integer.toString(c.firstFrame),
        Long.toString(c.packets[ab]), Long.toString(c.wireBytes[ab]),
        Long.toString(c.capturedBytes[ab]), Long.toString(c.ipBytes[ab]),
        Long.toString(c.packets[ba]), Long.toString(c.wireBytes[ba]),
        Long.toString(c.capturedBytes[ba]), Long.toString(c.ipBytes[ba]));
  }

  private static String field(List<String> lines, String prefix) throws IOException {
    for (String line : lines) {
      if (line.startsWith(prefix + "\t")) {
        return line.substring(prefix.length() + 1);
      }
    }
    throw new IOException("no '" + prefix + "' line");
  }
}
