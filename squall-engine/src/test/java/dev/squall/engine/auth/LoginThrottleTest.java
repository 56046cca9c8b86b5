package dev.squall.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.TooManyRequestsException;
import dev.squall.engine.execution.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final LoginThrottle throttle = LoginThrottle.standard(clock);

  private void fail(int times, String user, String address) {
    for (int i = 0; i < times; i++) {
      throttle.check(user, address);
      throttle.failed(user, address);
    }
  }

  @Test
  void aStrangersFailuresNeverStopTheUserFromAnotherAddress() {
    for (int round = 0; round < 50; round++) {
      fail(5, "admin", "203.0.113.9");
      clock.advance(Duration.ofHours(2));
    }
    fail(5, "admin", "203.0.113.9");
    assertThatThrownBy(() -> throttle.check("admin", "203.0.113.9")).isInstanceOf(TooManyRequestsException.class);
    assertThatCode(() -> throttle.check("admin", "192.0.2.1")).doesNotThrowAnyException();
  }

  @Test
  void eachFailureBeyondTheFreeOnesDoublesTheWait() {
    fail(5, "alice", "a");
    assertThatThrownBy(() -> throttle.check("alice", "a")).hasMessageContaining("try again in 31 s");
    clock.advance(Duration.ofSeconds(30));
    fail(1, "alice", "a");
    assertThatThrownBy(() -> throttle.check("alice", "a")).hasMessageContaining("try again in 61 s");
    clock.advance(Duration.ofSeconds(60));
    fail(1, "alice", "a");
    assertThatThrownBy(() -> throttle.check("alice", "a")).hasMessageContaining("try again in 121 s");
  }

  @Test
  void theWaitStopsGrowingAtItsCap() {
    fail(5, "alice", "a");
    for (int i = 0; i < 40; i++) {
      clock.advance(Duration.ofMinutes(15));
      fail(1, "alice", "a");
    }
    assertThatThrownBy(() -> throttle.check("alice", "a")).hasMessageContaining("try again in 901 s");
  }

  @Test
  void refusedAttemptsDoNotLengthenTheWait() {
    fail(5, "alice", "a");
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> throttle.check("alice", "a")).isInstanceOf(TooManyRequestsException.class);
    }
    clock.advance(Duration.ofSeconds(30));
    assertThatCode(() -> throttle.check("alice", "a")).doesNotThrowAnyException();
  }

  @Test
  void aSuccessOrAnHourOfQuietClearsTheCount() {
    fail(4, "alice", "a");
    throttle.succeeded("alice", "a");
    fail(5, "alice", "a");
    assertThatThrownBy(() -> throttle.check("alice", "a")).hasMessageContaining("31 s");
    clock.advance(Duration.ofHours(1));
    fail(5, "alice", "a");
    assertThatThrownBy(() -> throttle.check("alice", "a")).hasMessageContaining("31 s");
  }

  @Test
  void aFloodOfAddressesIsForgottenOldestFirst() {
    LoginThrottle small = new LoginThrottle(5, Duration.ofSeconds(30), Duration.ofMinutes(15),
        Duration.ofHours(1), 100, clock);
    for (int i = 0; i < 6; i++) {
      small.failed("alice", "first");
    }
    for (int i = 0; i < 1_000; i++) {
      clock.advance(Duration.ofMillis(1));
      small.failed("alice", "flood-" + i);
    }
    assertThat(small.tracked()).isLessThanOrEqualTo(100);
    assertThatCode(() -> small.check("alice", "first")).doesNotThrowAnyException();
  }
}
