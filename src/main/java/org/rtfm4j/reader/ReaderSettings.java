package org.rtfm4j.reader;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a reader collects from each meter.
 *
 * @param ruleSet the rule set to collect (flowReaderRuleSet, 1..255)
 * @param outDir where pass files go: {@code outDir/HOST_PORT/rs-N/}
 * @param format the flow data file format
 * @param method how flows are read
 * @param layout what each flow line holds
 * @param owner flowReaderOwner: how the reader finds its row again after a restart
 * @param readerTimeout flowReaderTimeout, seconds (0: never timed out)
 * @param varbinds varbinds asked per GETBULK (max-repetitions times columns)
 */
public record ReaderSettings(int ruleSet, Path outDir, OutputFormat format, Method method,
    FlowLayout layout, String owner, int readerTimeout, int varbinds) {
  /** flowReaderRuleSet and flowPackageRuleSet: 1..255. */
  public static final int MAX_RULE_SET = 255;

  public ReaderSettings {
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(owner, "owner");
    if (ruleSet < 1 || ruleSet > MAX_RULE_SET) {
      throw new IllegalArgumentException("rule set must be 1.." + MAX_RULE_SET + ": " + ruleSet);
    }
    if (readerTimeout < 0) {
      throw new IllegalArgumentException("reader timeout must not be negative");
    }
    if (varbinds < 1) {
      throw new IllegalArgumentException("varbinds per request must be 1 or more");
    }
  }
}
