package dev.squall.engine.notify;

import java.time.Instant;

/**
 * The state of one notification's delivery to one route (one outbox row).
 *
 * @param attempts how many deliveries were tried so far
 * @param lastError why the last attempt failed, or null
 * @param nextAttemptAt when a pending delivery is tried next
 * @param deliveredAt when it arrived, or null
 */
public record Delivery(
    String id,
    String executionId,
    String section,
    String route,
    Status status,
    int attempts,
    String lastError,
    Instant createdAt,
    Instant nextAttemptAt,
    Instant deliveredAt,
    Notification notification) {

  /** {@code PENDING} until delivered, or {@code FAILED} after the last allowed attempt. */
  public enum Status {
    PENDING, DELIVERED, FAILED;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Status fromWire(String s) {
      return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
