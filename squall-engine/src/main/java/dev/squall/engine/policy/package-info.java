/**
 * StackStorm's execution policies: {@code policies/*.yaml} of the packs ({@code
 * action.concurrency}, {@code action.concurrency.attr}, {@code action.retry}), applied by the
 * execution service through {@link dev.squall.engine.execution.ExecutionPolicies}; concurrency
 * slots are counted in the store, across nodes.
 */
package dev.squall.engine.policy;
