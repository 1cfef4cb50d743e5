package org.rtfm4j.rules;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The 17 Packet Matching Engine opcodes of RFC 2722 §4.4 with their 'goto' and 'test' flags.
 * Opcodes without a goto flag end matching (Ignore, NoMatch, Count, CountPkt) or pick the next
 * rule themselves (Return).
 */
public enum Action {
  IGNORE(1, "Ignore", false, false),
  NO_MATCH(2, "NoMatch", false, false),
  COUNT(3, "Count", false, false),
  COUNT_PKT(4, "CountPkt", false, false),
  RETURN(5, "Return", false, false),
  GOSUB(6, "Gosub", true, true),
  GOSUB_ACT(7, "GosubAct", true, false),
  ASSIGN(8, "Assign", true, true),
  ASSIGN_ACT(9, "AssignAct", true, false),
  GOTO(10, "Goto", true, true),
  GOTO_ACT(11, "GotoAct", true, false),
  PUSH_RULE_TO(12, "PushRuleTo", true, true),
  PUSH_RULE_TO_ACT(13, "PushRuleToAct", true, false),
  PUSH_PKT_TO(14, "PushPktTo", true, true),
  PUSH_PKT_TO_ACT(15, "PushPktToAct", true, false),
  POP_TO(16, "PopTo", true, true),
  POP_TO_ACT(17, "PopToAct", true, false);

  private static final Action[] BY_OPCODE = new Action[18];
  private static final Map<String, Action> BY_NAME = new HashMap<>();

  static {
    for (Action a : values()) {
      BY_OPCODE[a.opcode] = a;
      BY_NAME.put(a.name.toLowerCase(Locale.ROOT), a);
    }
    // Spellings from older NeTraMet rule files and RFC 2063 (netramet.md): Retry and Fail were
    // renamed NoMatch; Pushto/PushtoAct are PushRuleTo/PushRuleToAct; PushPkttoAct is PushPktToAct.
    BY_NAME.put("retry", NO_MATCH);
    BY_NAME.put("fail", NO_MATCH);
    BY_NAME.put("pushto", PUSH_RULE_TO);
    BY_NAME.put("pushtoact", PUSH_RULE_TO_ACT);
    BY_NAME.put("pushpktto", PUSH_PKT_TO);
    BY_NAME.put("pushpkttoact", PUSH_PKT_TO_ACT);
  }

  private final int opcode;
  private final String name;
  private final boolean gotoFlag;
  private final boolean testFlag;

  Action(int opcode, String name, boolean gotoFlag, boolean testFlag) {
    this.opcode = opcode;
    this.name = name;
    this.gotoFlag = gotoFlag;
    this.testFlag = testFlag;
  }

  /** The opcode number (RFC 2720 ActionNumber). */
  public int opcode() {
    return opcode;
  }

  /** The RFC 2722 name, e.g. {@code PushRuleToAct}. */
  public String rfcName() {
    return name;
  }

  /** True when the parameter is the number of the next rule (RFC 2722 §4.4 'goto' flag). */
  public boolean gotoFlag() {
    return gotoFlag;
  }

  /** The value the test indicator takes after this action (RFC 2722 §4.4 'test' flag). */
  public boolean testFlag() {
    return testFlag;
  }

  /** The action with this opcode, or null. */
  public static Action byOpcode(int opcode) {
    return opcode >= 1 && opcode <= 17 ? BY_OPCODE[opcode] : null;
  }

  /** The action with this name or old spelling (case-insensitive), or null. */
  public static Action byName(String name) {
    return BY_NAME.get(name.toLowerCase(Locale.ROOT));
  }
}
