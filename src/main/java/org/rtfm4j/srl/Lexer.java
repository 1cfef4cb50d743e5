package org.rtfm4j.srl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Splits an SRL program into tokens (RFC 2723 §2) and applies its DEFINEs (§2.1).
 *
 * <p>{@code #} starts a comment to the end of the line; white space separates tokens; words are
 * letters, digits and underscores starting with a letter. A DEFINE is handled here, wherever it
 * appears: {@code DEFINE name = text;} records the text up to the next semicolon not preceded by a
 * backslash ({@code \;} gives {@code ;}), comments removed, and from then on every word
 * {@code name} is replaced by that text. The parser never sees DEFINEs.
 *
 * <p>Values (RFC 2723 Appendix B) are not split the ordinary way: {@code 130.216/16},
 * {@code FF-FF-00-00}, {@code fe80::1}, {@code 'W'} or {@code ftp-data} would otherwise be several
 * tokens. Where the grammar expects a value the parser calls {@link #value()}, which scans from the
 * start of the next token: a character constant, or a run of letters, digits and
 * {@code _ . - ! :}.
 */
final class Lexer {
  /** Defines may use other defines; deeper nesting than this is taken as a mistake. */
  private static final int MAX_DEFINE_DEPTH = 32;

  /** Words that DEFINE may not take as names: the keywords and attribute names (§2). */
  private final Predicate<String> reserved;

  private final String mainText;
  private final int[] lineStarts;
  private final Deque<Source> sources = new ArrayDeque<>();
  private final Map<String, Define> defines = new HashMap<>();
  private final List<Problem> errors = new ArrayList<>();
  private Token peeked;
  private Source peekedSource;
  private int peekedStart;

  /** Text being read: the program, or the text of a define being replaced. */
  private static final class Source {
    final String text;
    final Define define;
    final Position useSite;
    int pos;

    Source(String text, Define define, Position useSite) {
      this.text = text;
      this.define = define;
      this.useSite = useSite;
    }
  }

  /** A DEFINE: its name as written, its text and where it was made. */
  record Define(String name, String text, Position at) {}

  Lexer(String text, Predicate<String> reserved) {
    this.mainText = text;
    this.reserved = reserved;
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    sources.push(new Source(text, null, null));
  }

  /** Errors found in DEFINEs. */
  List<Problem> errors() {
    return errors;
  }

  /** The next token, without consuming it. */
  Token peek() {
    if (peeked == null) {
      peeked = scan();
    }
    return peeked;
  }

  /** Consumes and returns the next token. */
  Token next() {
    Token t = peek();
    peeked = null;
    return t;
  }

  /**
   * Consumes the next token as a value (RFC 2723 Appendix B). When no value starts there, the
   * ordinary token is returned instead (and consumed) so the caller can say what it found.
   */
  Token value() {
    Token t = peek();
    if (t.kind() == Token.Kind.END || peekedSource == null) {
      return next();
    }
    Source s = peekedSource;
    int start = peekedStart;
    String text = s.text;
    int p = start;
    if (p < text.length() && text.charAt(p) == '\'') {
      p = characterConstantEnd(text, p);
    } else {
      while (p < text.length() && isValueChar(text.charAt(p))) {
        p++;
      }
    }
    if (p == start) {
      return next();
    }
    peeked = null;
    s.pos = p;
    return new Token(Token.Kind.VALUE, text.substring(start, p), t.at(), t.define());
  }

  private static boolean isValueChar(char c) {
    return isWordChar(c) || c == '.' || c == '-' || c == '!' || c == ':';
  }

  /**
   * Index after a character constant {@code 'c'} or {@code '\c'} starting at p; for a malformed
   * one, after the closing quote on the same line (so it is one value, reported as malformed),
   * or after the opening quote when there is none.
   */
  private static int characterConstantEnd(String text, int p) {
    int close = p + (p + 1 < text.length() && text.charAt(p + 1) == '\\' ? 3 : 2);
    if (close < text.length() && text.charAt(close) == '\'') {
      return close + 1;
    }
    for (int q = p + 1; q < text.length() && text.charAt(q) != '\n'; q++) {
      if (text.charAt(q) == '\'') {
        return q + 1;
      }
    }
    return p + 1;
  }

  // ------------------------------------------------------------------ scanning

  private Token scan() {
    while (true) {
      Source s = sources.peek();
      skipBlank(s);
      if (s.pos >= s.text.length()) {
        if (s.define == null) {
          peekedSource = null;
          return new Token(Token.Kind.END, "", position(s, s.text.length()), null);
        }
        sources.pop();
        continue;
      }
      int start = s.pos;
      char c = s.text.charAt(start);
      Token t;
      if (isLetter(c)) {
        while (s.pos < s.text.length() && isWordChar(s.text.charAt(s.pos))) {
          s.pos++;
        }
        String word = s.text.substring(start, s.pos);
        String key = word.toLowerCase(Locale.ROOT);
        if (key.equals("define")) {
          define(s, start);
          continue;
        }
        Define d = defines.get(key);
        if (d != null) {
          if (expanding(d)) {
            errors.add(new Problem(position(s, start), "define '" + d.name()
                + "' uses itself (defined at " + d.at() + ")"));
          } else if (sources.size() > MAX_DEFINE_DEPTH) {
            errors.add(new Problem(position(s, start), "defines nested more than "
                + MAX_DEFINE_DEPTH + " deep"));
          } else {
            sources.push(new Source(d.text(), d, position(s, start)));
            continue;
          }
        }
        t = token(Token.Kind.WORD, word, s, start);
      } else if (c >= '0' && c <= '9') {
        while (s.pos < s.text.length() && Character.isDigit(s.text.charAt(s.pos))) {
          s.pos++;
        }
        t = token(Token.Kind.INTEGER, s.text.substring(start, s.pos), s, start);
      } else if (c == '"') {
        int close = s.text.indexOf('"', start + 1);
        int eol = s.text.indexOf('\n', start);
        if (close < 0 || (eol >= 0 && close > eol)) {
          s.pos = eol < 0 ? s.text.length() : eol;
          t = token(Token.Kind.PUNCT, "\"", s, start);
        } else {
          s.pos = close + 1;
          t = token(Token.Kind.STRING, s.text.substring(start, s.pos), s, start);
        }
      } else {
        s.pos = start + punctuationLength(s.text, start);
        t = token(Token.Kind.PUNCT, s.text.substring(start, s.pos), s, start);
      }
      peekedSource = s;
      peekedStart = start;
      return t;
    }
  }

  private static int punctuationLength(String text, int p) {
    if (p + 1 < text.length()) {
      String two = text.substring(p, p + 2);
      if (two.equals("==") || two.equals("&&") || two.equals("||") || two.equals(":=")) {
        return 2;
      }
    }
    return 1;
  }

  private boolean expanding(Define d) {
    for (Source s : sources) {
      if (s.define == d) {
        return true;
      }
    }
    return false;
  }

  /** {@code DEFINE name = text ;} after its keyword (RFC 2723 §2.1). */
  private void define(Source s, int keywordStart) {
    if (s.define != null) {
      errors.add(new Problem(position(s, keywordStart), "expected a value or a word, found"
          + " 'define' inside define '" + s.define.name() + "'"));
      return;
    }
    skipBlank(s);
    int nameStart = s.pos;
    while (s.pos < s.text.length() && isWordChar(s.text.charAt(s.pos))) {
      s.pos++;
    }
    String name = s.text.substring(nameStart, s.pos);
    if (name.isEmpty() || !isLetter(name.charAt(0))) {
      errors.add(new Problem(position(s, nameStart), "expected a define name, found "
          + found(s, nameStart)));
      skipPast(s, ';');
      return;
    }
    if (reserved.test(name.toLowerCase(Locale.ROOT))) {
      errors.add(new Problem(position(s, nameStart), "expected a define name, found '" + name
          + "', which is a reserved word (RFC 2723 §2)"));
      skipPast(s, ';');
      return;
    }
    skipBlank(s);
    if (s.pos >= s.text.length() || s.text.charAt(s.pos) != '=') {
      errors.add(new Problem(position(s, s.pos), "expected '=' after define " + name
          + ", found " + found(s, s.pos)));
      skipPast(s, ';');
      return;
    }
    s.pos++;
    StringBuilder body = new StringBuilder();
    while (true) {
      if (s.pos >= s.text.length()) {
        errors.add(new Problem(position(s, nameStart), "expected ';' at the end of define "
            + name + ", found end of file"));
        return;
      }
      char c = s.text.charAt(s.pos);
      if (c == ';') {
        s.pos++;
        break;
      }
      if (c == '\\' && s.pos + 1 < s.text.length() && s.text.charAt(s.pos + 1) == ';') {
        body.append(';');
        s.pos += 2;
      } else if (c == '#') {
        while (s.pos < s.text.length() && s.text.charAt(s.pos) != '\n') {
          s.pos++;
        }
      } else {
        body.append(c);
        s.pos++;
      }
    }
    String key = name.toLowerCase(Locale.ROOT);
    Define old = defines.get(key);
    if (old != null) {
      errors.add(new Problem(position(s, nameStart), "define '" + name
          + "' is already defined (at " + old.at() + ")"));
      return;
    }
    defines.put(key, new Define(name, body.toString().strip(), position(s, nameStart)));
  }

  private String found(Source s, int p) {
    if (p >= s.text.length()) {
      return "end of file";
    }
    char c = s.text.charAt(p);
    return Character.isWhitespace(c) ? "a line end" : "'" + c + "'";
  }

  private static void skipPast(Source s, char c) {
    while (s.pos < s.text.length() && s.text.charAt(s.pos) != c) {
      s.pos++;
    }
    if (s.pos < s.text.length()) {
      s.pos++;
    }
  }

  private static void skipBlank(Source s) {
    while (s.pos < s.text.length()) {
      char c = s.text.charAt(s.pos);
      if (c == '#') {
        while (s.pos < s.text.length() && s.text.charAt(s.pos) != '\n') {
          s.pos++;
        }
      } else if (Character.isWhitespace(c) || c == '\uFEFF') {
        s.pos++;
      } else {
        return;
      }
    }
  }

  private Token token(Token.Kind kind, String text, Source s, int start) {
    return new Token(kind, text, position(s, start), s.define == null ? null : s.define.name());
  }


  /** Where text at {@code p} of source {@code s} is, as the user sees it. */
  private Position position(Source s, int p) {
    if (s.useSite != null) {
      return outermostUse();
    }
    return position(p);
  }

  private Position outermostUse() {
    Position at = null;
    for (Source x : sources) {
      if (x.useSite != null) {
        at = x.useSite; // the deque iterates innermost first: the last one is the outermost
      }
    }
    return at;
  }

  /** Line and column of an offset in the program text. */
  Position position(int p) {
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= p) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return new Position(lo + 1, p - lineStarts[lo] + 1);
  }

  /** Where the program ends. */
  Position end() {
    return position(mainText.length());
  }

  private static boolean isLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isWordChar(char c) {
    return isLetter(c) || (c >= '0' && c <= '9') || c == '_';
  }
}
