package dev.squall.engine.execution;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ids shaped like MongoDB ObjectIds (24 hex digits: seconds, a random per-generator part, a
 * counter), so that clients which check StackStorm's id shape keep working and ids sort by
 * creation time.
 */
public final class ExecutionIds {

  private final String processPart;
  private final AtomicInteger counter;

  public ExecutionIds() {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[5];
    random.nextBytes(bytes);
    this.processPart = HexFormat.of().formatHex(bytes);
    this.counter = new AtomicInteger(random.nextInt(0x1000000));
  }

  public String next(long epochSecond) {
    int n = counter.getAndIncrement() & 0xFFFFFF;
    return String.format("%08x%s%06x", epochSecond & 0xFFFFFFFFL, processPart, n);
  }
}
