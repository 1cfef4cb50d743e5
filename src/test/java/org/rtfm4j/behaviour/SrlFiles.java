package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rtfm4j.rules.ParsedRuleFile;
import org.rtfm4j.rules.RuleFileException;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleFileWriter;
import org.rtfm4j.rules.RuleSet;
import org.rtfm4j.srl.SrlCompiler;
import org.rtfm4j.srl.SrlException;

/** Compiles the shipped SRL programs the way 'rtfm srl' does. */
final class SrlFiles {
  private SrlFiles() {}

  /** A file of the project, e.g. "examples/srl/rfc2723/4.2-net-kind.srl". */
  static Path project(String relative) {
    Path file = Path.of(System.getProperty("basedir", ".")).resolve(relative);
    assertTrue(Files.isRegularFile(file), file.toAbsolutePath().toString());
    return file;
  }

  /**
   * Compiles a shipped program; it must compile without warnings, and the rule file written
   * from it must read back as the same rule set.
   */
  static RuleSet compile(String relative) {
    Path file = project(relative);
    try {
      ParsedRuleFile p = SrlCompiler.compile(file);
      assertEquals(List.of(), p.warnings(), relative);
      RuleSet rs = p.ruleSet();
      String name = rs.name() + ".rules";
      assertEquals(rs, RuleFileParser.parse(name, RuleFileWriter.write(rs)), relative);
      return rs;
    } catch (IOException | SrlException | RuleFileException e) {
      throw new AssertionError(relative + ": " + e.getMessage(), e);
    }
  }
}
