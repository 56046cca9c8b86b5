/**
 * Executions: {@link dev.squall.engine.execution.ExecutionService}, the one path by which anything runs
 * (the model it runs is in {@link dev.squall.engine.execution.model}).
 * Its collaborators are given to its constructor by the composition root: an
 * {@link dev.squall.engine.execution.ActionLookup}, a
 * {@link dev.squall.engine.execution.ParameterResolver}, the runners by name, the event bus and
 * the repository.
 */
package dev.squall.engine.execution;
