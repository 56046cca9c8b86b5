package dev.squall.engine.auth;

import dev.squall.core.error.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing without letting anyone lock a user out. Failures are counted per (user
 * name, client address): a stranger's wrong passwords delay only the stranger's address, never
 * the user logging in from elsewhere. From the {@code freeFailures}th failure on, each one doubles
 * the wait before that pair may try again ({@code firstWait}, twice that, … up to {@code maxWait});
 * a success from that address clears its count, and a pair quiet for {@code forgetAfter} is
 * forgotten. Refused attempts are not counted, so waiting out the back-off is the only way on.
 */
final class LoginThrottle {

  private record Key(String user, String address) {}

  private record Failures(int count, Instant last, Instant until) {}

  private final int freeFailures;
  private final Duration firstWait;
  private final Duration maxWait;
  private final Duration forgetAfter;
  private final int maxTracked;
  private final Clock clock;
  private final Map<Key, Failures> failures = new ConcurrentHashMap<>();

  /** {@code maxTracked}: pairs remembered at most; beyond it the longest-quiet go, so a flood cannot fill memory. */
  LoginThrottle(int freeFailures, Duration firstWait, Duration maxWait, Duration forgetAfter,
      int maxTracked, Clock clock) {
    this.freeFailures = freeFailures;
    this.firstWait = firstWait;
    this.maxWait = maxWait;
    this.forgetAfter = forgetAfter;
    this.maxTracked = maxTracked;
    this.clock = clock;
  }

  /** The defaults: 5 free failures, then 30 s doubling to 15 min; forgotten after an hour's quiet. */
  static LoginThrottle standard(Clock clock) {
    return new LoginThrottle(5, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(1),
        100_000, clock);
  }

  void check(String user, String address) {
    Failures f = failures.get(new Key(user, address));
    Instant now = clock.instant();
    if (f != null && f.until().isAfter(now)) {
      long wait = Duration.between(now, f.until()).toSeconds() + 1;
      throw new TooManyRequestsException(
          "Too many failed logins for user \"" + user + "\" from this address; try again in " + wait + " s");
    }
  }

  void failed(String user, String address) {
    Instant now = clock.instant();
    failures.compute(new Key(user, address), (k, f) -> {
      int count = f == null || forgotten(f, now) ? 1 : f.count() + 1;
      return new Failures(count, now, now.plus(waitAfter(count)));
    });
    if (failures.size() > maxTracked) {
      shrink(now);
    }
  }

  void succeeded(String user, String address) {
    failures.remove(new Key(user, address));
  }

  int tracked() {
    return failures.size();
  }

  private Duration waitAfter(int count) {
    if (count < freeFailures) {
      return Duration.ZERO;
    }
    int doublings = Math.min(count - freeFailures, 30);
    Duration wait = firstWait.multipliedBy(1L << doublings);
    return wait.compareTo(maxWait) > 0 ? maxWait : wait;
  }

  private boolean forgotten(Failures f, Instant now) {
    return !f.last().plus(forgetAfter).isAfter(now) && !f.until().isAfter(now);
  }

  private synchronized void shrink(Instant now) {
    failures.values().removeIf(f -> forgotten(f, now));
    int excess = failures.size() - maxTracked;
    if (excess > 0) {
      failures.entrySet().stream()
          .sorted(Comparator.comparing(e -> e.getValue().last()))
          .limit(excess)
          .map(Map.Entry::getKey)
          .toList()
          .forEach(failures::remove);
    }
  }
}
