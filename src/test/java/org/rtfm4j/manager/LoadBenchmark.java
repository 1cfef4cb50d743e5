package org.rtfm4j.manager;

import org.rtfm4j.rules.RuleSet;

/**
 * Not a test: how long a download takes with each number of rules per SET. Usage (after
 * test-compile): {@code java -cp target/classes:target/test-classes:DEPS
 * org.rtfm4j.manager.LoadBenchmark [RULES]}.
 */
public final class LoadBenchmark {
  private static final int[] BATCHES = {1, 2, 5, 10, 20, 50, 100, 200};
  private static final int PASSES = 3;

  private LoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    RuleSet rs = RuleSets.big("bench", n);
    try (TestMeter m = new TestMeter()) {
      Manager mgr = m.manager("bench");
      for (int pass = 0; pass < PASSES; pass++) {
        for (int b : BATCHES) {
          mgr.setRulesPerRequest(b);
          long t0 = System.nanoTime();
          LoadResult r = mgr.load(rs, LoadRequest.loadOnly());
          double s = (System.nanoTime() - t0) / 1e9;
          mgr.delete(r.ruleSet(), false);
          System.out.printf("pass %d: %d rules, %3d per SET (now %3d): %.3f s, %.0f rules/s%n",
              pass, n, b, mgr.rulesPerRequest(), s, n / s);
        }
      }
    }
  }
}
