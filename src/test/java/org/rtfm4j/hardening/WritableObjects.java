package org.rtfm4j.hardening;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every read-write and read-create object of FLOW-METER-MIB with its numeric OID and its BER
 * tag, read from the MIB module text (RFC 2720), not from the meter's code.
 */
final class WritableObjects {
  /** mib-2 (RFC 1213), the module's anchor: flowMIB ::= { mib-2 40 }. */
  private static final String MIB_2 = "1.3.6.1.2.1";
  private static final Pattern DEFINITION = Pattern.compile(
      "(?m)^(\\w[\\w-]*)[ \\t]+(OBJECT-TYPE|OBJECT IDENTIFIER|MODULE-IDENTITY)(.*?)"
          + "::=\\s*\\{\\s*([\\w-]+)\\s+(\\d+)\\s*\\}",
      Pattern.DOTALL);
  private static final Pattern SYNTAX = Pattern.compile("SYNTAX\\s+([\\w-]+(?: STRING)?)");
  private static final Pattern ACCESS = Pattern.compile("MAX-ACCESS\\s+([\\w-]+)");
  /** Textual conventions and types the writable objects use, with the tag their value has. */
  private static final Map<String, Integer> TAGS = Map.of(
      "Integer32", BerNode.INTEGER,
      "INTEGER", BerNode.INTEGER,
      "RowStatus", BerNode.INTEGER,
      "TruthValue", BerNode.INTEGER,
      "RuleAttributeNumber", BerNode.INTEGER,
      "ActionNumber", BerNode.INTEGER,
      "OCTET STRING", BerNode.OCTET_STRING,
      "UTF8OwnerString", BerNode.OCTET_STRING,
      "RuleAddress", BerNode.OCTET_STRING,
      "TimeStamp", BerNode.TIME_TICKS);

  /** One writable object: its name, OID (without instance) and the tag its values carry. */
  record Writable(String name, String oid, int tag, boolean scalar) {}

  private WritableObjects() {}

  /** Read from {@code mib} (mibs/FLOW-METER-MIB.txt). */
  static List<Writable> read(Path mib) throws IOException {
    String text = Files.readString(mib);
    Map<String, String[]> parents = new HashMap<>();
    List<String[]> objects = new ArrayList<>();
    Matcher m = DEFINITION.matcher(text);
    while (m.find()) {
      parents.put(m.group(1), new String[] {m.group(4), m.group(5)});
      if (m.group(2).equals("OBJECT-TYPE")) {
        objects.add(new String[] {m.group(1), m.group(3)});
      }
    }
    List<Writable> out = new ArrayList<>();
    for (String[] o : objects) {
      Matcher a = ACCESS.matcher(o[1]);
      if (!a.find() || !(a.group(1).equals("read-write") || a.group(1).equals("read-create"))) {
        continue;
      }
      Matcher s = SYNTAX.matcher(o[1]);
      if (!s.find() || !TAGS.containsKey(s.group(1))) {
        throw new IllegalStateException(o[0] + ": syntax not known to the test");
      }
      String oid = resolve(o[0], parents);
      // A scalar's parent is a plain OBJECT IDENTIFIER node (flowControl), a column's an Entry.
      boolean scalar = !parents.get(o[0])[0].endsWith("Entry");
      out.add(new Writable(o[0], oid, TAGS.get(s.group(1)), scalar));
    }
    return out;
  }

  private static String resolve(String name, Map<String, String[]> parents) {
    if (name.equals("mib-2")) {
      return MIB_2;
    }
    String[] p = parents.get(name);
    if (p == null) {
      throw new IllegalStateException("no definition of " + name);
    }
    return resolve(p[0], parents) + "." + p[1];
  }
}
