package org.rtfm4j.rules;

import java.util.List;

/**
 * A rule file that cannot be used: every error found, each at a line and column.
 *
 * <p>{@link #sourceName()}, {@link #line()}, {@link #column()} and {@link #reason()} describe the
 * first error (in file order); {@link #problems()} lists all of them. {@link #getMessage()} is
 * {@code file:line:column: reason} for the first error, followed by one such line for each further
 * error (at most {@value #MAX_LINES_IN_MESSAGE} lines, then a count of the rest).
 */
public final class RuleFileException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Errors spelled out in {@link #getMessage()}; {@link #problems()} always has all of them. */
  public static final int MAX_LINES_IN_MESSAGE = 50;

  /**
   * One error.
   *
   * @param line 1-origin line
   * @param column 1-origin column (characters; a tab counts as one)
   * @param reason what is wrong
   */
  public record Problem(int line, int column, String reason) {}

  private final String sourceName;
  private final transient List<Problem> problems;

  /** An exception for {@code problems} (at least one) found in {@code sourceName}. */
  public RuleFileException(String sourceName, List<Problem> problems) {
    super(message(sourceName, problems), null, false, false);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("no problems");
    }
    this.sourceName = sourceName;
    this.problems = List.copyOf(problems);
  }

  private static String message(String source, List<Problem> problems) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < problems.size() && i < MAX_LINES_IN_MESSAGE; i++) {
      Problem p = problems.get(i);
      if (i > 0) {
        sb.append('\n');
      }
      sb.append(source).append(':').append(p.line()).append(':').append(p.column()).append(": ")
          .append(p.reason());
    }
    if (problems.size() > MAX_LINES_IN_MESSAGE) {
      sb.append("\n... and ").append(problems.size() - MAX_LINES_IN_MESSAGE).append(" more errors");
    }
    return sb.toString();
  }

  /** The file (or other source) name the errors refer to. */
  public String sourceName() {
    return sourceName;
  }

  /** Line of the first error. */
  public int line() {
    return problems.get(0).line();
  }

  /** Column of the first error. */
  public int column() {
    return problems.get(0).column();
  }

  /** Reason of the first error. */
  public String reason() {
    return problems.get(0).reason();
  }

  /** Every error, in file order. */
  public List<Problem> problems() {
    return problems;
  }
}
