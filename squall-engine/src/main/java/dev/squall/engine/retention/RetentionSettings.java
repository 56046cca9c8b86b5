package dev.squall.engine.retention;

import dev.squall.core.config.ConfigException;
import dev.squall.core.config.Config;
import java.time.Duration;
import java.time.Instant;

/**
 * How long Squall keeps what it records (settings {@code retention.*}, in seconds; 0 keeps it
 * forever). StackStorm's garbage collector has the same TTLs but leaves them off, so a busy
 * system grows until its disk fills; Squall's defaults are on and generous: a month of history
 * ({@code action_executions_ttl = 30} in StackStorm's example), a week of line-by-line output
 * (StackStorm's one default, {@code action_executions_output_ttl = 7}; the result keeps the
 * first MiB of stdout with the execution), and a day of expired tokens, which are never accepted
 * again and are kept only to show that they existed.
 *
 * @param executions how long a finished execution is kept after it ended, with its output
 * @param output how long the line-by-line output of a finished execution is kept
 * @param triggerInstances how long trigger instances (and rule enforcements) are kept
 * @param tokens how long a login token is kept after it expired
 * @param audit how long an audit record is kept after it was made
 * @param interval how often the background purge runs
 */
public record RetentionSettings(Duration executions, Duration output, Duration triggerInstances,
    Duration tokens, Duration audit, Duration interval) {

  public static final Duration DEFAULT_EXECUTIONS = Duration.ofDays(30);
  public static final Duration DEFAULT_OUTPUT = Duration.ofDays(7);
  public static final Duration DEFAULT_TRIGGER_INSTANCES = Duration.ofDays(30);
  public static final Duration DEFAULT_TOKENS = Duration.ofDays(1);
  /** A year: audits look back further than operations do. */
  public static final Duration DEFAULT_AUDIT = Duration.ofDays(365);
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

  public RetentionSettings {
    notNegative("retention.executions", executions);
    notNegative("retention.output", output);
    notNegative("retention.trigger_instances", triggerInstances);
    notNegative("retention.tokens", tokens);
    notNegative("retention.audit", audit);
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new ConfigException("retention.interval", "must be positive, not " + interval);
    }
  }

  public static RetentionSettings defaults() {
    return new RetentionSettings(DEFAULT_EXECUTIONS, DEFAULT_OUTPUT, DEFAULT_TRIGGER_INSTANCES,
        DEFAULT_TOKENS, DEFAULT_AUDIT, DEFAULT_INTERVAL);
  }

  /** The {@code retention.*} settings, each defaulting to the value above. */
  public static RetentionSettings from(Config config) {
    return new RetentionSettings(
        seconds(config, "retention.executions", DEFAULT_EXECUTIONS),
        seconds(config, "retention.output", DEFAULT_OUTPUT),
        seconds(config, "retention.trigger_instances", DEFAULT_TRIGGER_INSTANCES),
        seconds(config, "retention.tokens", DEFAULT_TOKENS),
        seconds(config, "retention.audit", DEFAULT_AUDIT),
        seconds(config, "retention.interval", DEFAULT_INTERVAL));
  }

  /** What the background purge removes at {@code now}: everything older than each TTL. */
  public Cutoffs cutoffs(Instant now) {
    return new Cutoffs(before(now, executions), before(now, output),
        before(now, triggerInstances), before(now, tokens), before(now, audit));
  }

  /**
   * Instants before which records go; null keeps that kind.
   *
   * @param executions finished executions that ended before this go, with their output
   * @param output the output of finished executions that ended before this goes
   * @param triggerInstances trigger instances that occurred and rule enforcements made before
   * @param tokens tokens that expired before this
   * @param audit audit records made before this
   */
  public record Cutoffs(Instant executions, Instant output, Instant triggerInstances,
      Instant tokens, Instant audit) {

    /** Everything from before {@code instant}: what {@code squall purge --before} removes. */
    public static Cutoffs all(Instant instant) {
      return new Cutoffs(instant, instant, instant, instant, instant);
    }
  }

  private static Instant before(Instant now, Duration ttl) {
    return ttl.isZero() ? null : now.minus(ttl);
  }

  private static Duration seconds(Config config, String key, Duration fallback) {
    return Duration.ofSeconds(config.integer(key, (int) fallback.toSeconds()));
  }

  private static void notNegative(String key, Duration d) {
    if (d == null || d.isNegative()) {
      throw new ConfigException(key, "must be 0 (keep forever) or a number of seconds,"
          + " not " + (d == null ? "nothing" : d.toSeconds()));
    }
  }
}
