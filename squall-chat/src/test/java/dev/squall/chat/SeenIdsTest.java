package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeenIdsTest {

  @Test
  void anIdIsNewOnceAndTheOldestAreForgottenBeyondTheCapacity() {
    SeenIds seen = new SeenIds(2);
    assertThat(seen.firstTime("a")).isTrue();
    assertThat(seen.firstTime("a")).isFalse();
    assertThat(seen.firstTime("b")).isTrue();
    assertThat(seen.firstTime("c")).isTrue(); // "a" is forgotten
    assertThat(seen.firstTime("b")).isFalse();
    assertThat(seen.firstTime("a")).isTrue();
  }
}
