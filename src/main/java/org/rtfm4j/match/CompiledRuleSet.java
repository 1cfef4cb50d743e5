package org.rtfm4j.match;

import java.util.List;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.Rule;
import org.rtfm4j.rules.RuleSet;

/**
 * A rule set laid out in primitive arrays for the Packet Matching Engine: index 1 is rule 1
 * (RFC 2722 §4.4 numbers rules from 1), index 0 is unused.
 */
public final class CompiledRuleSet {
  final int number;
  final int size;
  final int[] attribute;
  final long[] maskHi;
  final long[] maskLo;
  final long[] valueHi;
  final long[] valueLo;
  final int[] valueLength;
  final int[] opcode;
  final int[] parameter;
  private final RuleSet source;

  /** Lays out {@code ruleSet}; it must already have passed the rule-file validation. */
  public CompiledRuleSet(RuleSet ruleSet) {
    this.source = ruleSet;
    this.number = ruleSet.number();
    List<Rule> rules = ruleSet.rules();
    this.size = rules.size();
    attribute = new int[size + 1];
    maskHi = new long[size + 1];
    maskLo = new long[size + 1];
    valueHi = new long[size + 1];
    valueLo = new long[size + 1];
    valueLength = new int[size + 1];
    opcode = new int[size + 1];
    parameter = new int[size + 1];
    for (int i = 1; i <= size; i++) {
      Rule r = rules.get(i - 1);
      attribute[i] = r.attribute().number();
      byte[] mask = r.mask();
      byte[] value = r.value();
      maskHi[i] = AttributeValues.hi(mask);
      maskLo[i] = AttributeValues.lo(mask);
      valueHi[i] = AttributeValues.hi(value);
      valueLo[i] = AttributeValues.lo(value);
      valueLength[i] = valueLength(r.attribute(), maskHi[i], maskLo[i], valueHi[i], valueLo[i]);
      opcode[i] = r.action().opcode();
      parameter[i] = r.parameter();
    }
  }

  /**
   * Length of the value a Count or PushRuleTo saves. Rule files give peer addresses at their full
   * 16-byte width, so an address whose value and mask end within the first four bytes is taken
   * to be IPv4, anything longer IPv6; other attributes have one width.
   */
  private static int valueLength(Attribute a, long mHi, long mLo, long vHi, long vLo) {
    if (a == Attribute.SOURCE_PEER_ADDRESS || a == Attribute.DEST_PEER_ADDRESS) {
      boolean beyondFour = ((mHi | vHi) & 0xFFFF_FFFFL) != 0 || (mLo | vLo) != 0;
      return beyondFour ? 16 : 4;
    }
    return a.width();
  }

  /** The rule set number. */
  public int number() {
    return number;
  }

  /** Number of rules. */
  public int size() {
    return size;
  }

  /** The rule set this was compiled from. */
  public RuleSet source() {
    return source;
  }

  /**
   * The attributes whose packet values this rule set can read, as a bit set by attribute number
   * (bit n for attribute n). A rule set that uses a meter variable can read anything a variable
   * may be assigned, so every bit is set. Two packets that agree on these attributes match
   * identically: the PME is a function of them (computed attributes and MatchingStoD are built
   * during matching from them).
   */
  public long packetAttributes() {
    long bits = 0;
    for (int i = 1; i <= size; i++) {
      int a = attribute[i];
      if (a >= 51 && a <= 55) {
        return -1L;
      }
      bits |= 1L << a;
    }
    return bits;
  }

  /** Attribute number a meter variable may hold: any attribute a rule may test, except v1..v5. */
  static boolean assignable(int attributeNumber) {
    Attribute a = Attribute.byNumber(attributeNumber);
    return a != null && a.testable() && !a.isMeterVariable();
  }
}
