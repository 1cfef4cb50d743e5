package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleFileWriter;
import org.rtfm4j.rules.RuleSet;

/**
 * The hand translations of RFC 2723's SRL examples and RFC 2722's rule-behaviour examples parse
 * cleanly (no warnings from the parser or the rule-set checker), survive a write/parse round
 * trip, and each says where it comes from.
 */
class RfcTranslationsParseTest {
  private static final List<String> DIRECTORIES = List.of("/rfc2723", "/rfc2722");
  /** The rule set numbers of rulesets/: a translation must not take one. */
  private static final List<Integer> SHIPPED = List.of(5, 6, 7, 8, 9);

  private static List<String> files() throws IOException, URISyntaxException {
    List<String> out = new ArrayList<>();
    for (String dir : DIRECTORIES) {
      URL url = RfcTranslationsParseTest.class.getResource(dir);
      assertTrue(url != null, dir);
      try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
        s.map(p -> dir + "/" + p.getFileName()).filter(n -> n.endsWith(".rules")).sorted()
            .forEach(out::add);
      }
    }
    return out;
  }

  /** RFC 2722 §4.3's inconsistent rule set: the checker must warn about it, and only it. */
  private static final String INCONSISTENT = "/rfc2722/4.3-inconsistent-a-to-b.rules";

  @Test
  void everyTranslationParsesWithoutWarningsAndHasItsOwnNumber() throws Exception {
    List<String> files = files();
    assertEquals(14, files.size(), files.toString());
    Map<Integer, String> numbers = new HashMap<>();
    for (String f : files) {
      RuleSet rs = f.equals(INCONSISTENT)
          ? RuleFiles.resourceWithWarning(f, Rfc2722ExamplesTest.INCONSISTENT_WARNING)
          : RuleFiles.resource(f);
      String clash = numbers.put(rs.number(), f);
      assertEquals(null, clash, "SET " + rs.number() + " of " + f);
      assertTrue(!SHIPPED.contains(rs.number()), f + " takes a shipped rule set's number");
      assertEquals(rs, RuleFileParser.parse(rs.name(), RuleFileWriter.write(rs)), f);
    }
  }

  @Test
  void everyTranslationNamesItsRfcSectionAndQuotesIt() throws Exception {
    for (String f : files()) {
      String text = RuleFiles.text(f);
      String rfc = f.startsWith("/rfc2723") ? "RFC 2723" : "RFC 2722";
      String section = f.substring(f.lastIndexOf('/') + 1, f.indexOf('-'));
      assertTrue(text.startsWith("# " + rfc + " section " + section), f);
      assertTrue(text.contains("Translation"), f + " explains its translation");
    }
  }
}
