package org.rtfm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code rtfm demo}: meter, manager and reader over SNMP on loopback; its table of top flows holds
 * what {@code examples/stun.flows.csv} (the meter's own output for the example, a golden file
 * other tests check against tshark) says of the same conversations.
 */
class DemoCommandTest {
  @Test
  void theDemoPrintsTheTopFlowsOfTheExampleAndStopsEverything() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int threadsBefore = Thread.activeCount();
    int exit = Main.run(new String[] {"demo", "--top", "5"},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCode.OK, exit, text + err.toString(StandardCharsets.UTF_8));
    assertTrue(text.contains("manager loaded rulesets/five-tuple.rules as rule set 5"), text);
    assertTrue(text.contains("reader registered in flowReaderInfoTable"), text);
    assertTrue(text.endsWith("meter, manager and reader stopped\n"), text);
    List<String> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : text.lines().toList()) {
      if (line.startsWith("Top 5 of ")) {
        inTable = true;
      } else if (inTable && line.isBlank()) {
        break;
      } else if (inTable) {
        rows.add(line);
      }
    }
    assertEquals(6, rows.size(), text);
    String header = rows.get(0);
    assertTrue(header.matches("\\s+#\\s+proto\\s+source\\s+destination\\s+packets\\s+octets"),
        header);
    // Columns line up: every row is as long as the header.
    for (String r : rows) {
      assertEquals(header.length(), r.length(), r);
    }
    // The reader held the flows, so each conversation is one flow here; the golden file has a
    // record per stretch between recoveries. Both directions' octets add up the same.
    Map<String, Long> octets = new HashMap<>();
    Map<String, Long> packets = new HashMap<>();
    List<String> golden = Files.readAllLines(Path.of("examples/stun.flows.csv"));
    for (String line : golden.subList(1, golden.size())) {
      String[] f = line.split(",", -1);
      String key = conversation(f[9], endpoint(f[8], f[10]), endpoint(f[15], f[17]));
      octets.merge(key, Long.parseLong(f[18]) + Long.parseLong(f[20]), Long::sum);
      packets.merge(key, Long.parseLong(f[19]) + Long.parseLong(f[21]), Long::sum);
    }
    List<Long> sizes = new ArrayList<>(new TreeSet<>(octets.values()).descendingSet());
    for (int i = 1; i < rows.size(); i++) {
      String[] c = rows.get(i).trim().split("\\s+");
      String key = conversation(protocolNumber(c[1]), c[2], c[3]);
      assertEquals(octets.get(key), Long.valueOf(c[5].replace(",", "")), rows.get(i));
      assertEquals(packets.get(key), Long.valueOf(c[4].replace(",", "")), rows.get(i));
      assertEquals(sizes.get(i - 1), octets.get(key), "row " + i + " in order");
    }
    // Agent and SNMP sessions stopped: their threads end (allow a moment on a busy machine).
    for (int i = 0; i < 40 && Thread.activeCount() > threadsBefore; i++) {
      Thread.sleep(50);
    }
    assertTrue(Thread.activeCount() <= threadsBefore, "threads left behind");
  }

  private static String endpoint(String address, String port) {
    if (port.isEmpty() || port.equals("0")) {
      return address;
    }
    return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
  }

  private static String protocolNumber(String name) {
    switch (name) {
      case "tcp":
        return "6";
      case "udp":
        return "17";
      case "icmp":
        return "1";
      default:
        return name;
    }
  }

  private static String conversation(String protocol, String a, String b) {
    return protocol + " " + (a.compareTo(b) < 0 ? a + " " + b : b + " " + a);
  }
}
