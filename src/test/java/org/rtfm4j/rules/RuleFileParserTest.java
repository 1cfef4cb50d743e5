package org.rtfm4j.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleFileParserTest {
  private static final HexFormat HEX = HexFormat.of();

  /** A small valid rule set; negative tests break one thing in it. */
  static final String BASE = String.join("\n",
      "SET 5",
      "RULES",
      "  SourcePeerType & 255 = IP: GotoAct, ip;",
      "  Null & 0 = 0: Ignore, 0;",
      "ip:",
      "  SourcePeerAddress & 255.255.255.255 = 0: PushPktToAct, Next;",
      "  DestPeerAddress & 255.255.255.255 = 0: CountPkt, 0;",
      "");

  // ------------------------------------------------------------------ helpers

  static RuleSet parse(String text) throws RuleFileException {
    return RuleFileParser.parse("t.rules", text);
  }

  static RuleFileException fails(String text) {
    return assertThrows(RuleFileException.class, () -> parse(text));
  }

  /** {line, column} of the first occurrence of {@code marker} in {@code text}. */
  static int[] at(String text, String marker) {
    int i = text.indexOf(marker);
    assertTrue(i >= 0, "marker not in text: " + marker);
    return position(text, i);
  }

  /** {line, column} just after the first occurrence of {@code marker}. */
  static int[] after(String text, String marker) {
    int i = text.indexOf(marker);
    assertTrue(i >= 0, "marker not in text: " + marker);
    return position(text, i + marker.length());
  }

  static int[] position(String text, int i) {
    int line = 1;
    int lineStart = 0;
    for (int k = 0; k < i; k++) {
      if (text.charAt(k) == '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    return new int[] {line, i - lineStart + 1};
  }

  /** The text fails with exactly one error, at {@code pos}, whose reason contains {@code part}. */
  static void assertOnlyError(String text, int[] pos, String part) {
    RuleFileException e = fails(text);
    assertEquals(1, e.problems().size(), e.getMessage());
    assertEquals(pos[0], e.line(), e.getMessage());
    assertEquals(pos[1], e.column(), e.getMessage());
    assertTrue(e.reason().contains(part), e.getMessage());
    assertEquals("t.rules:" + pos[0] + ":" + pos[1] + ": " + e.reason(), e.getMessage());
  }

  static void assertHasError(RuleFileException e, int[] pos, String part) {
    assertTrue(e.problems().stream().anyMatch(p -> p.line() == pos[0] && p.column() == pos[1]
        && p.reason().contains(part)), () -> "no error at " + pos[0] + ":" + pos[1]
        + " containing '" + part + "' in:\n" + e.getMessage());
  }

  static String replace(String text, String from, String to) {
    assertTrue(text.contains(from), from);
    return text.replace(from, to);
  }

  // ------------------------------------------------------------------ what parses

  @Test
  void baseRuleSet() throws Exception {
    RuleSet rs = parse(BASE);
    assertEquals(5, rs.number());
    assertEquals("t", rs.name());
    assertEquals(4, rs.size());
    Rule r1 = rs.rules().get(0);
    assertEquals(Attribute.SOURCE_PEER_TYPE, r1.attribute());
    assertArrayEquals(HEX.parseHex("ff"), r1.mask());
    assertArrayEquals(HEX.parseHex("01"), r1.value());
    assertEquals(Action.GOTO_ACT, r1.action());
    assertEquals(3, r1.parameter(), "label ip names the third rule");
    assertEquals(3, r1.line());
    Rule r3 = rs.rules().get(2);
    assertArrayEquals(HEX.parseHex("ffffffff000000000000000000000000"), r3.mask());
    assertArrayEquals(new byte[16], r3.value());
    assertEquals(4, r3.parameter(), "Next");
    assertEquals(List.of(), rs.format());
    assertEquals(false, rs.statistics());
  }

  @Test
  void notesExampleAsExcerptedLacksLabelUa() {
    // /work/shared/notes/netramet.md, verbatim: 'ua' is used but never defined.
    String text = String.join("\n",
        "SET 5",
        "RULES",
        "  SourcePeerType & 255 = IP: PushtoAct, ip_pkt;",
        "  Null & 0 = 0: Ignore, 0;",
        "ip_pkt:",
        "  v1 & 0 = SourcePeerAddress: AssignAct, Next;",
        "  Null & 0 = 0: Gosub, classify;",
        "classify:",
        "  v1 & 255.255.0.0 = 130.216.0.0: GotoAct, ua;",
        "FORMAT FlowRuleSet FlowIndex FirstTime \" \" SourcePeerAddress DestPeerAddress \" \""
            + " ToOctets FromOctets;",
        "STATISTICS",
        "");
    assertOnlyError(text, at(text, "ua;"), "undefined label 'ua'");
  }

  @Test
  void assignPutsTheAttributeNumberInTheValueAndJumpsToTheParameter() throws Exception {
    // The Assign rules are reached with the test indicator cleared (their tests are skipped).
    String text = String.join("\n",
        "  Null & 0 = 0: GotoAct, Next;",
        "  v1 & 0 = SourcePeerAddress: AssignAct, Next;",
        "  v2 & 0 = 22: AssignAct, 4;", // by number: DestTransAddress
        "  Null & 0 = 0: Goto, Next;",
        "  v1 & 255.255.0.0 = 130.216.0.0: GotoAct, 7;",
        "  v2 & 255.255 = 80: GotoAct, 7;",
        "  Null & 0 = 0: Count, 0;",
        "");
    RuleSet rs = parse(text);
    Rule a1 = rs.rules().get(1);
    assertEquals(Attribute.V1, a1.attribute());
    assertArrayEquals(new byte[] {9}, a1.value(), "SourcePeerAddress is attribute 9");
    assertArrayEquals(new byte[] {0}, a1.mask());
    assertEquals(3, a1.parameter());
    assertArrayEquals(new byte[] {22}, rs.rules().get(2).value());
    // v1 holds a 16-byte attribute, v2 a 2-byte one: their masks and values take those widths.
    assertArrayEquals(HEX.parseHex("ffff0000000000000000000000000000"), rs.rules().get(4).mask());
    assertArrayEquals(HEX.parseHex("82d80000000000000000000000000000"), rs.rules().get(4).value());
    assertArrayEquals(HEX.parseHex("0050"), rs.rules().get(5).value());
    assertEquals(0, rs.number(), "no SET: the caller chooses the number");
  }

  @Test
  void meterVariableHoldingAttributesOfDifferentWidthsNeedsExplicitFields() throws Exception {
    String text = String.join("\n",
        "  Null & 0 = 0: GotoAct, Next;",
        "  v1 & 0 = SourcePeerAddress: AssignAct, Next;",
        "  Null & 0 = 0: GosubAct, 6;",
        "  v1 & 0 = SourceTransAddress: AssignAct, Next;",
        "  Null & 0 = 0: Count, 0;",
        "  v1 & 255.255 = 80: GotoAct, 4;",
        "");
    assertOnlyError(text, at(text, "80:"), "a single number is ambiguous here: v1 may hold");
    RuleSet rs = parse(text.replace("= 80:", "= 0.80:"));
    assertArrayEquals(HEX.parseHex("ffff0000000000000000000000000000"), rs.rules().get(5).mask());
    assertArrayEquals(HEX.parseHex("00500000000000000000000000000000"), rs.rules().get(5).value());
  }

  @Test
  void layoutFreedom() throws Exception {
    // Line breaks between any parts (RFC 2123 §3.4 style), labels before a rule on its line and
    // several labels for one rule, comments inside a rule, no space around ':' and ',',
    // names in any case, old action spellings.
    String text = String.join("\n",
        "set 5",
        "rules",
        "  SourceAdjacentAddress & FF-FF-FF-FF-FF-FF =   # comment inside a rule",
        "      00-60-3E-10-E0-A1:",
        "      Goto,",
        "      Two;",
        "  sourcepeertype&255=ip:GOTOACT,one;",
        "one: two:",
        "  Null & 0 = 0:  Retry, 0;",
        "");
    RuleSet rs = parse(text);
    assertEquals(3, rs.size());
    assertArrayEquals(HEX.parseHex("00603e10e0a1"), rs.rules().get(0).value());
    assertEquals(3, rs.rules().get(0).parameter());
    assertEquals(3, rs.rules().get(1).parameter());
    assertEquals(Action.NO_MATCH, rs.rules().get(2).action());
    assertEquals(3, rs.rules().get(0).line());
  }

  @Test
  void colonsInsideValues() throws Exception {
    String text = String.join("\n",
        "  SourcePeerAddress & ffff:ffff:: = 2001:db8::: GotoAct, 2;",
        "  DestPeerAddress & ffff:ffff:: = 2001:db8:: : GotoAct, 3;",
        "  SourcePeerAddress & :: = ::: GotoAct, 4;",
        "  DestPeerAddress & ::ffff:255.255.255.255 = ::1:Count,0;",
        "  SourceAdjacentAddress & ff:ff:ff:ff:ff:ff = 00:80:48:81:0e:7c: Count, 0;",
        "");
    RuleSet rs = parse(text);
    byte[] prefix = HEX.parseHex("20010db8000000000000000000000000");
    assertArrayEquals(prefix, rs.rules().get(0).value());
    assertArrayEquals(prefix, rs.rules().get(1).value());
    assertArrayEquals(new byte[16], rs.rules().get(2).value());
    assertArrayEquals(HEX.parseHex("00000000000000000000000000000001"), rs.rules().get(3).value());
    assertEquals(Action.COUNT, rs.rules().get(3).action());
    assertArrayEquals(HEX.parseHex("008048810e7c"), rs.rules().get(4).value());
  }

  @Test
  void formatAndStatistics() throws Exception {
    RuleSet rs = parse(BASE + "FORMAT FlowRuleSet flowindex \"  \"\n  SourcePeerAddress \"|\""
        + " ToOctets;\nSTATISTICS\n");
    assertEquals(List.of("RuleSet", "FlowIndex", "\"  \"", "SourcePeerAddress", "\"|\"",
        "ToOctets"), rs.format());
    assertTrue(rs.statistics());
  }

  @Test
  void crlfLineEndingsGiveTheSameRuleSet() throws Exception {
    assertEquals(parse(BASE), parse(BASE.replace("\n", "\r\n")));
    RuleFileException e = fails(BASE.replace("\n", "\r\n").replace("= 0: CountPkt",
        "= 1.256: CountPkt"));
    assertEquals(7, e.line());
    assertEquals(at(BASE.replace("= 0: CountPkt", "= 1.256: CountPkt"), "256")[1], e.column());
  }

  @Test
  void nameComesFromTheSourceName() throws Exception {
    assertEquals("five-tuple", RuleFileParser.parse("dir/sub/five-tuple.rules", BASE).name());
    assertEquals("rules.lan", RuleFileParser.parse("C:\\x\\rules.lan", BASE).name());
    assertEquals(127, RuleFileParser.parse("x".repeat(200), BASE).name().length());
  }

  @Test
  void warningsArePositioned() throws Exception {
    String text = BASE + "  Null & 0 = 0: Count, 0;\n";
    ParsedRuleFile p = RuleFileParser.parseWithWarnings("t.rules", text);
    int[] pos = at(text, "  Null & 0 = 0: Count");
    assertEquals(List.of("t.rules:" + pos[0] + ":3: warning: this rule is never executed"),
        p.warnings());
  }

  @Test
  void labelAtTheEndIsAWarningWhenUnused() throws Exception {
    String text = BASE + "End:\n";
    assertEquals(List.of("t.rules:8:1: warning: label 'End' is not followed by any rule"),
        RuleFileParser.parseWithWarnings("t.rules", text).warnings());
  }

  // ------------------------------------------------------------------ every validation error

  @Test
  void unknownAttribute() {
    String t = replace(BASE, "  Null & 0", "  Nul & 0");
    assertOnlyError(t, at(t, "Nul &"), "unknown attribute 'Nul'");
  }

  @Test
  void attributeThatRulesCannotTest() {
    String t = replace(BASE, "  Null & 0 = 0: Ignore", "  ToOctets & 0 = 0: Ignore");
    assertOnlyError(t, at(t, "ToOctets"), "ToOctets cannot be used in a rule: it is not a"
        + " RuleAttributeNumber (RFC 2720)");
  }

  @Test
  void unknownAction() {
    String t = replace(BASE, "Ignore, 0", "Ignor, 0");
    assertOnlyError(t, at(t, "Ignor,"), "unknown action 'Ignor'");
  }

  @Test
  void maskWiderThanTheAttribute() {
    String t = replace(BASE, "SourcePeerType & 255 =", "SourcePeerType & 255.255 =");
    assertOnlyError(t, at(t, "255.255 ="), "mask 255.255: '255.255' is 2 bytes; SourcePeerType"
        + " is 1 byte wide (RFC 2723 Appendix C)");
  }

  @Test
  void valueWiderThanTheAttribute() {
    String t = BASE + "  SourceTransAddress & 255.255 = 1.2.3: Count, 0;\n";
    RuleFileException e = fails(t);
    assertHasError(e, at(t, "1.2.3:"), "value 1.2.3: '1.2.3' is 3 bytes; SourceTransAddress is 2"
        + " bytes wide");
  }

  @Test
  void numberTooBigForTheAttribute() {
    String t = replace(BASE, "= IP:", "= 256:");
    assertOnlyError(t, at(t, "256:"), "256 does not fit in the 1 byte of SourcePeerType");
  }

  @Test
  void byteFieldAbove255() {
    String t = replace(BASE, "SourcePeerAddress & 255.255.255.255", "SourcePeerAddress &"
        + " 255.256.255.255");
    assertOnlyError(t, at(t, "256.255"), "byte field 256 is greater than 255");
  }

  @Test
  void twoByteFieldAbove65535() {
    String t = replace(BASE, "DestPeerAddress & 255.255.255.255", "DestPeerAddress &"
        + " 65535!65536");
    assertOnlyError(t, at(t, "65536"), "two-byte field 65536 is greater than 65535");
  }

  @Test
  void hexFieldOfMoreThanOneByte() {
    String t = replace(BASE, "DestPeerAddress & 255.255.255.255", "DestPeerAddress & FF-FFF");
    assertOnlyError(t, at(t, "FFF"), "hex field FFF is more than one byte");
  }

  @Test
  void unknownSymbolicValue() {
    String t = replace(BASE, "= IP:", "= Dummy:");
    assertOnlyError(t, at(t, "Dummy"), "unknown name 'Dummy' for SourcePeerType (known: IP,");
  }

  @Test
  void malformedIpv6() {
    String t = replace(BASE, "DestPeerAddress & 255.255.255.255 = 0", "DestPeerAddress &"
        + " 255.255.255.255 = 1::2::3");
    assertOnlyError(t, at(t, "1::2::3"), "'::' may appear only once");
  }

  @Test
  void undefinedLabel() {
    String t = replace(BASE, "GotoAct, ip;", "GotoAct, ipp;");
    RuleFileException e = fails(t);
    assertHasError(e, at(t, "ipp;"), "undefined label 'ipp'");
  }

  @Test
  void duplicateLabel() {
    String t = replace(BASE, "  Null & 0 = 0: Ignore", "ip:  Null & 0 = 0: Ignore");
    RuleFileException e = fails(t);
    assertHasError(e, at(t, "ip:\n"), "duplicate label 'ip' (first defined at line 4)");
  }

  @Test
  void nextCannotBeALabel() {
    String t = replace(BASE, "ip:\n", "ip:\nNext:\n");
    assertOnlyError(t, at(t, "Next:"), "'Next' is reserved");
  }

  @Test
  void labelAfterTheLastRule() {
    String t = replace(BASE, "CountPkt, 0;", "CountPkt, end;") + "end:\n";
    RuleFileException e = fails(t);
    assertHasError(e, at(t, "end;"), "label 'end' (line 8) is not followed by any rule");
  }

  @Test
  void jumpOutOfRange() {
    String t = replace(BASE, "GotoAct, ip;", "GotoAct, 5;");
    assertOnlyError(t, at(t, "5;"), "rule 5 does not exist: GotoAct must jump to a rule in 1..4");
    String z = replace(BASE, "GotoAct, ip;", "GotoAct, 0;");
    assertOnlyError(z, at(z, "0;\n  Null"), "rule 0 does not exist");
  }

  @Test
  void nextOnTheLastRule() {
    String t = replace(BASE, "CountPkt, 0;", "PushPktToAct, Next;");
    assertOnlyError(t, at(t, "Next;\n", 2), "Next on the last rule jumps to rule 5, which does"
        + " not exist");
  }

  /** Position of the n-th occurrence (1-origin) of marker. */
  static int[] at(String text, String marker, int nth) {
    int i = -1;
    for (int k = 0; k < nth; k++) {
      i = text.indexOf(marker, i + 1);
    }
    assertTrue(i >= 0, marker);
    return position(text, i);
  }

  @Test
  void returnTakesACountNotALabel() {
    String t = BASE + "  Null & 0 = 0: Return, ip;\n";
    RuleFileException e = fails(t);
    assertHasError(e, at(t, "ip;\n", 2), "Return's parameter is a count of rules after the"
        + " calling Gosub (RFC 2722 §4.4), not a label");
    String z = BASE + "  Null & 0 = 0: Return, 0;\n";
    assertOnlyError(z, at(z, "0;\n", 3), "must be at least 1 (Return 0 would run the Gosub"
        + " again)");
  }

  @Test
  void missingSemicolonMidFileAndAtTheEnd() {
    String mid = replace(BASE, "Ignore, 0;", "Ignore, 0");
    assertOnlyError(mid, after(mid, "Ignore, 0"), "missing ';' at the end of the rule");
    String end = replace(BASE, "CountPkt, 0;\n", "CountPkt, 0");
    assertOnlyError(end, after(end, "CountPkt, 0"), "missing ';' at the end of the rule");
  }

  @Test
  void missingPunctuation() {
    String colon = replace(BASE, "= IP: GotoAct", "= IP GotoAct");
    assertOnlyError(colon, after(colon, "= IP"), "expected ':' between the value and the action");
    String comma = replace(BASE, "GotoAct, ip;", "GotoAct ip;");
    assertOnlyError(comma, at(comma, "ip;"), "expected ',' between the action and its"
        + " parameter");
    String amp = replace(BASE, "Null & 0 = 0: Ignore", "Null 0 = 0: Ignore");
    assertOnlyError(amp, at(amp, "0 = 0: Ignore"), "expected '&' after Null");
    String eq = replace(BASE, "Null & 0 = 0: Ignore", "Null & 0 0: Ignore");
    assertOnlyError(eq, at(eq, "0: Ignore"), "expected '=' after the mask");
  }

  @Test
  void recoveryKeepsTheNextStatement() {
    // The broken "Null" line must not swallow the rule after it, nor SET eat the RULES keyword.
    String t = replace(BASE, "  Null & 0 = 0: Ignore, 0;", "  Null\n  Null & 0 = 0: Ignore, 0;");
    assertOnlyError(t, at(t, "Null & 0 = 0: Ignore"), "expected '&' after Null");
    String set = replace(BASE, "SET 5", "SET");
    assertOnlyError(set, at(set, "RULES"), "SET needs a rule set number");
  }

  @Test
  void labelWithoutItsColon() {
    String t = replace(BASE, "ip:\n", "ip\n");
    assertOnlyError(t, at(t, "ip\n"), "'ip' is not an attribute; a label needs ':' after it");
  }

  @Test
  void emptyRuleSet() {
    assertOnlyError("SET 5\nRULES\n# nothing yet\n", new int[] {2, 1}, "the rule set has no"
        + " rules");
    assertOnlyError("", new int[] {1, 1}, "the rule set has no rules");
  }

  @Test
  void setNumbers() {
    String one = replace(BASE, "SET 5", "SET 1");
    assertOnlyError(one, new int[] {1, 5}, "rule set 1 is built into the meter and cannot be"
        + " changed (RFC 2722 §4.4)");
    String zero = replace(BASE, "SET 5", "SET 0");
    assertOnlyError(zero, new int[] {1, 5}, "rule set 0 means 'cease measuring'");
    String big = replace(BASE, "SET 5", "SET 256");
    assertOnlyError(big, new int[] {1, 5}, "rule set 256 is out of range 2..255");
    String none = replace(BASE, "SET 5", "SET x");
    assertHasError(fails(none), new int[] {1, 5}, "SET needs a rule set number");
    String twice = replace(BASE, "RULES", "SET 6\nRULES");
    assertOnlyError(twice, new int[] {2, 1}, "duplicate SET (first at line 1)");
  }

  @Test
  void formatErrors() {
    String unknown = BASE + "FORMAT FlowIndex Bogus;\n";
    assertOnlyError(unknown, at(unknown, "Bogus"), "unknown attribute 'Bogus' in FORMAT");
    String ruleOnly = BASE + "FORMAT FlowIndex v1;\n";
    assertOnlyError(ruleOnly, at(ruleOnly, "v1;"), "v1 is not a flow attribute");
    String open = BASE + "FORMAT FlowIndex \"oops;\n";
    assertHasError(fails(open), at(open, "\"oops"), "unterminated string in FORMAT");
    String noEnd = BASE + "FORMAT FlowIndex ToOctets\nSTATISTICS\n";
    assertOnlyError(noEnd, after(noEnd, "ToOctets"), "missing ';' at the end of FORMAT");
    String eof = BASE + "FORMAT FlowIndex ToOctets";
    assertOnlyError(eof, after(eof, "ToOctets"), "missing ';' at the end of FORMAT");
  }

  @Test
  void assignErrors() {
    String notVariable = BASE + "  SourcePeerType & 0 = SourcePeerAddress: AssignAct, 1;\n";
    assertHasError(fails(notVariable), at(notVariable, "SourcePeerType & 0 ="),
        "Assign sets a meter variable (v1..v5), not SourcePeerType");
    String notAttribute = BASE + "  v1 & 0 = ToOctets: AssignAct, 1;\n";
    assertHasError(fails(notAttribute), at(notAttribute, "ToOctets:"),
        "a meter variable holds an attribute that rules may test");
  }

  @Test
  void valueOutsideMaskWhenTheTestIsPerformed() {
    String t = replace(BASE, "SourcePeerType & 255 = IP", "SourcePeerType & 0 = IP");
    assertOnlyError(t, at(t, "IP:"), "the value has bits outside the mask, so the test can never"
        + " succeed");
  }

  @Test
  void valueOutsideMaskIsFineWhenTheTestIsSkipped() throws Exception {
    // Rule 3 is reached only through GotoAct, with the test indicator cleared.
    String t = replace(BASE, "SourcePeerAddress & 255.255.255.255 = 0",
        "SourcePeerAddress & 255.255.255.255 = ::1");
    assertEquals(4, parse(t).size());
  }

  @Test
  void pushPktToWhoseTestIsPerformed() {
    // GotoAct -> Goto: rule 3 is then reached with the test indicator set (RFC 2123 §3.1).
    String t = replace(BASE, "GotoAct, ip;", "Goto, ip;");
    assertOnlyError(t, at(t, "PushPktToAct"), "this PushPktTo rule's test is performed");
  }

  @Test
  void loopThatNeverEnds() {
    String t = replace(BASE, "CountPkt, 0;", "PushPktToAct, ip;");
    assertOnlyError(t, at(t, "PushPktToAct, Next"), "rules [3, 4] form a loop matching can"
        + " never leave");
  }

  @Test
  void unexpectedCharacter() {
    String t = "SET 5\n$\n" + BASE.substring(BASE.indexOf("RULES"));
    assertOnlyError(t, new int[] {2, 1}, "expected a rule, a label, SET, RULES, FORMAT or"
        + " STATISTICS, not '$'");
  }

  @Test
  void allErrorsAreReported() {
    StringBuilder sb = new StringBuilder("SET 5\nRULES\n");
    for (int i = 0; i < 30; i++) {
      sb.append("  SourcePeerType & 255 = 256: Ignore, 0;\n");
    }
    RuleFileException e = fails(sb.toString());
    assertEquals(30, e.problems().size());
    int column = at(sb.toString(), "256")[1];
    for (int i = 0; i < 30; i++) {
      assertEquals(3 + i, e.problems().get(i).line());
      assertEquals(column, e.problems().get(i).column());
      assertTrue(e.problems().get(i).reason().contains("256 does not fit"));
    }
    assertEquals(30, e.getMessage().split("\n").length);
  }
}
