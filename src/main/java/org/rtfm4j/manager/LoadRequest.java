package org.rtfm4j.manager;

/**
 * How {@link Manager#load} downloads a rule set and what it runs it with.
 *
 * @param ruleSet the rule set number to load into (2..255), or 0: the rule file's SET number if
 *     that is free, else the lowest free number
 * @param name flowRuleInfoName, or null for the rule set's own name (its file name)
 * @param task the task (flowManagerInfoTable row) to create or update so that it runs the rule
 *     set, or 0 to load it without running it
 * @param standby the task's StandbyRuleSet (an active rule set, 0 for none), or -1 to keep the
 *     task's (0 for a new task)
 * @param highWaterMark the task's HighWaterMark in percent, or -1 to keep the task's (0, never
 *     switch, for a new task)
 * @param replace when this manager already has an active rule set of this name: load the new one
 *     beside it, switch every task that uses the old one to it, then delete the old one
 * @param force allow changing a task another manager owns
 */
public record LoadRequest(int ruleSet, String name, int task, int standby, int highWaterMark,
    boolean replace, boolean force) {

  /** Load only: a free number, the rule set's name, no task. */
  public static LoadRequest loadOnly() {
    return new LoadRequest(0, null, 0, -1, -1, false, false);
  }

  /** Load and run with task {@code task}. */
  public static LoadRequest withTask(int task) {
    return new LoadRequest(0, null, task, -1, -1, false, false);
  }
}
