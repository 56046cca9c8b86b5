/**
 * The rules engine: stored trigger instances, rule matching ({@code Criteria} with rendered
 * patterns), templated action parameters, executions submitted as the system user, and one
 * enforcement record per firing; plus the engine side of webhooks.
 */
package dev.squall.engine.rules;
