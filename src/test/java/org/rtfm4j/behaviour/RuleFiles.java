package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rtfm4j.rules.ParsedRuleFile;
import org.rtfm4j.rules.RuleFileException;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;

/** Loads rule files the way the meter's users do: through RuleFileParser, warnings included. */
final class RuleFiles {
  static final int FIVE_TUPLE = 5;
  static final int HOST_PAIRS = 6;
  static final int SUBNETS = 7;
  static final int APPLICATIONS = 8;
  static final int NETRAMET_EXAMPLE = 9;

  private RuleFiles() {}

  /** A rule set shipped in rulesets/ (e.g. "five-tuple"); it must parse without warnings. */
  static RuleSet shipped(String name) {
    Path file = Path.of(System.getProperty("basedir", ".")).resolve("rulesets")
        .resolve(name + ".rules");
    assertTrue(Files.isRegularFile(file), file.toAbsolutePath().toString());
    try {
      return clean(RuleFileParser.parseWithWarnings(file));
    } catch (IOException | RuleFileException e) {
      throw new AssertionError(file + ": " + e.getMessage(), e);
    }
  }

  /** A rule file under src/test/resources (e.g. "/rfc2723/4.1-classify-ip-ports.rules"). */
  static RuleSet resource(String path) {
    try {
      return clean(RuleFileParser.parseWithWarnings(path, text(path)));
    } catch (RuleFileException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /**
   * A rule file under src/test/resources that must parse with exactly one warning, containing
   * {@code warning}: for translations whose fault is what the RFC text is about.
   */
  static RuleSet resourceWithWarning(String path, String warning) {
    try {
      ParsedRuleFile p = RuleFileParser.parseWithWarnings(path, text(path));
      assertEquals(1, p.warnings().size(), p.warnings().toString());
      assertTrue(p.warnings().get(0).contains(warning), p.warnings().get(0));
      return p.ruleSet();
    } catch (RuleFileException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** The text of a test resource. */
  static String text(String path) {
    try (InputStream in = RuleFiles.class.getResourceAsStream(path)) {
      assertNotNull(in, path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(path, e);
    }
  }

  private static RuleSet clean(ParsedRuleFile p) {
    assertEquals(List.of(), p.warnings(), p.ruleSet().name());
    return p.ruleSet();
  }
}
