package org.rtfm4j.agent;

import java.util.List;

/** An SNMP configuration file was refused; every problem names file:line:column and why. */
public final class AgentConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Kept as strings so the exception stays serializable. */
  private final List<String> problems;

  AgentConfigException(List<String> problems) {
    super(String.join(System.lineSeparator(), problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem, in file order: {@code FILE:LINE:COLUMN: reason}. */
  public List<String> problems() {
    return problems;
  }
}
