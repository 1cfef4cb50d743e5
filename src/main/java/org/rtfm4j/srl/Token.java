package org.rtfm4j.srl;

import java.util.Locale;

/**
 * One token of an SRL program (RFC 2723 §2): a word, an integer, a string (FORMAT only), a value
 * (scanned on the parser's request, RFC 2723 Appendix B), a punctuation mark, or the end.
 *
 * @param kind what it is
 * @param text its text as written (after DEFINE replacement)
 * @param at where it is; for text that came from a DEFINE, where the define's name was used
 * @param define the define it came from, or null
 */
record Token(Kind kind, String text, Position at, String define) {
  /** Token kinds. */
  enum Kind {
    WORD,
    INTEGER,
    STRING,
    VALUE,
    PUNCT,
    END
  }

  /** True when this is the word {@code keyword} (SRL is case-insensitive, RFC 2723 §2). */
  boolean is(String keyword) {
    return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
  }

  /** True when this is the punctuation mark {@code mark}. */
  boolean isPunct(String mark) {
    return kind == Kind.PUNCT && text.equals(mark);
  }

  /** The word in lower case, the key of names (case is not significant). */
  String key() {
    return text.toLowerCase(Locale.ROOT);
  }

  /** How an error message names this token after "found". */
  String describe() {
    String what;
    switch (kind) {
      case END:
        return "end of file";
      case STRING:
        what = "a string";
        break;
      default:
        what = "'" + text + "'";
    }
    return define == null ? what : what + " (from define '" + define + "')";
  }
}
