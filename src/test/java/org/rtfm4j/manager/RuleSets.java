package org.rtfm4j.manager;

import org.rtfm4j.rules.RuleFileParser;
import org.rtfm4j.rules.RuleSet;

/** Rule sets built for tests. */
final class RuleSets {
  private RuleSets() {}

  /**
   * {@code n} rules: n - 1 tests on SourceTransAddress that Ignore packets from ports 1..n-1,
   * then a Count. Valid (every test can fail), and as long as a test needs.
   */
  static RuleSet big(String name, int n) throws Exception {
    StringBuilder sb = new StringBuilder("RULES\n");
    for (int i = 1; i < n; i++) {
      sb.append("  SourceTransAddress & 255.255 = ").append(i).append(": Ignore, 0;\n");
    }
    sb.append("  Null & 0 = 0: Count, 0;\n");
    return RuleFileParser.parse(name, sb.toString());
  }
}
