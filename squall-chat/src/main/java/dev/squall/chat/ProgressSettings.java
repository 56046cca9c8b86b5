package dev.squall.chat;

import java.time.Duration;
import java.util.Map;

/**
 * How the bot reports executions that are still running, from {@code chat.progress_after},
 * {@code chat.progress_interval} and {@code chat.<adapter>.progress_lines}.
 *
 * @param after how long an execution started from chat runs before it gets a progress message
 * @param interval the least time between two edits of a progress message (or two progress lines)
 * @param linesByAdapter on platforms that cannot edit (IRC, XMPP), the most progress lines an
 *     execution gets, per adapter; none (0) unless asked for
 */
public record ProgressSettings(Duration after, Duration interval, Map<String, Integer> linesByAdapter) {

  public static final Duration DEFAULT_AFTER = Duration.ofSeconds(5);
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  public ProgressSettings {
    if (after.isNegative()) {
      throw new IllegalArgumentException("chat.progress_after must not be negative, not " + after.toSeconds());
    }
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("chat.progress_interval must be at least 1 (second), not "
          + interval.toSeconds());
    }
    if (linesByAdapter.values().stream().anyMatch(n -> n < 0)) {
      throw new IllegalArgumentException("chat.<adapter>.progress_lines must not be negative");
    }
    linesByAdapter = Map.copyOf(linesByAdapter);
  }

  public static ProgressSettings defaults() {
    return new ProgressSettings(DEFAULT_AFTER, DEFAULT_INTERVAL, Map.of());
  }

  /** The progress lines this (line-based or non-editing) adapter posts per execution; 0: none. */
  public int lines(String adapter) {
    return linesByAdapter.getOrDefault(adapter, 0);
  }
}
