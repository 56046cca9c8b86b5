/**
 * StackStorm rules: the {@link dev.squall.core.rule.Rule} model, reading rule files with located
 * problems ({@link dev.squall.core.rule.RuleYaml}), and matching a rule's criteria against a
 * trigger payload with StackStorm's operator semantics ({@link dev.squall.core.rule.Criteria}).
 * Pure logic: rendering patterns and running actions belong to the caller.
 */
package dev.squall.core.rule;
