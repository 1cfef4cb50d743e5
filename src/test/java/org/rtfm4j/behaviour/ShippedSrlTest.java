package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtfm4j.cli.Main;
import org.rtfm4j.rules.ParsedRuleFile;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleFileWriter;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.srl.SrlCompiler;

/**
 * Every shipped rule set has its SRL source beside it (rulesets/NAME.srl): compiled, it meters
 * real captures exactly as the hand-written rulesets/NAME.rules does: the meter's flow CSV is the
 * same, byte for byte, for the bundled example capture, a set of small corpus captures (IPv4,
 * IPv6, DNS, NFS, HTTP over PPPoE, GRE, Teredo), and a capture written from the crafted traffic of
 * {@link SrlMatchesHandTranslationsTest} (which has hosts in 130.216, the network
 * netramet-example counts; no real capture here has any).
 */
class ShippedSrlTest {
  private static final int PCAP_MAGIC = 0xa1b2c3d4;
  private static final int PCAP_VERSION_MAJOR = 2;
  private static final int PCAP_VERSION_MINOR = 4;
  private static final int SNAPLEN = 65535;
  private static final int PCAP_HEADER = 24;
  private static final int RECORD_HEADER = 16;
  private static final int FIRST_SECOND = 1_000_000;
  private static final List<String> CAPTURES = List.of("examples/stun.pcap",
      "src/test/resources/captures/teredo.pcap",
      "src/test/resources/captures/nfsv3.pcap",
      "src/test/resources/captures/dns-google-nsid.pcapng",
      "src/test/resources/captures/gre.pcapng",
      "src/test/resources/captures/suricata-verify__http-ipv6__input.pcap",
      "src/test/resources/captures/suricata-verify__bug-4810__pppoe-session-http.pcap",
      "src/test/resources/captures/ndpi__dns.pcap");

  private static Path project(String relative) {
    return Path.of(System.getProperty("basedir", ".")).resolve(relative);
  }

  @ParameterizedTest
  @ValueSource(strings = {"five-tuple", "host-pairs", "subnets", "applications",
      "netramet-example"})
  void compiledSourceMetersLikeTheRuleFile(String name, @TempDir Path dir) throws Exception {
    Path rules = project("rulesets/" + name + ".rules");
    ParsedRuleFile compiled = SrlCompiler.compile(project("rulesets/" + name + ".srl"));
    assertEquals(List.of(), compiled.warnings(), name);
    RuleSet hand = RuleFileParser.parse(rules);
    RuleSet rs = compiled.ruleSet();
    assertEquals(hand.number(), rs.number(), "SET");
    assertEquals(hand.format(), rs.format(), "FORMAT");
    assertEquals(hand.statistics(), rs.statistics(), "STATISTICS");
    Path written = dir.resolve(name + ".rules");
    Files.writeString(written, RuleFileWriter.write(rs), StandardCharsets.UTF_8);
    Path crafted = dir.resolve("crafted.pcap");
    writePcap(crafted, SrlMatchesHandTranslationsTest.traffic());
    int flows = 0;
    List<Path> captures = new ArrayList<>();
    for (String c : CAPTURES) {
      captures.add(project(c));
    }
    captures.add(crafted);
    for (Path capture : captures) {
      String expected = meter(capture, rules, dir.resolve("hand.csv"));
      String actual = meter(capture, written, dir.resolve("srl.csv"));
      assertEquals(expected, actual, name + " on " + capture);
      flows += expected.split("\n").length - 1;
    }
    assertTrue(flows >= 10, name + ": only " + flows + " flows in all captures");
  }

  /** {@code rtfm meter -r CAPTURE -R RULES --flows-out CSV -q}: the CSV text. */
  private static String meter(Path capture, Path rules, Path csv) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(new String[] {"meter", "-r", capture.toString(), "-R",
          rules.toString(), "--flows-out", csv.toString(), "-q"}, o, e);
    }
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return Files.readString(csv, StandardCharsets.US_ASCII);
  }

  /** A classic pcap file (Ethernet, microseconds) of the packets as Ethernet frames. */
  private static void writePcap(Path file, List<Pkt> packets) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(PCAP_HEADER).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(PCAP_MAGIC).putShort((short) PCAP_VERSION_MAJOR)
        .putShort((short) PCAP_VERSION_MINOR).putInt(0).putInt(0).putInt(SNAPLEN)
        .putInt(EthernetFrames.LINKTYPE_ETHERNET);
    out.write(h.array());
    int second = FIRST_SECOND;
    for (Pkt p : packets) {
      byte[] frame = EthernetFrames.of(p);
      ByteBuffer r = ByteBuffer.allocate(RECORD_HEADER).order(ByteOrder.LITTLE_ENDIAN);
      r.putInt(second++).putInt(0).putInt(frame.length).putInt(frame.length);
      out.write(r.array());
      out.write(frame);
    }
    Files.write(file, out.toByteArray());
  }
}
