/**
 * The SRL compiler (RFC 2723): SRL programs to RTFM rule sets. {@link
 * org.rtfm4j.srl.SrlCompiler} runs a hand-written lexer (DEFINE expansion, RFC 2723 Appendix B
 * values), a recursive-descent parser (RFC 2723 Appendix A), a code generator that builds a
 * control-flow graph of PME actions (RFC 2722 §4.4), and a layout that numbers it as rules; the
 * rule set is then checked by {@link org.rtfm4j.rules.RuleSetChecker}.
 */
package org.rtfm4j.srl;
