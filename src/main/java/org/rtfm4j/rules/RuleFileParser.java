package org.rtfm4j.rules;

import java.nio.file.Path;

/** STUB: replaced by the rules branch. */
public final class RuleFileParser {
  private RuleFileParser() {}

  public static RuleSet parse(Path file) throws RuleFileException {
    throw new RuleFileException(file + ": rule files are not parsed yet");
  }
}
