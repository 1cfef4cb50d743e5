package org.rtfm4j.srl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtfm4j.rules.Action;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.ParsedRuleFile;
import org.rtfm4j.rules.Rule;
import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleFileWriter;
import org.rtfm4j.rules.RuleSet;

/**
 * The compiler on its own: forms RFC 2723 says are equivalent compile to the same rules, DEFINE
 * works as the RFC describes it, the directives reach the rule set, the compiled rules read back
 * through a rule file unchanged, and the warnings name the line of the statement concerned.
 */
class SrlCompilerTest {
  private static ParsedRuleFile compile(String text) throws SrlException {
    return SrlCompiler.compile("t.srl", text);
  }

  private static List<Rule> rules(String text) throws SrlException {
    ParsedRuleFile p = compile(text);
    assertEquals(List.of(), p.warnings(), text);
    return p.ruleSet().rules();
  }

  private static void assertSameRules(String a, String b) throws SrlException {
    assertEquals(rules(a), rules(b), a + "\n  versus\n" + b);
  }

  @Test
  void equivalentFormsOfRfc2723CompileAlike() throws SrlException {
    // §3.1.6: "IF SourcePeerAddress == 130.216.0.0 & 255.255.0.0  SAVE; or equivalently
    // IF SourcePeerAddress == 130.216/16  SAVE;"; masks "dotted decimal e.g. &255.255 or
    // hexadecimal e.g. &FF-FF or as a width in bits e.g. /16".
    String tail = "\ncount;";
    assertSameRules("IF SourcePeerAddress == 130.216.0.0 & 255.255.0.0  SAVE;" + tail,
        "IF SourcePeerAddress == 130.216/16  SAVE;" + tail);
    assertSameRules("IF SourcePeerAddress == 130.216/16 SAVE;" + tail,
        "IF SourcePeerAddress == 130.216 & FF-FF SAVE;" + tail);
    assertSameRules("IF SourcePeerAddress == 130.216/16 SAVE;" + tail,
        "IF SourcePeerAddress == 130.216 & 255.255 SAVE;" + tail);
    // Appendix B: "130.216 is the same as 130.216.0.0", "FF-FF-00-00 is an IP address in
    // hexadecimal", "23 and 0.23 specify the same value for a SourceTransAddress operand".
    assertSameRules("if SourcePeerAddress == 130.216 count;",
        "if SourcePeerAddress == 82-D8-00-00 count;");
    assertSameRules("if SourceTransAddress == 23 count;",
        "if SourceTransAddress == 0.23 count;");
    // §2: "The case of letters is not significant"; comments follow '#'.
    assertSameRules("if SourcePeerType == 1 save; else ignore; count;",
        "IF sourcepeertype == 1 # the type\n  Save ;ELSE Ignore;\nCOUNT;");
  }

  @Test
  void defineReplacesItsNameByItsText() throws SrlException {
    // §2.1: the text "continues up to (but not including) the closing semicolon.  If a
    // semicolon is required within the defined text it must be preceded by a backslash".
    assertSameRules("define web = (80, 443);\ndefine both = save, count\\;;\n"
        + "if DestTransAddress == web both\nnomatch;",
        "if DestTransAddress == (80, 443) save, count;\nnomatch;");
    // A list define inside a list (RFC 2723 §4.1: "(www, ftp, telnet)" with ftp = (20, 21)).
    assertSameRules("define ftp = (20, 21);\nif DestTransAddress == (80, ftp, 23) count;",
        "if DestTransAddress == (80, 20, 21, 23) count;");
  }

  @Test
  void directivesAndNameReachTheRuleSet() throws SrlException {
    ParsedRuleFile p = SrlCompiler.compile("dir/My-Rules.SRL", "set 42;\nformat FlowRuleSet"
        + " FlowIndex \" \" SourcePeerAddress ToOctets;\nstatistics;\ncount;");
    RuleSet rs = p.ruleSet();
    assertEquals(42, rs.number());
    assertEquals("My-Rules", rs.name());
    assertEquals(List.of("RuleSet", "FlowIndex", "\" \"", "SourcePeerAddress", "ToOctets"),
        rs.format());
    assertTrue(rs.statistics());
    RuleSet noSet = compile("count;").ruleSet();
    assertEquals(RuleFileParser.NO_SET_NUMBER, noSet.number());
    assertEquals(List.of(), noSet.format());
  }

  @Test
  void compiledRulesReadBackThroughARuleFile() throws Exception {
    // Meter variables shared by subroutines of different widths, IPv6, MAC and character values.
    String program = "set 50;\n"
        + "call a (SourcePeerAddress) endcall;\n"
        + "call b (DestTransAddress, FlowKind) endcall;\n"
        + "if SourceAdjacentAddress == 00-80-48-81-0E-7C save;\n"
        + "if DestPeerAddress == 2001:db8::/32 save;\n"
        + "count;\n"
        + "subroutine a (address x) if x == 10.0/8 save; return; endsub;\n"
        + "subroutine b (address p, variable k) if p == 80 store k := 'W'; return; endsub;\n";
    ParsedRuleFile p = compile(program);
    assertEquals(List.of(), p.warnings());
    RuleSet rs = p.ruleSet();
    ParsedRuleFile back = RuleFileParser.parseWithWarnings("t.rules", RuleFileWriter.write(rs));
    assertEquals(rs, back.ruleSet());
    assertEquals(List.of(), back.warnings());
  }

  @Test
  void ruleLinesAreTheSourceLines() throws SrlException {
    List<Rule> r = rules("set 5;\n\nif SourcePeerType == 1\n  save;\nelse ignore;\ncount;");
    assertEquals(new Rule(Attribute.SOURCE_PEER_TYPE, new byte[] {(byte) 0xff}, new byte[] {1},
        Action.COUNT, 0, 0), r.get(0));
    assertEquals(3, r.get(0).line());
    assertEquals(5, r.get(1).line());
  }

  @Test
  void warningsNameTheStatement() throws SrlException {
    ParsedRuleFile p = compile("count;\n"
        + "ignore;\n"
        + "subroutine never (address a) return; endsub;\n");
    assertEquals(List.of("t.srl:2:1: warning: this statement is never executed",
        "t.srl:3:12: warning: subroutine 'never' is never called"), p.warnings());
    p = compile("call s (SourcePeerAddress)\n  3: ignore;\n  endcall;\ncount;\n"
        + "subroutine s (address a)\n  if a == 10.0/8 return 1;\nendsub;");
    assertEquals(List.of("t.srl:2:3: warning: subroutine 's' never returns 3 (it returns 1)",
        "t.srl:7:1: warning: the end of subroutine 's' can be reached; it returns as a plain"
            + " RETURN would (RFC 2723 §3.4: the only way to leave a subroutine is via a RETURN"
            + " statement)"), p.warnings());
  }

  @Test
  void checkerFindingsComeBackAtTheirStatements() throws SrlException {
    // RFC 2722 §4.3's inconsistent rule set, written in SRL: flows from A to B are counted, but
    // packets from B are ignored, so the replies of the A-B flows are lost.
    ParsedRuleFile p = compile("if SourcePeerAddress == 156.62/16 ignore;\n"
        + "if SourcePeerAddress == 130.216/16 && DestPeerAddress == 156.62/16 {\n"
        + "   save SourcePeerAddress /16;\n   save DestPeerAddress /16;\n   count;\n}\n"
        + "nomatch;");
    assertEquals(1, p.warnings().size(), p.warnings().toString());
    String w = p.warnings().get(0);
    assertTrue(w.startsWith("t.srl:1:25: warning: rule 1: this Ignore drops replies to packets"
        + " counted at rule 7 (line 4): a packet with SourcePeerAddress 130.216.0.0,"
        + " DestPeerAddress 156.62.0.0 is counted there, but its reply (SourcePeerAddress"
        + " 156.62.0.0, DestPeerAddress 130.216.0.0) is ignored here"), w);
    // Contradictory tests: the second test of SourcePeerType can never fail.
    p = compile("if SourcePeerType == 1 save; else ignore;\n"
        + "if SourcePeerType == 1 save, count;\nignore;");
    assertEquals(List.of("t.srl:3:1: warning: rule 4: this rule is never executed: no packet"
        + " can reach it, the tests on every path to it contradict each other"), p.warnings());
  }

  @Test
  void meterVariablesAreShared() throws SrlException {
    // Six parameters in all: v1..v5 cannot give each its own, so parameters of subroutines that
    // are never active together share (a and b both use v1..v3).
    String subs = "subroutine a (address x, address y, address z) if x == 1.0/8 save; return;"
        + " endsub;\nsubroutine b (address p, address q, address r) if p == 2.0/8 save; return;"
        + " endsub;\n";
    RuleSet rs = compile("call a (SourcePeerAddress, DestPeerAddress, SourceTransAddress)"
        + " endcall;\ncall b (DestPeerAddress, SourcePeerAddress, DestTransAddress) endcall;\n"
        + "count;\n" + subs).ruleSet();
    assertTrue(rs.rules().stream().noneMatch(r -> r.attribute() == Attribute.V4),
        rs.rules().toString());
    // A subroutine called from one with three parameters cannot have three more.
    SrlException e = assertThrows(SrlException.class, () -> compile("call a (SourcePeerAddress,"
        + " DestPeerAddress, SourceTransAddress) endcall;\ncount;\n"
        + "subroutine a (address x, address y, address z)\n"
        + "  call b (DestTransAddress, SourceAdjacentAddress, DestAdjacentAddress) endcall;"
        + " return; endsub;\n"
        + "subroutine b (address p, address q, address r) return; endsub;\n"));
    assertEquals(List.of("t.srl:5:12: subroutine 'b' needs meter variables v4..v6 for its"
        + " parameters, but the PME has only v1..v5 (RFC 2722 §4.4)"), e.errors());
  }
}
