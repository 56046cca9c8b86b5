package dev.squall.engine.auth;

import dev.squall.core.error.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses further login attempts for a user name once it has failed {@code maxFailures} times
 * within {@code window}, so passwords cannot be guessed at the KDF's pace. Counted per user name
 * (not per address) because a proxy can hide the address; a success clears the count.
 */
final class LoginThrottle {

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  LoginThrottle(int maxFailures, Duration window, Clock clock) {
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  void check(String user) {
    Deque<Instant> times = failures.get(user);
    if (times == null) {
      return;
    }
    synchronized (times) {
      Instant cutoff = clock.instant().minus(window);
      while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
        times.pollFirst();
      }
      if (times.size() >= maxFailures) {
        long wait = Duration.between(clock.instant(), times.peekFirst().plus(window)).toSeconds() + 1;
        throw new TooManyRequestsException(
            "Too many failed logins for user \"" + user + "\"; try again in " + wait + " s");
      }
    }
  }

  void failed(String user) {
    Deque<Instant> times = failures.computeIfAbsent(user, u -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(clock.instant());
      while (times.size() > maxFailures) {
        times.pollFirst();
      }
    }
  }

  void succeeded(String user) {
    failures.remove(user);
  }
}
