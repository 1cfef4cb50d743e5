package org.rtfm4j.manager;

import java.util.List;

/**
 * What a load did.
 *
 * @param ruleSet the number the rule set was loaded as
 * @param name its flowRuleInfoName
 * @param size its number of rules
 * @param task the task that runs it, or 0
 * @param replaced rule sets of the same name it replaced (deleted after their tasks switched)
 * @param warnings RuleSetChecker warnings for the rule set
 * @param notes other things the operator should know (a rule set left half-written by an earlier,
 *     interrupted load; an old rule set that could not be deleted)
 */
public record LoadResult(int ruleSet, String name, int size, int task, List<Integer> replaced,
    List<String> warnings, List<String> notes) {

  public LoadResult {
    replaced = List.copyOf(replaced);
    warnings = List.copyOf(warnings);
    notes = List.copyOf(notes);
  }
}
