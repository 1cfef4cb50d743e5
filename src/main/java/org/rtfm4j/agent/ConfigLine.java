package org.rtfm4j.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a configuration file split into tokens the way snmpd.conf lines read: words
 * separated by blanks, {@code "..."} or {@code '...'} for a word with blanks in it (a backslash
 * takes the next character literally), and {@code #} at the start of a word beginning a comment.
 */
public final class ConfigLine {

  /** A word of the line; {@code column} is 1-based, {@code end} the index just past it. */
  public record Token(String text, int column, int end, boolean quoted) {}

  /** A line that cannot be split, at a 1-based column. */
  public static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int column;

    SyntaxError(int column, String message) {
      super(message, null, false, false);
      this.column = column;
    }

    public int column() {
      return column;
    }
  }

  private ConfigLine() {}

  /** The words of {@code line}; empty for a blank or comment line. */
  public static List<Token> split(String line) throws SyntaxError {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (true) {
      while (i < n && isBlank(line.charAt(i))) {
        i++;
      }
      if (i >= n || line.charAt(i) == '#') {
        return tokens;
      }
      int start = i;
      char c = line.charAt(i);
      if (c == '"' || c == '\'') {
        StringBuilder sb = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < n) {
          char d = line.charAt(i);
          if (d == '\\' && i + 1 < n) {
            sb.append(line.charAt(i + 1));
            i += 2;
          } else if (d == c) {
            closed = true;
            i++;
            break;
          } else {
            sb.append(d);
            i++;
          }
        }
        if (!closed) {
          throw new SyntaxError(start + 1, "quote " + c + " is not closed on this line");
        }
        if (i < n && !isBlank(line.charAt(i))) {
          throw new SyntaxError(i + 1, "a blank must follow the closing quote");
        }
        tokens.add(new Token(sb.toString(), start + 1, i, true));
      } else {
        while (i < n && !isBlank(line.charAt(i))) {
          i++;
        }
        tokens.add(new Token(line.substring(start, i), start + 1, i, false));
      }
    }
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
