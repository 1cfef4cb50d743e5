package org.rtfm4j.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rtfm4j.capture.CaptureException;
import org.rtfm4j.capture.CaptureFiles;
import org.rtfm4j.capture.PacketSource;
import org.rtfm4j.flow.FlowCsvWriter;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;

/**
 * The stream cache must change nothing: every shipped rule set, run together over real captures
 * with the cache on and off, gives the same flow records with the same counters.
 */
class StreamCacheTest {
  private static List<RuleSet> shippedRuleSets() throws Exception {
    List<RuleSet> sets = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("rulesets"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".rules")).sorted().toList()) {
        sets.add(RuleFileParser.parse(f));
      }
    }
    return sets;
  }

  private static List<Path> captures() throws IOException {
    List<Path> l = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/captures"))) {
      files.filter(p -> p.toString().endsWith("pcap") || p.toString().endsWith("pcapng"))
          .sorted().forEach(l::add);
    }
    Path corpus = Path.of(System.getProperty("rtfm4j.corpus", "../shared/corpus"));
    for (String name : new String[] {"ndpi/stun.pcap", "ndpi/6in4tunnel.pcap",
        "ndpi/skype.pcap", "ndpi/dns_fragmented_query.pcapng", "ndpi/zoom.pcap"}) {
      if (Files.exists(corpus.resolve(name))) {
        l.add(corpus.resolve(name));
      }
    }
    return l;
  }

  private static String flows(List<RuleSet> sets, Path capture, boolean cache) throws Exception {
    Meter m = new Meter(1 << 16, MeterClock.packetTime(), OctetCounting.IP);
    m.setStreamCache(cache);
    // A short timeout makes flows get recovered and slots reused, which the cache must notice.
    m.flowTable().setInactivityTimeout(2);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FlowCsvWriter csv = new FlowCsvWriter(out);
    m.flowTable().setRecoveryListener(csv::write);
    int task = 1;
    for (RuleSet rs : sets) {
      m.addRuleSet(rs);
      m.setTask(task++, rs.number(), 0, 0);
    }
    try (PacketSource s = CaptureFiles.open(capture)) {
      s.run(m.sink());
    } catch (CaptureException e) {
      // damaged test captures: the packets before the damage are compared
    }
    csv.writeAll(m.flowTable());
    csv.flush();
    return out.toString(java.nio.charset.StandardCharsets.US_ASCII);
  }

  @Test
  void cachedAndUncachedMeteringAgreeOnEveryFlow() throws Exception {
    List<RuleSet> sets = shippedRuleSets();
    assertTrue(sets.size() >= 5);
    List<Path> caps = captures();
    assertTrue(caps.size() >= 10, "test captures: " + caps);
    long records = 0;
    for (Path c : caps) {
      String with = flows(sets, c, true);
      String without = flows(sets, c, false);
      assertEquals(without, with, c.toString());
      records += with.lines().count() - 1;
    }
    assertTrue(records > 200, "flow records compared: " + records);
  }
}
