package org.rtfm4j.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The reader is an SNMP client: it knows the meter only through the Meter MIB. */
class ReaderDependencyTest {
  private static final List<String> FORBIDDEN = List.of("capture", "packet", "match", "flow",
      "meter", "mib", "agent", "cli", "manager");

  @Test
  void theReaderImportsNoMeterCode() throws IOException {
    List<String> wrong = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("src/main/java/org/rtfm4j/reader"))) {
      for (Path f : files.toList()) {
        for (String line : Files.readAllLines(f)) {
          for (String p : FORBIDDEN) {
            if (line.startsWith("import org.rtfm4j." + p + ".")) {
              wrong.add(f.getFileName() + ": " + line);
            }
          }
        }
      }
    }
    assertEquals(List.of(), wrong);
  }
}
