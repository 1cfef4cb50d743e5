package org.rtfm4j.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rtfm4j.testutil.Command;

/** net-snmp's command-line tools against a loopback agent, and their output read back. */
final class NetSnmp {
  /**
   * Numeric OIDs, no type names, enumerations as numbers, TimeTicks as plain ticks, octet strings
   * always as hex: output that says exactly which bytes and numbers came back.
   */
  private static final List<String> PLAIN_OUTPUT = List.of("-On", "-Oq", "-Oe", "-Ot", "-Ox");

  private NetSnmp() {}

  /** Runs {@code tool -v2c -c public <plain output> args... 127.0.0.1:port oids...}. */
  static Command.Result run(String tool, int port, List<String> args, String... oids)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(tool, "-v2c", "-c", "public", "-t", "5", "-r",
        "0"));
    cmd.addAll(PLAIN_OUTPUT);
    cmd.addAll(args);
    cmd.add("127.0.0.1:" + port);
    cmd.addAll(List.of(oids));
    return Command.run(cmd);
  }

  /** Like {@link #run}, failing the test unless the tool exits 0; returns its varbinds. */
  static LinkedHashMap<String, String> varbinds(String tool, int port, List<String> args,
      String... oids) throws Exception {
    Command.Result r = run(tool, port, args, oids);
    assertEquals(0, r.exitCode(), String.join(" ", oids) + ": " + r.out());
    return parse(r.out());
  }

  /**
   * The varbinds of {@code -On -Oq} output, in order: OID to value. A hex string longer than 16
   * octets goes on over several lines; its lines are joined. Hex values are given as upper-case
   * octets separated by one space, without quotes.
   */
  static LinkedHashMap<String, String> parse(String out) {
    LinkedHashMap<String, String> vbs = new LinkedHashMap<>();
    String oid = null;
    StringBuilder value = new StringBuilder();
    for (String line : out.split("\n")) {
      if (line.startsWith(".")) {
        if (oid != null) {
          vbs.put(oid, clean(value.toString()));
        }
        int space = line.indexOf(' ');
        oid = space < 0 ? line : line.substring(0, space);
        value.setLength(0);
        value.append(space < 0 ? "" : line.substring(space + 1));
      } else if (oid != null) {
        value.append(' ').append(line);
      }
    }
    if (oid != null) {
      vbs.put(oid, clean(value.toString()));
    }
    return vbs;
  }

  private static String clean(String v) {
    String s = v.strip();
    if (s.startsWith("\"") && s.endsWith("\"") && s.length() >= 2) {
      return String.join(" ", s.substring(1, s.length() - 1).strip().split("\\s+")).strip();
    }
    return s;
  }

  /** Bytes as upper-case hex octets separated by one space, as {@link #parse} gives them. */
  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(String.format("%02X", x & 0xFF));
    }
    return sb.toString();
  }

  /** The bytes of a value {@link #parse} gave for a hex string. */
  static byte[] bytes(String hexValue) {
    if (hexValue.isEmpty()) {
      return new byte[0];
    }
    return HexFormat.of().parseHex(hexValue.replace(" ", ""));
  }

  /** The instances under {@code prefix} only (a walk past its end also prints what follows). */
  static Map<String, String> under(Map<String, String> vbs, String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    vbs.forEach((k, v) -> {
      if (k.startsWith(prefix + ".")) {
        out.put(k, v);
      }
    });
    return out;
  }
}
