package org.rtfm4j.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleFileWriterTest {
  private static final HexFormat HEX = HexFormat.of();

  private static Rule rule(Attribute a, String mask, String value, Action act, int p) {
    return new Rule(a, HEX.parseHex(mask), HEX.parseHex(value), act, p, 0);
  }

  @Test
  void valuesAreWrittenInTheirAttributesNotation() throws Exception {
    RuleSet rs = new RuleSet(7, "notation", List.of(
        rule(Attribute.NULL, "00", "00", Action.GOTO_ACT, 2),
        rule(Attribute.V1, "00", "09", Action.ASSIGN_ACT, 3),
        rule(Attribute.SOURCE_PEER_ADDRESS, "ffffff00000000000000000000000000",
            "c0000200000000000000000000000000", Action.PUSH_RULE_TO_ACT, 4),
        rule(Attribute.DEST_PEER_ADDRESS, "ffffffffffffffff0000000000000000",
            "20010db8000000000000000000000000", Action.PUSH_RULE_TO_ACT, 5),
        rule(Attribute.SOURCE_ADJACENT_ADDRESS, "ffffffffffff", "008048810e7c",
            Action.PUSH_RULE_TO_ACT, 6),
        rule(Attribute.DEST_TRANS_ADDRESS, "ffff", "01bb", Action.PUSH_RULE_TO_ACT, 7),
        rule(Attribute.SOURCE_TRANS_ADDRESS, "fc00", "0000", Action.PUSH_RULE_TO_ACT, 8),
        rule(Attribute.FLOW_KIND, "ff", "57", Action.PUSH_RULE_TO_ACT, 9),
        rule(Attribute.SOURCE_PEER_TYPE, "ff", "02", Action.PUSH_RULE_TO_ACT, 10),
        rule(Attribute.V1, "ffff0000000000000000000000000000", "82d80000000000000000000000000000",
            Action.PUSH_RULE_TO_ACT, 11),
        rule(Attribute.NULL, "00", "00", Action.COUNT, 0)),
        List.of("RuleSet", "\" \"", "ToOctets"), true);
    String text = RuleFileWriter.write(rs);
    for (String expected : List.of(
        "SET 7\nRULES\n",
        "  Null & 0 = 0: ",
        "  v1 & 0 = SourcePeerAddress: ",
        "  SourcePeerAddress & 255.255.255.0 = 192.0.2.0: ",
        "  DestPeerAddress & ffff:ffff:ffff:ffff:: = 2001:db8::: ",
        "  SourceAdjacentAddress & ff-ff-ff-ff-ff-ff = 00-80-48-81-0e-7c: ",
        "  DestTransAddress & 255.255 = 443: ",
        "  SourceTransAddress & 252.0 = 0: ",
        "  FlowKind & 255 = 'W': ",
        "  SourcePeerType & 255 = 2: ",
        "  v1 & 255.255.0.0 = 130.216.0.0: ",
        "PushRuleToAct, 5;",
        "Count, 0;",
        "FORMAT RuleSet \" \" ToOctets;\nSTATISTICS\n")) {
      assertTrue(text.contains(expected), () -> "no '" + expected + "' in\n" + text);
    }
    assertEquals(rs, RuleFileParser.parse("notation", text));
  }

  @Test
  void noSetLineWithoutANumber() throws Exception {
    RuleSet rs = new RuleSet(0, "x", List.of(rule(Attribute.NULL, "00", "00", Action.COUNT, 0)),
        List.of(), false);
    String text = RuleFileWriter.write(rs);
    assertTrue(!text.contains("SET"), text);
    assertEquals(rs, RuleFileParser.parse("x", text));
  }

  // ------------------------------------------------------------------ random round trip

  private static final Action[] TERMINAL = {Action.IGNORE, Action.NO_MATCH, Action.COUNT,
      Action.COUNT_PKT};

  private static List<Attribute> plainTestable() {
    List<Attribute> out = new ArrayList<>();
    for (Attribute a : Attribute.values()) {
      if (a.testable() && !a.isMeterVariable()) {
        out.add(a);
      }
    }
    return out;
  }

  private static final List<Attribute> PLAIN = plainTestable();
  private static final Attribute[] VARIABLES = {Attribute.V1, Attribute.V2, Attribute.V3,
      Attribute.V4, Attribute.V5};

  /** A random, canonical rule set (masks and values exactly as wide as the parser makes them). */
  static RuleSet randomRuleSet(Random rnd) {
    int n = 1 + rnd.nextInt(40);
    Attribute[] attrs = new Attribute[n];
    Action[] acts = new Action[n];
    Attribute[] held = new Attribute[n];
    for (int i = 0; i < n; i++) {
      acts[i] = i == n - 1 ? TERMINAL[rnd.nextInt(TERMINAL.length)]
          : Action.values()[rnd.nextInt(Action.values().length)];
      if (RuleSetChecker.isAssign(acts[i])) {
        attrs[i] = VARIABLES[rnd.nextInt(VARIABLES.length)];
        held[i] = PLAIN.get(rnd.nextInt(PLAIN.size()));
      } else {
        attrs[i] = rnd.nextInt(6) == 0 ? VARIABLES[rnd.nextInt(VARIABLES.length)]
            : PLAIN.get(rnd.nextInt(PLAIN.size()));
      }
    }
    Map<Attribute, Set<Attribute>> targets = new java.util.EnumMap<>(Attribute.class);
    for (int i = 0; i < n; i++) {
      if (held[i] != null) {
        targets.computeIfAbsent(attrs[i], k -> EnumSet.noneOf(Attribute.class)).add(held[i]);
      }
    }
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] mask;
      byte[] value;
      if (held[i] != null) {
        mask = new byte[] {(byte) (rnd.nextBoolean() ? 0xff : 0)};
        value = new byte[] {(byte) held[i].number()};
      } else {
        int width = attrs[i].isMeterVariable()
            ? RuleSetChecker.variableTarget(attrs[i], targets.getOrDefault(attrs[i], Set.of()))
                .width()
            : attrs[i].width();
        mask = randomMask(rnd, width);
        value = new byte[width];
        rnd.nextBytes(value);
        for (int k = 0; k < width; k++) {
          value[k] &= mask[k];
        }
        boolean pushPkt = acts[i] == Action.PUSH_PKT_TO || acts[i] == Action.PUSH_PKT_TO_ACT;
        if (pushPkt && ValueSyntax.isZero(value)) {
          value = mask.clone(); // a zero-valued PushPkt rule may not have its test performed
        }
      }
      int p;
      if (acts[i].gotoFlag()) {
        p = i + 2 + rnd.nextInt(n - i - 1); // forward jumps only
      } else if (acts[i] == Action.RETURN) {
        p = 1 + rnd.nextInt(3);
      } else {
        p = rnd.nextInt(3);
      }
      rules.add(new Rule(attrs[i], mask, value, acts[i], p, 0));
    }
    List<String> format = new ArrayList<>();
    for (int k = rnd.nextInt(6); k > 0; k--) {
      format.add(rnd.nextInt(3) == 0 ? "\"" + " |,".charAt(rnd.nextInt(3)) + "\""
          : Attribute.byNumber(1 + rnd.nextInt(41)).rfcName());
    }
    int number = rnd.nextInt(4) == 0 ? 0 : 2 + rnd.nextInt(254);
    return new RuleSet(number, "random", rules, format, rnd.nextBoolean());
  }

  private static byte[] randomMask(Random rnd, int width) {
    byte[] m = new byte[width];
    switch (rnd.nextInt(4)) {
      case 0: // prefix mask
        int bits = rnd.nextInt(8 * width + 1);
        for (int b = 0; b < bits; b++) {
          m[b / 8] |= (byte) (0x80 >>> (b % 8));
        }
        break;
      case 1: // all ones
        java.util.Arrays.fill(m, (byte) 0xff);
        break;
      case 2: // zero
        break;
      default:
        rnd.nextBytes(m);
    }
    return m;
  }

  @Test
  void randomRuleSetsSurviveWriteThenParse() throws Exception {
    Random rnd = new Random(2723);
    int valid = 0;
    int attempts = 0;
    while (valid < 400 && attempts < 4000) {
      attempts++;
      RuleSet rs = randomRuleSet(rnd);
      if (RuleSetChecker.check(rs).stream().anyMatch(RuleSetChecker.Finding::error)) {
        continue; // e.g. a value outside its mask on a rule whose test is performed
      }
      valid++;
      String text = RuleFileWriter.write(rs);
      RuleSet back;
      try {
        back = RuleFileParser.parse("random", text);
      } catch (RuleFileException e) {
        throw new AssertionError(e.getMessage() + "\n" + text, e);
      }
      assertEquals(rs, back, text);
    }
    assertEquals(400, valid, "too few valid random rule sets in " + attempts + " attempts");
  }
}
