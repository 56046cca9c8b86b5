/**
 * Executions: the model ({@link dev.squall.engine.execution.Execution}), and
 * {@link dev.squall.engine.execution.ExecutionService}, the one path by which anything runs.
 * Its collaborators are given to its constructor by the composition root: an
 * {@link dev.squall.engine.execution.ActionLookup}, a
 * {@link dev.squall.engine.execution.ParameterResolver}, the runners by name, the event bus and
 * the repository.
 */
package dev.squall.engine.execution;
