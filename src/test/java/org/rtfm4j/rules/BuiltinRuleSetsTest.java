package org.rtfm4j.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltinRuleSetsTest {

  @Test
  void ruleSet1CountsEveryPacketByPeerType() {
    RuleSet rs = BuiltinRuleSets.ruleSet1();
    assertEquals(1, rs.number());
    assertEquals("default", rs.name());
    assertEquals(3, rs.size());
    // The flow key is what the pushes and CountPkt save: the two PeerType attributes.
    assertEquals(Attribute.SOURCE_PEER_TYPE, rs.rules().get(1).attribute());
    assertEquals(Action.PUSH_PKT_TO_ACT, rs.rules().get(1).action());
    assertEquals(Attribute.DEST_PEER_TYPE, rs.rules().get(2).attribute());
    assertEquals(Action.COUNT_PKT, rs.rules().get(2).action());
    assertEquals(Attribute.DEST_PEER_TYPE, Attribute.SOURCE_PEER_TYPE.reversed());
    assertEquals(List.of(), RuleSetChecker.check(rs), "no errors and no warnings");
  }

  @Test
  void ruleSet1IsWrittenAsARuleFileThatNoFileMayLoadAsSet1() throws Exception {
    String text = RuleFileWriter.write(BuiltinRuleSets.ruleSet1());
    RuleFileException e = assertThrows(RuleFileException.class,
        () -> RuleFileParser.parse("default", text));
    assertTrue(e.reason().contains("rule set 1 is built into the meter"), e.getMessage());
    RuleSet copy = RuleFileParser.parse("default", text.replace("SET 1\n", "SET 2\n"));
    assertEquals(BuiltinRuleSets.ruleSet1().rules(), copy.rules());
    assertEquals(BuiltinRuleSets.ruleSet1().format(), copy.format());
  }
}
