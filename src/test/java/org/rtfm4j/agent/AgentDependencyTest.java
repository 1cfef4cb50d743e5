package org.rtfm4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Data flows one way: the agent and the MIB read the meter, the meter never knows about SNMP, the
 * agent, or the MIB, and neither the agent nor the MIB touches packet capture.
 */
class AgentDependencyTest {
  private static final Path SOURCES = Path.of("src/main/java/org/rtfm4j");
  /** The meter core; cli (which wires the agent) and mib may use SNMP. */
  private static final List<String> CORE = List.of("capture", "packet", "match", "flow", "meter",
      "rules");

  @Test
  void agentDoesNotTouchCaptureAndTheMeterCoreDoesNotTouchSnmp() throws IOException {
    List<String> wrong = new ArrayList<>();
    int agentFiles = 0;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(f);
        String pkg = SOURCES.relativize(f.getParent()).toString();
        boolean inAgent = pkg.equals("agent") || pkg.equals("mib") || pkg.equals("client");
        if (inAgent) {
          agentFiles++;
        }
        boolean capture = text.contains("import org.rtfm4j.capture") || text.contains("org.pcap4j");
        boolean snmp = text.contains("import org.rtfm4j.agent")
            || text.contains("import org.rtfm4j.mib") || text.contains("org.snmp4j");
        if (text.contains("org.pcap4j") && text.contains("org.snmp4j")) {
          wrong.add(f + " uses both pcap4j and SNMP4J");
        }
        if (inAgent && capture) {
          wrong.add(f + " imports capture");
        }
        if (CORE.contains(pkg) && snmp) {
          wrong.add(f + " imports the agent, the MIB or SNMP4J");
        }
      }
    }
    assertTrue(agentFiles > 0, "no agent sources under " + SOURCES.toAbsolutePath());
    assertEquals(List.of(), wrong);
  }
}
