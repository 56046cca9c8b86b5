package dev.squall.chat.irc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final long MS = 1_000_000;

  @Test
  void allowsABurstThenOneLinePerInterval() {
    TokenBucket bucket = new TokenBucket(3, 500 * MS, 0);
    assertThat(bucket.tryTake(0)).isZero();
    assertThat(bucket.tryTake(0)).isZero();
    assertThat(bucket.tryTake(0)).isZero();
    assertThat(bucket.tryTake(0)).isEqualTo(500 * MS);
    assertThat(bucket.tryTake(200 * MS)).isEqualTo(300 * MS);
    assertThat(bucket.tryTake(500 * MS)).isZero();
    assertThat(bucket.tryTake(500 * MS)).isEqualTo(500 * MS);
  }

  @Test
  void refillsNoFurtherThanTheBurst() {
    TokenBucket bucket = new TokenBucket(2, 500 * MS, 0);
    bucket.tryTake(0);
    bucket.tryTake(0);
    long later = 60_000 * MS;
    assertThat(bucket.tryTake(later)).isZero();
    assertThat(bucket.tryTake(later)).isZero();
    assertThat(bucket.tryTake(later)).isPositive();
  }
}
