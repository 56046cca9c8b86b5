package dev.squall.engine.sensor;

import dev.squall.core.config.ConfigException;
import dev.squall.core.config.Config;
import dev.squall.engine.rules.RulesEngine;
import java.time.Duration;

/**
 * The {@code sensors.*} settings.
 *
 * @param enabled whether the container runs sensors at all ({@code sensors.enabled})
 * @param user the user whose token sensors call the API with, for their datastore calls
 *     ({@code sensors.user}; StackStorm's system user)
 * @param backoffInitial the wait before the first restart of a sensor that died
 *     ({@code sensors.backoff_initial}, seconds); it doubles with each further death
 * @param backoffMax the longest wait between two restarts ({@code sensors.backoff_max})
 * @param failingAfter how many deaths in a row make the sensor {@code failing}
 *     ({@code sensors.failing_after})
 * @param stableAfter how long a sensor must run for its deaths to be forgotten
 *     ({@code sensors.stable_after}, seconds)
 * @param stopGrace how long a stopped sensor gets to run {@code cleanup()} before it is killed
 *     ({@code sensors.stop_grace}, seconds)
 * @param tokenRefresh how often a running sensor gets a fresh API token, its old one revoked
 *     ({@code sensors.token_refresh}, seconds; keep it below {@code auth.token_ttl})
 */
public record SensorSettings(boolean enabled, String user, Duration backoffInitial,
    Duration backoffMax, int failingAfter, Duration stableAfter, Duration stopGrace,
    Duration tokenRefresh) {

  public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMinutes(5);
  public static final int DEFAULT_FAILING_AFTER = 3;
  public static final Duration DEFAULT_STABLE_AFTER = Duration.ofMinutes(1);
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);
  public static final Duration DEFAULT_TOKEN_REFRESH = Duration.ofHours(1);

  public SensorSettings {
    positive("sensors.backoff_initial", backoffInitial);
    positive("sensors.backoff_max", backoffMax);
    positive("sensors.stable_after", stableAfter);
    positive("sensors.stop_grace", stopGrace);
    positive("sensors.token_refresh", tokenRefresh);
    if (backoffMax.compareTo(backoffInitial) < 0) {
      throw new ConfigException("sensors.backoff_max", "(" + backoffMax.toSeconds()
          + " s) must not be below sensors.backoff_initial (" + backoffInitial.toSeconds() + " s)");
    }
    if (failingAfter < 1) {
      throw new ConfigException("sensors.failing_after", "must be at least 1, not "
          + failingAfter);
    }
    if (user == null || user.isBlank()) {
      throw new ConfigException("sensors.user", "must name a user");
    }
  }

  public static SensorSettings defaults() {
    return new SensorSettings(true, RulesEngine.SYSTEM_USER, DEFAULT_BACKOFF_INITIAL,
        DEFAULT_BACKOFF_MAX, DEFAULT_FAILING_AFTER, DEFAULT_STABLE_AFTER, DEFAULT_STOP_GRACE,
        DEFAULT_TOKEN_REFRESH);
  }

  public static SensorSettings from(Config config) {
    return new SensorSettings(
        config.bool("sensors.enabled", true),
        config.string("sensors.user", RulesEngine.SYSTEM_USER),
        seconds(config, "sensors.backoff_initial", DEFAULT_BACKOFF_INITIAL),
        seconds(config, "sensors.backoff_max", DEFAULT_BACKOFF_MAX),
        config.integer("sensors.failing_after", DEFAULT_FAILING_AFTER),
        seconds(config, "sensors.stable_after", DEFAULT_STABLE_AFTER),
        seconds(config, "sensors.stop_grace", DEFAULT_STOP_GRACE),
        seconds(config, "sensors.token_refresh", DEFAULT_TOKEN_REFRESH));
  }

  /** The wait before restart number {@code deaths} (1 for the first): doubling, capped. */
  public Duration backoff(int deaths) {
    Duration d = backoffInitial;
    for (int i = 1; i < deaths && d.compareTo(backoffMax) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(backoffMax) > 0 ? backoffMax : d;
  }

  private static Duration seconds(Config config, String key, Duration fallback) {
    return Duration.ofSeconds(config.integer(key, (int) fallback.toSeconds()));
  }

  private static void positive(String key, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new ConfigException(key, "must be a positive number of seconds, not " + d);
    }
  }
}
