package org.rtfm4j.rules;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One rule as the Meter MIB carries it (RFC 2720 flowRuleTable): selector and action as numbers,
 * mask and matched value as RuleAddress octet strings (2..20 octets). {@link RuleRows} converts
 * between these and {@link Rule}s.
 *
 * @param selector flowRuleSelector, a RuleAttributeNumber
 * @param mask flowRuleMask
 * @param value flowRuleMatchedValue
 * @param action flowRuleAction, an ActionNumber (1..17)
 * @param parameter flowRuleParameter
 */
public record RuleRow(int selector, byte[] mask, byte[] value, int action, int parameter) {

  public RuleRow {
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
    return o instanceof RuleRow r && selector == r.selector && Arrays.equals(mask, r.mask)
        && Arrays.equals(value, r.value) && action == r.action && parameter == r.parameter;
  }

  @Override
  public int hashCode() {
    return ((selector * 31 + Arrays.hashCode(mask)) * 31 + Arrays.hashCode(value)) * 31
        + action * 7 + parameter;
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.ofDelimiter(" ");
    return "RuleRow[" + selector + " & " + hex.formatHex(mask) + " = " + hex.formatHex(value)
        + ": " + action + ", " + parameter + "]";
  }
}
