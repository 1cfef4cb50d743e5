package org.rtfm4j.rules;

import java.util.Arrays;

/**
 * One PME instruction, RFC 2722 §4.4: {@code attribute & mask = value: action, parameter;}.
 *
 * <p>Mask and value are big-endian byte strings, left-aligned (RFC 2723 Appendix B); they may be
 * shorter than the attribute's width (missing bytes are zero) but never longer. Rules read by
 * {@link RuleFileParser} always have exactly the attribute's width; for a meter variable (v1..v5)
 * that is the width of the attributes Assign rules put into it. For goto actions the parameter is
 * a 1-origin rule number; for Return it is added to the Gosub rule's number; the other actions
 * ignore it (rule files write 0).
 *
 * <p>Assign and AssignAct follow NeTraMet (RFC 2123 §3.3: {@code v1 & 0 = SourcePeerAddress:
 * AssignAct, Next;}): the attribute is the meter variable being set, the value is one byte
 * holding the number of the attribute it will stand for, the mask is one byte (normally 0, as the
 * test is normally skipped), and the parameter is the next rule, like every action with the goto
 * flag. RFC 2722 §4.4's wording ("set the attribute ... to the parameter value", then "goto the
 * specified rule") would need the parameter twice; NeTraMet's rule files settle it this way.
 *
 * @param line the line in the rule file it came from, or 0
 */
public record Rule(Attribute attribute, byte[] mask, byte[] value, Action action, int parameter,
    int line) {

  public Rule {
    mask = mask.clone();
    value = value.clone();
  }

  @Override
  public byte[] mask() {
    return mask.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rule r && attribute == r.attribute && Arrays.equals(mask, r.mask)
        && Arrays.equals(value, r.value) && action == r.action && parameter == r.parameter;
  }

  @Override
  public int hashCode() {
    return ((attribute.hashCode() * 31 + Arrays.hashCode(mask)) * 31 + Arrays.hashCode(value)) * 31
        + action.hashCode() * 7 + parameter;
  }
}
