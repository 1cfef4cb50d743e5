package org.rtfm4j.behaviour;

import org.rtfm4j.rules.RuleSet;

/**
 * RFC 2723's example programs, compiled by the SRL compiler from examples/srl/rfc2723, behave as
 * the RFC's text says: every test of {@link Rfc2723ExamplesTest} runs here on the compiled rule
 * sets instead of the hand translations.
 */
class Rfc2723SrlExamplesTest extends Rfc2723ExamplesTest {
  @Override
  RuleSet load(String name) {
    return SrlFiles.compile("examples/srl/rfc2723/" + name + ".srl");
  }
}
