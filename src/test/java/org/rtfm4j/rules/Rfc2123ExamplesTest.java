package org.rtfm4j.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtfm4j.rules.RuleFileParserTest.assertHasError;
import static org.rtfm4j.rules.RuleFileParserTest.at;
import static org.rtfm4j.rules.RuleFileParserTest.after;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule files printed in RFC 2123 §3 (NeTraMet experiences), kept verbatim under
 * src/test/resources/rfc2123. Several carry typos or bugs; the parser must report exactly those,
 * at their places, and accept the files once they are corrected. (RFC 2722 prints no concrete
 * rule, only the template "attribute &amp; mask = value: opcode, parameter;"; RFC 2723's
 * examples are SRL programs, not rule files: its value syntax is tested in ValueSyntaxTest.)
 */
class Rfc2123ExamplesTest {

  static String resource(String name) throws IOException {
    try (InputStream in = Rfc2123ExamplesTest.class.getResourceAsStream("/rfc2123/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static RuleFileException fails(String name, String text) {
    return assertThrows(RuleFileException.class, () -> RuleFileParser.parse(name, text));
  }

  @Test
  void section31ObserveAllFlows() throws Exception {
    String text = resource("3.1-observe-all.rules");
    // 'Dummy' is a PeerType NeTraMet knew but no RFC numbers, so it is unknown here.
    RuleFileException e = fails("3.1", text);
    assertEquals(1, e.problems().size(), e.getMessage());
    assertHasError(e, at(text, "Dummy"), "unknown name 'Dummy' for SourcePeerType");

    RuleSet rs = RuleFileParser.parse("3.1", text.replace("= Dummy:", "= 0:"));
    assertEquals(2, rs.number());
    assertEquals(10, rs.size());
    assertEquals(Action.COUNT_PKT, rs.rules().get(9).action());
    assertEquals(List.of("RuleSet", "FlowIndex", "FirstTime", "\"  \"", "SourcePeerType",
        "SourcePeerAddress", "DestPeerAddress", "\"  \"", "SourceTransType", "SourceTransAddress",
        "DestTransAddress", "\"  \"", "ToPDUs", "FromPDUs", "\"  \"", "ToOctets", "FromOctets"),
        rs.format());
    for (int i = 2; i < 9; i++) {
      assertEquals(Action.PUSH_PKT_TO_ACT, rs.rules().get(i).action());
      assertEquals(i + 2, rs.rules().get(i).parameter(), "Next is the following rule");
    }
    assertEquals(0, rs.rules().get(9).parameter());
  }

  @Test
  void section32NetworkExampleHasTwoBugs() throws Exception {
    String text = resource("3.2-network-130.216.rules");
    RuleFileException e = fails("3.2", text);
    assertEquals(1, e.problems().size(), e.getMessage());
    assertHasError(e, at(text, "c_pkt;"), "expected ',' between the action and its parameter");

    // With the comma added, the second bug shows: "Goto" sets the test indicator, so the
    // PushPkttoAct rule at c_pkt tests the source address against 0 and never matches real
    // traffic (RFC 2123 §3.1 itself calls this "a very common error"; GotoAct was meant).
    String comma = text.replace("Goto c_pkt", "Goto, c_pkt");
    RuleFileException e2 = fails("3.2", comma);
    assertEquals(1, e2.problems().size(), e2.getMessage());
    assertHasError(e2, at(comma, "PushPkttoAct"), "this PushPktTo rule's test is performed");

    RuleSet rs = RuleFileParser.parse("3.2", text.replace("Goto c_pkt", "GotoAct, c_pkt"));
    assertEquals(6, rs.size());
  }

  @Test
  void section32TwoGatewaysLacksAColonAndASemicolon() throws Exception {
    String text = resource("3.2-two-gateways.rules");
    RuleFileException e = fails("3.2", text);
    assertEquals(2, e.problems().size(), e.getMessage());
    assertHasError(e, after(text, "= 02-07-01-04-ED-4A"), "expected ':' between the value"
        + " and the action");
    assertHasError(e, after(text, "Count, 0"), "missing ';' at the end of the rule");

    String fixed = text.replace("ED-4A\n", "ED-4A:\n").replace("Count, 0\n", "Count, 0;\n");
    ParsedRuleFile p = RuleFileParser.parseWithWarnings("3.2", fixed);
    assertEquals(List.of(), p.warnings());
    RuleSet rs = p.ruleSet();
    assertEquals(18, rs.size());
    Rule s1 = rs.rules().get(4);
    assertEquals(Attribute.DEST_ADJACENT_ADDRESS, s1.attribute());
    assertArrayEquals(new byte[] {2, 7, 1, 4, (byte) 0xed, 0x4a}, s1.value());
    assertEquals(Action.GOTO_ACT, s1.action());
    assertEquals(13, s1.parameter(), "g3 is the 13th rule");
    assertEquals(Action.PUSH_RULE_TO_ACT, rs.rules().get(11).action(), "PushtoAct");
  }

  @Test
  void section33SubroutineParsesAsPrinted() throws Exception {
    ParsedRuleFile p = RuleFileParser.parseWithWarnings("3.3", resource("3.3-subroutine.rules"));
    assertEquals(List.of(), p.warnings());
    RuleSet rs = p.ruleSet();
    assertEquals(25, rs.size());
    Rule assign = rs.rules().get(2);
    assertEquals(Attribute.V1, assign.attribute());
    assertEquals(Action.ASSIGN_ACT, assign.action());
    assertArrayEquals(new byte[] {(byte) Attribute.SOURCE_PEER_ADDRESS.number()}, assign.value());
    assertEquals(4, assign.parameter());
    assertEquals(Action.GOSUB, rs.rules().get(3).action());
    assertEquals(19, rs.rules().get(3).parameter(), "classify");
    Rule classify = rs.rules().get(18);
    assertEquals(16, classify.mask().length, "v1 holds 16-byte peer addresses");
    assertArrayEquals(new byte[] {(byte) 156, 62, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        rs.rules().get(19).value());
    assertEquals(Action.RETURN, rs.rules().get(20).action());
    assertEquals(3, rs.rules().get(20).parameter());
  }

  @Test
  void section34WellKnownPortsHasFourSlips() throws Exception {
    String text = resource("3.4-well-known-ports.rules");
    RuleFileException e = fails("3.4", text);
    assertEquals(4, e.problems().size(), e.getMessage());
    assertHasError(e, at(text, "dummy"), "unknown name 'dummy' for SourcePeerType");
    assertHasError(e, at(text, "s_nfs\n"), "'s_nfs' is not an attribute; a label needs ':'");
    assertHasError(e, at(text, "s_xwin\n"), "'s_xwin' is not an attribute; a label needs ':'");
    assertHasError(e, RuleFileParserTest.position(text, text.lastIndexOf("Count, 0") + 8),
        "missing ';'");

    String fixed = text.replace("= dummy:", "= 0:").replace("s_nfs\n", "s_nfs:\n")
        .replace("s_xwin\n", "s_xwin:\n").replace("Count, 0\n", "Count, 0;\n");
    ParsedRuleFile p = RuleFileParser.parseWithWarnings("3.4", fixed);
    assertEquals(List.of(), p.warnings());
    RuleSet rs = p.ruleSet();
    assertEquals(34, rs.size());
    assertArrayEquals(new byte[] {0, 53}, rs.rules().get(10).value(), "domain");
    assertArrayEquals(new byte[] {0, 21}, rs.rules().get(11).value(), "ftp");
    assertArrayEquals(new byte[] {0, 25}, rs.rules().get(15).value(), "smtp");
    assertArrayEquals(new byte[] {0, 23}, rs.rules().get(16).value(), "telnet");
    assertArrayEquals(new byte[] {0, 80}, rs.rules().get(17).value(), "www");
    assertEquals(14, rs.rules().get(22).parameter(), "GotoAct, s_nfs");
  }

  @Test
  void section34RemoteRouterParsesButTwoRulesAreDead() throws Exception {
    // IP_pkt is reached by GotoAct, which clears the test indicator: its first rule then pushes
    // tcp for every IP packet without testing, and the udp and "unknown transport" rules after
    // it can never run. (Goto was meant.)
    String text = resource("3.4-remote-router.rules");
    ParsedRuleFile p = RuleFileParser.parseWithWarnings("3.4", text);
    int[] udp = at(text, "SourceTransType & 255 = udp");
    int[] unknown = at(text, "Null & 0 = 0:  GotoAct, not_wkp");
    assertEquals(List.of(
        "3.4:" + udp[0] + ":" + udp[1] + ": warning: this rule is never executed",
        "3.4:" + unknown[0] + ":" + unknown[1] + ": warning: this rule is never executed"),
        p.warnings());
    assertEquals(20, p.ruleSet().size());
    assertArrayEquals(new byte[] {(byte) 0xfc, 0}, p.ruleSet().rules().get(9).mask());

    ParsedRuleFile goTo = RuleFileParser.parseWithWarnings("3.4",
        text.replace("GotoAct, IP_pkt", "Goto, IP_pkt"));
    assertEquals(List.of(), goTo.warnings());
  }

  @Test
  void rfc2724DistributionAttributesAreNotSupported() {
    // RFC 2724 §4's example line uses attributes this meter does not implement.
    String text = "Null & 0 = 0: GotoAct, Next;\n"
        + "FromPacketSize     & 1.0.25!1500 = 60.0!0:   PushPkttoAct, Next;\n"
        + "Null & 0 = 0: Count, 0;\n";
    RuleFileException e = fails("2724", text);
    assertHasError(e, at(text, "FromPacketSize"), "unknown attribute 'FromPacketSize'");
    assertTrue(e.problems().size() >= 1);
  }
}
