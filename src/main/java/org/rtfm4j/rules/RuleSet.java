package org.rtfm4j.rules;

import java.util.List;

/**
 * A rule set: the program the Packet Matching Engine runs (RFC 2722 §4.4), numbered as an index
 * of flowRuleSetInfoTable (RFC 2720). Rule 1 is {@code rules.get(0)}.
 *
 * @param number the rule set number (SET n in a rule file)
 * @param name a short name (flowRuleInfoName), e.g. the file name
 * @param rules the rules, in order
 * @param format the attribute names and quoted separators of the FORMAT statement, or empty
 * @param statistics true when the file asks the reader for meter statistics (STATISTICS)
 */
public record RuleSet(int number, String name, List<Rule> rules, List<String> format,
    boolean statistics) {

  public RuleSet {
    rules = List.copyOf(rules);
    format = List.copyOf(format);
  }

  /** Number of rules (flowRuleInfoSize). */
  public int size() {
    return rules.size();
  }
}
