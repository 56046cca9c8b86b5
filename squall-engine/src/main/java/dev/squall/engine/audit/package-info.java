/**
 * The audit trail ({@link dev.squall.engine.audit.AuditTrail}): one record per chat command
 * addressed to the bot, per API call that changes something and per denial, kept in the store
 * ({@code audit_records}), optionally appended to {@code audit.file} as JSON lines, and removed
 * after {@code retention.audit}.
 */
package dev.squall.engine.audit;
