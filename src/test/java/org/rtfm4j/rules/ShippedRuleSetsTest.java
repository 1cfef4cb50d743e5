package org.rtfm4j.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rule files shipped in rulesets/ at the top of the project. */
class ShippedRuleSetsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Map<String, Integer> EXPECTED = Map.of("five-tuple", 5, "host-pairs", 6,
      "subnets", 7, "applications", 8, "netramet-example", 9);

  static Path dir() {
    Path d = Path.of(System.getProperty("basedir", ".")).resolve("rulesets");
    assertTrue(Files.isDirectory(d), d.toAbsolutePath().toString());
    return d;
  }

  static RuleSet load(String name) throws Exception {
    ParsedRuleFile p = RuleFileParser.parseWithWarnings(dir().resolve(name + ".rules"));
    assertEquals(List.of(), p.warnings(), name);
    return p.ruleSet();
  }

  @Test
  void everyShippedFileParsesWithoutWarningsAndRoundTrips() throws Exception {
    Map<String, Integer> found = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir())) {
      files = s.filter(p -> p.toString().endsWith(".rules")).sorted().toList();
    }
    for (Path f : files) {
      ParsedRuleFile p = RuleFileParser.parseWithWarnings(f);
      assertEquals(List.of(), p.warnings(), f.toString());
      RuleSet rs = p.ruleSet();
      found.put(rs.name(), rs.number());
      assertEquals(rs, RuleFileParser.parse(rs.name(), RuleFileWriter.write(rs)), f.toString());
      assertTrue(!rs.format().isEmpty(), f + " has a FORMAT");
    }
    assertEquals(new TreeMap<>(EXPECTED), found, "file names and SET numbers");
  }

  /** Attributes the rule set can save into a flow key (push and count rules), Null aside. */
  static Set<Attribute> saved(RuleSet rs) {
    Set<Attribute> out = EnumSet.noneOf(Attribute.class);
    for (Rule r : rs.rules()) {
      switch (r.action()) {
        case PUSH_PKT_TO, PUSH_PKT_TO_ACT, PUSH_RULE_TO, PUSH_RULE_TO_ACT, COUNT, COUNT_PKT -> {
          if (r.attribute() != Attribute.NULL) {
            out.add(r.attribute());
          }
        }
        default -> { }
      }
    }
    return out;
  }

  static List<Rule> rulesOn(RuleSet rs, Attribute a) {
    List<Rule> out = new ArrayList<>();
    for (Rule r : rs.rules()) {
      if (r.attribute() == a) {
        out.add(r);
      }
    }
    return out;
  }

  @Test
  void fiveTupleSavesTheFiveTupleWithFullMasks() throws Exception {
    RuleSet rs = load("five-tuple");
    // The key: SourcePeerType, both addresses, SourceTransType, both ports.
    assertEquals(EnumSet.of(Attribute.SOURCE_PEER_TYPE,
        Attribute.SOURCE_PEER_ADDRESS, Attribute.DEST_PEER_ADDRESS, Attribute.SOURCE_TRANS_TYPE,
        Attribute.SOURCE_TRANS_ADDRESS, Attribute.DEST_TRANS_ADDRESS),
        saved(rs));
    List<Rule> src = rulesOn(rs, Attribute.SOURCE_PEER_ADDRESS);
    assertEquals(2, src.size());
    assertArrayEquals(HEX.parseHex("ffffffff000000000000000000000000"), src.get(0).mask(), "/32");
    assertArrayEquals(HEX.parseHex("ffffffffffffffffffffffffffffffff"), src.get(1).mask(), "/128");
    for (Rule r : rulesOn(rs, Attribute.SOURCE_TRANS_ADDRESS)) {
      assertArrayEquals(HEX.parseHex("ffff"), r.mask());
    }
    assertTrue(rs.rules().stream().noneMatch(r -> r.action() == Action.NO_MATCH),
        "no direction is imposed");
  }

  @Test
  void hostPairsAndSubnetsSaveTypesAndMaskedAddresses() throws Exception {
    Set<Attribute> key = EnumSet.of(Attribute.SOURCE_PEER_TYPE, Attribute.DEST_PEER_TYPE,
        Attribute.SOURCE_PEER_ADDRESS, Attribute.DEST_PEER_ADDRESS);
    RuleSet hosts = load("host-pairs");
    assertEquals(key, saved(hosts));
    RuleSet subnets = load("subnets");
    assertEquals(key, saved(subnets));
    for (Attribute a : List.of(Attribute.SOURCE_PEER_ADDRESS, Attribute.DEST_PEER_ADDRESS)) {
      List<Rule> r = rulesOn(subnets, a);
      assertArrayEquals(HEX.parseHex("ffffff00000000000000000000000000"), r.get(0).mask(), "/24");
      assertArrayEquals(HEX.parseHex("ffffffffffffffff0000000000000000"), r.get(1).mask(), "/64");
    }
  }

  @Test
  void applicationsTestServerPortsInAscendingOrderAndSetTheDocumentedFlowKind()
      throws Exception {
    // The table in the file's header comment.
    Map<Integer, Character> kinds = new LinkedHashMap<>();
    for (int p : new int[] {80, 443, 8080}) {
      kinds.put(p, 'W');
    }
    kinds.put(53, 'D');
    for (int p : new int[] {25, 110, 143, 465, 587, 993, 995}) {
      kinds.put(p, 'M');
    }
    kinds.put(22, 'S');
    kinds.put(20, 'F');
    kinds.put(21, 'F');
    kinds.put(123, 'N');

    RuleSet rs = load("applications");
    List<Rule> rules = rs.rules();
    Map<Integer, Character> found = new LinkedHashMap<>();
    int previous = -1;
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      if (r.attribute() != Attribute.DEST_TRANS_ADDRESS) {
        continue;
      }
      int port = ((r.value()[0] & 0xff) << 8) | (r.value()[1] & 0xff);
      assertTrue(port > previous, "ascending: " + port);
      previous = port;
      assertEquals(Action.PUSH_RULE_TO, r.action(), "saves the server port and keeps testing");
      Rule retry = rules.get(i + 1);
      assertEquals(Attribute.SOURCE_TRANS_ADDRESS, retry.attribute());
      assertArrayEquals(r.value(), retry.value());
      assertEquals(Action.NO_MATCH, retry.action(), "server at the source: match reversed");
      Rule same = rules.get(r.parameter() - 1);
      Rule otherwise = rules.get(r.parameter());
      assertEquals(Attribute.SOURCE_TRANS_ADDRESS, same.attribute());
      assertArrayEquals(r.value(), same.value());
      assertEquals(same.parameter(), otherwise.parameter());
      Rule kind = rules.get(same.parameter() - 1);
      assertEquals(Attribute.FLOW_KIND, kind.attribute());
      found.put(port, (char) kind.value()[0]);
    }
    assertEquals(new TreeMap<>(kinds), new TreeMap<>(found));
    assertTrue(rules.stream().anyMatch(r -> r.attribute() == Attribute.FLOW_KIND
        && r.value()[0] == '?'), "'?' for everything else");
    assertEquals(EnumSet.of(Attribute.SOURCE_PEER_TYPE, Attribute.DEST_PEER_TYPE,
        Attribute.SOURCE_PEER_ADDRESS, Attribute.DEST_PEER_ADDRESS, Attribute.SOURCE_TRANS_TYPE,
        Attribute.DEST_TRANS_TYPE, Attribute.SOURCE_TRANS_ADDRESS, Attribute.DEST_TRANS_ADDRESS,
        Attribute.FLOW_KIND), saved(rs));
  }

  @Test
  void netrametExampleKeepsTheExcerptsRules() throws Exception {
    RuleSet rs = load("netramet-example");
    Rule assign = rs.rules().get(2);
    assertEquals(Attribute.V1, assign.attribute());
    assertArrayEquals(new byte[] {9}, assign.value());
    Rule classify = rs.rules().get(6);
    assertArrayEquals(HEX.parseHex("ffff0000000000000000000000000000"), classify.mask());
    assertArrayEquals(HEX.parseHex("82d80000000000000000000000000000"), classify.value());
    assertTrue(rs.statistics());
  }

  @Test
  void shippedFilesAreReadableAsText() throws IOException {
    try (Stream<Path> s = Files.list(dir())) {
      for (Path f : s.toList()) {
        String text = Files.readString(f);
        assertTrue(text.startsWith("# "), f + " starts with its description");
      }
    }
  }
}
