/**
 * Retention: how long finished executions, their output, trigger instances and expired tokens
 * are kept ({@link dev.squall.engine.retention.RetentionSettings}), and
 * {@link dev.squall.engine.retention.Retention}, which removes what is older in small batches, in
 * the background and on an administrator's request.
 */
package dev.squall.engine.retention;
