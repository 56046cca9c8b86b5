package dev.squall.engine.audit.model;

import java.time.Instant;

/**
 * Filters for listing the audit trail, newest first. A null filter matches everything.
 *
 * @param user the Squall user
 * @param chatUser the chat identity, {@code adapter:user id}
 * @param room the chat room
 * @param action an action or alias ref the record names
 * @param status the final status of its executions
 * @param outcome what became of the request
 * @param since records made at or after this instant
 * @param until records made before this instant
 * @param limit page size; 0 or less means all
 */
public record AuditQuery(String user, String chatUser, String room, String action, String status,
    AuditOutcome outcome, Instant since, Instant until, int offset, int limit) {

  public AuditQuery {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, not " + offset);
    }
  }

  public static AuditQuery all() {
    return new AuditQuery(null, null, null, null, null, null, null, null, 0, 100);
  }

  public AuditQuery withUser(String u) {
    return new AuditQuery(u, chatUser, room, action, status, outcome, since, until, offset, limit);
  }
}
