package org.rtfm4j.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Decodes real captures of the shared corpus frame by frame and compares the match key with
 * tshark's dissection ({@link TsharkTruth}); tcpdump's malformed captures must decode without a
 * fault with every frame accounted for.
 */
class CorpusDecodeTest {
  /** INDEX.tsv features whose captures the default sample must include. */
  private static final List<String> FEATURES = List.of("vlan", "mpls", "pppoe", "ipv6frag",
      "ipfrag", "gre", "gtp", "teredo", "truncated", "vxlan", "esp", "ah", "ip-in-ip/tunnel",
      "icmp-error", "icmpv6-error");
  /** INDEX.tsv link types other than Ethernet that the meter decodes. */
  private static final List<String> LINK_TYPES = List.of("null", "rawip", "rawip4", "linux-sll",
      "linux-sll2");
  private static final int FILES_PER_FEATURE = 5;
  private static final int MAX_PACKETS = 50_000;
  /** Captures that exercise a documented decision; always in the sample. */
  private static final List<String> ALWAYS = List.of(
      "suricata-verify/security-8510__defrag-af-confusion-spray-h8.pcap",
      "suricata-verify/bug-4810__pppoe-session-http.pcap",
      "suricata-verify/detect-ipopts__input.pcap",
      "suricata-verify/decode-etag-01__input.pcap",
      "suricata-verify/decode-vntag-01__input.pcap",
      "suricata-verify/decode-nsh-type2__input.pcap",
      "suricata-verify/sctp-pkt-too-small__input.pcap",
      "suricata-verify/bug-7414-decoder-event-01__ip_secopt.pcap",
      "ndpi/ajp.pcap",
      "ndpi/dlt_ppp.pcap");

  static Path corpus() {
    String dir = System.getProperty("rtfm4j.corpus");
    assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "corpus not present");
    assumeTrue(TsharkTruth.available(), "tshark not installed");
    return Path.of(dir);
  }

  @Test
  void sampleOfCorpusMatchesTshark() throws Exception {
    Path corpus = corpus();
    List<String> files = sample(corpus);
    FrameComparison c = compareAll(corpus, files);
    assertTrue(c.ipFramesCompared > 10_000, "too few IP frames compared: " + c.ipFramesCompared);
    assertTrue(c.laterFragmentsWithPorts > 100, "later fragments with inherited ports: "
        + c.laterFragmentsWithPorts);
    assertEquals(Map.of(), c.unexplained, () -> String.join("\n", c.samples));
  }

  @Test
  @Tag("long")
  void wholeCorpusMatchesTshark() throws Exception {
    Path corpus = corpus();
    List<String> files;
    try (Stream<Path> s = Files.walk(corpus)) {
      files = s.filter(CorpusDecodeTest::isCapture).map(p -> corpus.relativize(p).toString())
          .sorted().collect(Collectors.toList());
    }
    FrameComparison c = compareAll(corpus, files);
    assertEquals(Map.of(), c.unexplained, () -> String.join("\n", c.samples));
  }

  @Test
  void malformedCapturesAccountForEveryFrame() throws Exception {
    Path dir = corpus().resolve("malformed");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(CorpusDecodeTest::isCapture).sorted().collect(Collectors.toList());
    }
    assumeTrue(!files.isEmpty());
    Map<String, Integer> capinfos = capinfosCounts(dir, files);
    DecodedPacket out = new DecodedPacket();
    int frames = 0;
    int countsChecked = 0;
    Map<DecodeResult, Integer> results = new HashMap<>();
    for (Path f : files) {
      TestPcap pcap = TestPcap.read(f);
      PacketDecoder decoder = new PacketDecoder();
      int[] byResult = new int[DecodeResult.values().length];
      for (TestPcap.Frame fr : pcap.frames) {
        DecodeResult r = decoder.decode(fr.linkType(), pcap.data, fr.offset(),
            fr.capturedLength(), fr.wireLength(), fr.timestampNanos(), out);
        byResult[r.ordinal()]++;
        results.merge(r, 1, Integer::sum);
        if (r == DecodeResult.MALFORMED) {
          assertTrue(decoder.lastMalformedReason() != null, f.toString());
        }
      }
      int sum = 0;
      for (int n : byResult) {
        sum += n;
      }
      assertEquals(pcap.frames.size(), sum, f.toString());
      assertEquals(0, decoder.decoderFaults(), f.toString());
      Integer expected = capinfos.get(f.getFileName().toString());
      if (expected != null && !pcap.damaged) {
        assertEquals(expected.intValue(), pcap.frames.size(), "frames in " + f);
        countsChecked++;
      }
      frames += pcap.frames.size();
    }
    System.out.printf("malformed/: %d files, %d frames, %s; frame counts checked against"
        + " capinfos in %d files%n", files.size(), frames, results, countsChecked);
    assertTrue(countsChecked > files.size() / 2, "capinfos counted too few files");
  }

  static FrameComparison compareAll(Path corpus, List<String> files) throws Exception {
    FrameComparison c = new FrameComparison();
    for (String name : files) {
      Path f = corpus.resolve(name);
      c.compare(name, TestPcap.read(f), TsharkTruth.of(f));
    }
    System.out.printf("%d files: %d frames compared (%d IP), results %s, tshark refused %d files%n"
        + "later fragments %d (%d with ports of their first fragment)%n"
        + "explained differences %s%nunexplained %s%n", files.size(), c.framesCompared,
        c.ipFramesCompared, c.results, c.filesTsharkRefused, c.laterFragments,
        c.laterFragmentsWithPorts, c.explained, c.unexplained);
    c.samples.stream().limit(40).forEach(System.out::println);
    return c;
  }

  /** The default sample: a few captures per INDEX.tsv feature and link type, plus fixed ones. */
  private static List<String> sample(Path corpus) throws IOException {
    Set<String> chosen = new LinkedHashSet<>(ALWAYS);
    Map<String, Integer> perFeature = new HashMap<>();
    for (String line : Files.readAllLines(corpus.resolve("INDEX.tsv"))) {
      String[] col = line.split("\t", -1);
      if (col.length < 12 || col[0].equals("file") || !col[5].matches("\\d+")
          || Integer.parseInt(col[5]) > MAX_PACKETS) {
        continue;
      }
      List<String> tags = new ArrayList<>(List.of(col[11].split(",")));
      tags.add("link:" + col[4]);
      for (String tag : tags) {
        boolean wanted = FEATURES.contains(tag)
            || (tag.startsWith("link:") && LINK_TYPES.contains(tag.substring(5)));
        if (wanted && perFeature.merge(tag, 1, Integer::sum) <= FILES_PER_FEATURE) {
          chosen.add(col[0]);
        }
      }
    }
    chosen.removeIf(name -> !Files.exists(corpus.resolve(name)));
    return new ArrayList<>(chosen);
  }

  /** Packet counts per file from capinfos (files it cannot read are left out). */
  private static Map<String, Integer> capinfosCounts(Path dir, List<Path> files)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/capinfos", "-c", "-M", "-T", "-r"));
    for (Path f : files) {
      cmd.add(f.getFileName().toString());
    }
    Map<String, Integer> counts = new HashMap<>();
    if (!Files.isExecutable(Path.of(cmd.get(0)))) {
      return counts;
    }
    Process p = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] col = line.split("\t");
        if (col.length == 2 && col[1].matches("\\d+")) {
          counts.put(col[0], Integer.parseInt(col[1]));
        }
      }
    }
    p.waitFor(1, TimeUnit.MINUTES);
    return counts;
  }

  private static boolean isCapture(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".pcap") || n.endsWith(".pcapng") || n.endsWith(".cap");
  }
}
