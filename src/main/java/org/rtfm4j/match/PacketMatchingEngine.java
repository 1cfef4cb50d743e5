package org.rtfm4j.match;

import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.packet.DecodedPacket;

/**
 * The Packet Matching Engine of RFC 2722 §4.3-4.4: a virtual machine that runs a rule set over
 * one packet's match key in one direction and answers Ignore, NoMatch or Count (with a flow key).
 *
 * <p>One engine serves one thread; it keeps its return stack and pattern queue in reused arrays so
 * matching allocates nothing.
 */
public final class PacketMatchingEngine {
  /** match() result: the packet is not to be counted (Ignore). */
  public static final int IGNORE = 1;
  /** match() result: no match in this direction; it may match reversed (NoMatch). */
  public static final int NO_MATCH = 2;
  /** match() result: count the packet in the flow whose key was built (RFC 2722 'Suc'). */
  public static final int COUNT = 3;
  /**
   * match() result: the rule set misbehaved for this packet (ran past its step budget, overflowed
   * or underflowed its return stack, jumped out of range); the packet is not counted.
   */
  public static final int ERROR = 4;

  /** Deepest Gosub nesting allowed before a rule set is judged runaway. */
  public static final int RETURN_STACK_DEPTH = 64;
  /** Most pattern-queue entries one match may push. */
  public static final int PATTERN_QUEUE_LENGTH = 256;
  /** Most rules one match may execute; a loop in a rule set stops here. */
  public static final int STEP_LIMIT = 100_000;

  private static final int OP_IGNORE = 1;
  private static final int OP_NO_MATCH = 2;
  private static final int OP_COUNT = 3;
  private static final int OP_COUNT_PKT = 4;
  private static final int OP_RETURN = 5;
  private static final int OP_GOSUB = 6;
  private static final int OP_GOSUB_ACT = 7;
  private static final int OP_ASSIGN = 8;
  private static final int OP_ASSIGN_ACT = 9;
  private static final int OP_GOTO = 10;
  private static final int OP_GOTO_ACT = 11;
  private static final int OP_PUSH_RULE_TO = 12;
  private static final int OP_PUSH_RULE_TO_ACT = 13;
  private static final int OP_PUSH_PKT_TO = 14;
  private static final int OP_PUSH_PKT_TO_ACT = 15;
  private static final int OP_POP_TO = 16;
  private static final int OP_POP_TO_ACT = 17;

  private static final int ATTR_NULL = 0;
  private static final int ATTR_MATCHING_STOD = 50;
  private static final int FIRST_METER_VARIABLE = 51;
  private static final int LAST_METER_VARIABLE = 55;
  private static final int FIRST_COMPUTED = 36;
  private static final int LAST_COMPUTED = 41;

  private final int[] returnStack = new int[RETURN_STACK_DEPTH];
  private final int[] queueAttribute = new int[PATTERN_QUEUE_LENGTH];
  private final long[] queueValueHi = new long[PATTERN_QUEUE_LENGTH];
  private final long[] queueValueLo = new long[PATTERN_QUEUE_LENGTH];
  private final long[] queueMaskHi = new long[PATTERN_QUEUE_LENGTH];
  private final long[] queueMaskLo = new long[PATTERN_QUEUE_LENGTH];
  private final int[] queueLength = new int[PATTERN_QUEUE_LENGTH];
  private final int[] meterVariable = new int[LAST_METER_VARIABLE - FIRST_METER_VARIABLE + 1];

  private int queueSize;
  private String lastError = "";

  // Operand of the current rule's packet value, set by packetValue() (hi/lo pair as two fields so
  // nothing is allocated).
  private long operandHi;
  private long operandLo;
  private int operandLength;

  /**
   * Runs {@code rules} over {@code packet}, RFC 2722 §4.4.
   *
   * @param stoD true to match with the packet's addresses in wire order (S->D), false reversed
   * @param key receives the flow key when the result is {@link #COUNT}
   * @return {@link #IGNORE}, {@link #NO_MATCH}, {@link #COUNT} or {@link #ERROR}
   */
  public int match(CompiledRuleSet rules, DecodedPacket packet, boolean stoD, FlowKey key) {
    queueSize = 0;
    int sp = 0;
    for (int i = 0; i < meterVariable.length; i++) {
      meterVariable[i] = 0;
    }
    boolean test = true; // "The test indicator is initially set (true)."
    int pc = 1; // "Execution begins with rule 1"
    final int size = rules.size;
    final int[] attribute = rules.attribute;
    final int[] opcode = rules.opcode;
    final int[] parameter = rules.parameter;
    for (int steps = 0; steps < STEP_LIMIT; steps++) {
      if (pc < 1 || pc > size) {
        if (pc == size + 1) {
          // "If there are no more rules in the rule set, return from the match() function
          // indicating NoMatch."
          return NO_MATCH;
        }
        return error("jumped to rule " + pc + " of " + size);
      }
      int attr = resolve(attribute[pc]);
      if (test) {
        if (attr != ATTR_NULL) {
          packetValue(attr, packet, stoD);
          if ((operandHi & rules.maskHi[pc]) != rules.valueHi[pc]
              || (operandLo & rules.maskLo[pc]) != rules.valueLo[pc]) {
            pc++;
            continue;
          }
        }
      }
      int op = opcode[pc];
      int param = parameter[pc];
      switch (op) {
        case OP_IGNORE:
          return IGNORE;
        case OP_NO_MATCH:
          return NO_MATCH;
        case OP_COUNT:
          if (!push(attr, rules.valueHi[pc], rules.valueLo[pc], rules.maskHi[pc], rules.maskLo[pc],
              rules.valueLength[pc])) {
            return error("pattern queue overflow at rule " + pc);
          }
          buildKey(key);
          return COUNT;
        case OP_COUNT_PKT:
          if (!pushPacketValue(attr, rules, pc, packet, stoD)) {
            return error("pattern queue overflow at rule " + pc);
          }
          buildKey(key);
          return COUNT;
        case OP_RETURN:
          if (sp == 0) {
            return error("Return at rule " + pc + " with an empty return stack");
          }
          // "Pop the number of the calling gosub rule ... add this rule's parameter value to it
          // to determine the 'target' rule.  Clear the test indicator then goto the target."
          pc = returnStack[--sp] + param;
          test = false;
          continue;
        case OP_GOSUB:
        case OP_GOSUB_ACT:
          if (sp == RETURN_STACK_DEPTH) {
            return error("return stack overflow at rule " + pc);
          }
          returnStack[sp++] = pc;
          break;
        case OP_ASSIGN:
        case OP_ASSIGN_ACT:
          assign(attribute[pc], rules, pc);
          break;
        case OP_GOTO:
        case OP_GOTO_ACT:
          break;
        case OP_PUSH_RULE_TO:
        case OP_PUSH_RULE_TO_ACT:
          if (!push(attr, rules.valueHi[pc], rules.valueLo[pc], rules.maskHi[pc], rules.maskLo[pc],
              rules.valueLength[pc])) {
            return error("pattern queue overflow at rule " + pc);
          }
          break;
        case OP_PUSH_PKT_TO:
        case OP_PUSH_PKT_TO_ACT:
          if (!pushPacketValue(attr, rules, pc, packet, stoD)) {
            return error("pattern queue overflow at rule " + pc);
          }
          break;
        case OP_POP_TO:
        case OP_POP_TO_ACT:
          // "Delete the most recent item from the pattern queue"
          if (queueSize > 0) {
            queueSize--;
          }
          break;
        default:
          return error("unknown opcode " + op + " at rule " + pc);
      }
      // Every remaining opcode has its goto flag set; Act variants clear the test indicator.
      test = (op & 1) == 0;
      pc = param;
    }
    return error("stopped after " + STEP_LIMIT + " steps (a loop in the rule set?)");
  }

  /** Why the last {@link #ERROR} result happened. */
  public String lastError() {
    return lastError;
  }

  private int error(String why) {
    lastError = why;
    return ERROR;
  }

  /**
   * Meter variables v1..v5 stand for the attribute they were assigned (RFC 2722 §4.4). One that
   * holds nothing reads as zero: it is treated as a variable holding the value 0, whose tests
   * succeed only against a zero value.
   */
  private int resolve(int attr) {
    if (attr >= FIRST_METER_VARIABLE && attr <= LAST_METER_VARIABLE) {
      int held = meterVariable[attr - FIRST_METER_VARIABLE];
      return held == 0 ? attr : held;
    }
    return attr;
  }

  /**
   * Assign: the meter variable named by the rule's attribute takes the attribute number held in
   * the first byte of the rule's value (NeTraMet's {@code v1 & 0 = SourcePeerAddress: AssignAct,
   * Next;}); the parameter is the next rule, as for every goto opcode.
   */
  private void assign(int attr, CompiledRuleSet rules, int pc) {
    if (attr >= FIRST_METER_VARIABLE && attr <= LAST_METER_VARIABLE) {
      int target = (int) (rules.valueHi[pc] >>> 56);
      meterVariable[attr - FIRST_METER_VARIABLE] =
          CompiledRuleSet.assignable(target) ? target : 0;
    }
  }

  private boolean push(int attr, long vHi, long vLo, long mHi, long mLo, int length) {
    if (queueSize == PATTERN_QUEUE_LENGTH) {
      return false;
    }
    int i = queueSize++;
    queueAttribute[i] = attr;
    queueValueHi[i] = vHi;
    queueValueLo[i] = vLo;
    queueMaskHi[i] = mHi;
    queueMaskLo[i] = mLo;
    queueLength[i] = length;
    return true;
  }

  /** PushPktTo / CountPkt: "the masked value from the packet header" is saved. */
  private boolean pushPacketValue(int attr, CompiledRuleSet rules, int pc, DecodedPacket packet,
      boolean stoD) {
    long mHi = rules.maskHi[pc];
    long mLo = rules.maskLo[pc];
    packetValue(attr, packet, stoD);
    return push(attr, operandHi & mHi, operandLo & mLo, mHi, mLo, operandLength);
  }

  private void buildKey(FlowKey key) {
    key.clear();
    for (int i = 0; i < queueSize; i++) {
      key.set(queueAttribute[i], queueValueHi[i], queueValueLo[i], queueMaskHi[i], queueMaskLo[i],
          queueLength[i]);
    }
  }

  /**
   * Loads the value of attribute {@code attr} for this packet into operandHi/Lo/Length. When
   * matching D->S every Source attribute reads the packet's destination and vice versa.
   */
  private void packetValue(int attr, DecodedPacket p, boolean stoD) {
    operandLo = 0;
    operandLength = 1;
    switch (attr) {
      case 4: // SourceInterface
      case 14: // DestInterface: a passive meter sees each packet on one interface: both ends.
        operandHi = (long) (p.interfaceNumber & 0xFF) << 56;
        return;
      case 5: // SourceAdjacentType
      case 15:
        operandHi = (long) (p.adjacentType & 0xFF) << 56;
        return;
      case 6: // SourceAdjacentAddress
        operandHi = (stoD ? p.srcMac : p.dstMac) << 16;
        operandLength = 6;
        return;
      case 16: // DestAdjacentAddress
        operandHi = (stoD ? p.dstMac : p.srcMac) << 16;
        operandLength = 6;
        return;
      case 8: // SourcePeerType
      case 18:
        operandHi = (long) (p.peerType & 0xFF) << 56;
        return;
      case 9: // SourcePeerAddress
        operandHi = stoD ? p.srcAddrHi : p.dstAddrHi;
        operandLo = stoD ? p.srcAddrLo : p.dstAddrLo;
        operandLength = p.addressLength;
        return;
      case 19: // DestPeerAddress
        operandHi = stoD ? p.dstAddrHi : p.srcAddrHi;
        operandLo = stoD ? p.dstAddrLo : p.srcAddrLo;
        operandLength = p.addressLength;
        return;
      case 11: // SourceTransType
      case 21:
        operandHi = (long) (p.protocol & 0xFF) << 56;
        return;
      case 12: // SourceTransAddress
        operandHi = (long) ((stoD ? p.srcPort : p.dstPort) & 0xFFFF) << 48;
        operandLength = 2;
        return;
      case 22: // DestTransAddress
        operandHi = (long) ((stoD ? p.dstPort : p.srcPort) & 0xFFFF) << 48;
        operandLength = 2;
        return;
      case ATTR_MATCHING_STOD:
        // RFC 2722 §4.4: 1 in wire order, 0 otherwise (RFC 2720's flowRuleSelector text says
        // false(2); we follow the architecture, as RFC 2720 §7 also says "Its value is 1").
        operandHi = stoD ? 1L << 56 : 0;
        return;
      default:
        if (attr >= FIRST_COMPUTED && attr <= LAST_COMPUTED) {
          computedValue(attr);
          return;
        }
        // Subscriber and session IDs are never derived from packets: always empty (zero).
        operandHi = 0;
    }
  }

  /** Computed attributes hold the value last pushed for them in this match, else zero. */
  private void computedValue(int attr) {
    for (int i = queueSize - 1; i >= 0; i--) {
      if (queueAttribute[i] == attr) {
        operandHi = queueValueHi[i];
        return;
      }
    }
    operandHi = 0;
  }
}
