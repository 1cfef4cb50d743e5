package org.rtfm4j.rules;

import java.util.Set;

/**
 * Rule masks and values written as text (RFC 2723 Appendix B), for front ends other than the rule
 * file parser: the SRL compiler reads its operands through here, so SRL and rule files accept
 * exactly the same numbers, names, addresses and character constants ({@link ValueSyntax}).
 */
public final class RuleValues {
  private RuleValues() {}

  /** A malformed or too wide mask or value. */
  public static final class BadValueException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;

    BadValueException(String reason, int offset) {
      super(reason, null, false, false);
      this.offset = offset;
    }

    /** Characters into the text where the fault is. */
    public int offset() {
      return offset;
    }
  }

  /**
   * Bytes of a value of {@code attribute} ({@link Attribute#width()} of them); symbolic names of
   * types and ports are accepted.
   */
  public static byte[] value(String text, Attribute attribute) throws BadValueException {
    return parse(text, ValueSyntax.Target.of(attribute));
  }

  /** Bytes of a mask of {@code attribute}: as {@link #value} without symbolic names. */
  public static byte[] mask(String text, Attribute attribute) throws BadValueException {
    ValueSyntax.Target t = ValueSyntax.Target.of(attribute);
    return parse(text, new ValueSyntax.Target(t.name(), t.width(), null, null));
  }

  /**
   * Bytes of a value of a meter variable that may hold any of {@code held} (RFC 2722 §4.4), as
   * wide as the widest of them; a lone number is refused when their widths differ (it would fill
   * a width known only at run time).
   */
  public static byte[] variableValue(String text, Attribute variable, Set<Attribute> held)
      throws BadValueException {
    return parse(text, RuleSetChecker.variableTarget(variable, held));
  }

  /** As {@link #variableValue} for a mask (no symbolic names). */
  public static byte[] variableMask(String text, Attribute variable, Set<Attribute> held)
      throws BadValueException {
    ValueSyntax.Target t = RuleSetChecker.variableTarget(variable, held);
    return parse(text, new ValueSyntax.Target(t.name(), t.width(), null, t.ambiguity()));
  }

  /**
   * Width in bytes that rule files give masks and values of meter variable {@code variable} when
   * the rule set's Assign rules put {@code held} into it: what {@link RuleFileParser} produces.
   */
  public static int variableWidth(Attribute variable, Set<Attribute> held) {
    return RuleSetChecker.variableTarget(variable, held).width();
  }

  private static byte[] parse(String text, ValueSyntax.Target t) throws BadValueException {
    try {
      return ValueSyntax.parse(text, t);
    } catch (ValueSyntax.ValueException e) {
      throw new BadValueException(e.getMessage(), e.offset);
    }
  }
}
