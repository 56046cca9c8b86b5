package dev.squall.engine.cluster;

import java.time.Instant;

/**
 * One row of the {@code leases} table.
 *
 * @param holder the node id that took it last
 * @param epoch moved on every time the lease changes hands; a holder renews only its own epoch
 * @param expiresAt when another node may take it (a released lease expires in the past)
 */
public record Lease(String name, String holder, long epoch, Instant expiresAt) {

  /** Whether it is held at {@code now}: not yet expired. */
  public boolean heldAt(Instant now) {
    return expiresAt.isAfter(now);
  }
}
