/**
 * Rule sets, the programs of the Packet Matching Engine (RFC 2722 §4.4): the attribute and action
 * numbers, rules and rule sets, NeTraMet rule files ({@link org.rtfm4j.rules.RuleFileParser},
 * {@link org.rtfm4j.rules.RuleFileWriter}), the checks run before a rule set is used
 * ({@link org.rtfm4j.rules.RuleSetChecker}) and the built-in rule set 1
 * ({@link org.rtfm4j.rules.BuiltinRuleSets}).
 */
package org.rtfm4j.rules;
