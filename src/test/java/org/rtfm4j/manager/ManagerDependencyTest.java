package org.rtfm4j.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manager is an SNMP client of the meter: it uses the rule set model and the client, never
 * the meter, its flow table, its capture or its agent (it must work against any RFC 2720 meter).
 */
class ManagerDependencyTest {
  private static final Path SOURCES = Path.of("src/main/java/org/rtfm4j/manager");
  private static final List<String> ALLOWED = List.of("org.rtfm4j.rules.", "org.rtfm4j.client.",
      "org.snmp4j.", "java.");

  @Test
  void importsOnlyTheRuleModelTheClientSnmp4jAndJava() throws Exception {
    List<String> wrong = new ArrayList<>();
    int files = 0;
    try (Stream<Path> s = Files.list(SOURCES)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
        files++;
        for (String line : Files.readAllLines(f)) {
          if (line.startsWith("import ")) {
            String what = line.substring("import ".length()).replace("static ", "");
            if (ALLOWED.stream().noneMatch(what::startsWith)) {
              wrong.add(f.getFileName() + ": " + line);
            }
          }
        }
      }
    }
    assertTrue(files >= 10, "manager sources not found under " + SOURCES.toAbsolutePath());
    assertEquals(List.of(), wrong);
  }
}
