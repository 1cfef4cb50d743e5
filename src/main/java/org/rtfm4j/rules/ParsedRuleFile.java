package org.rtfm4j.rules;

import java.util.List;

/**
 * A rule file that parsed and validated, with the warnings found on the way.
 *
 * @param ruleSet the rule set
 * @param warnings {@code file:line:column: warning: reason} lines, in file order
 */
public record ParsedRuleFile(RuleSet ruleSet, List<String> warnings) {
  public ParsedRuleFile {
    warnings = List.copyOf(warnings);
  }
}
