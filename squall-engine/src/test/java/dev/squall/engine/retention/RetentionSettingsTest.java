package dev.squall.engine.retention;

import dev.squall.core.config.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.config.Config;
import dev.squall.engine.retention.RetentionSettings.Cutoffs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionSettingsTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Path HOME = Path.of("/tmp/squall-home");

  @Test
  void defaultsKeepAMonthOfExecutionsAWeekOfOutputAndADayOfExpiredTokens() {
    RetentionSettings s = RetentionSettings.from(new Config(Map.of(), Map.of(), HOME));

    assertThat(s).isEqualTo(RetentionSettings.defaults());
    assertThat(s.cutoffs(NOW)).isEqualTo(new Cutoffs(NOW.minus(Duration.ofDays(30)),
        NOW.minus(Duration.ofDays(7)), NOW.minus(Duration.ofDays(30)),
        NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(365))));
    assertThat(s.interval()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void readsSecondsFromTheFileAndTheEnvironmentAndZeroKeepsForever() {
    Config config = new Config(
        Map.of("retention", Map.of("executions", 86_400, "output", 0, "interval", 60)),
        Map.of("SQUALL_RETENTION_TRIGGER_INSTANCES", "3600", "SQUALL_RETENTION_TOKENS", "0"),
        HOME);

    RetentionSettings s = RetentionSettings.from(config);

    assertThat(s.cutoffs(NOW)).isEqualTo(new Cutoffs(NOW.minus(Duration.ofDays(1)), null,
        NOW.minus(Duration.ofHours(1)), null, NOW.minus(Duration.ofDays(365))));
    assertThat(s.interval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void rejectsNegativeTtlsAndANonPositiveInterval() {
    assertThatThrownBy(() -> RetentionSettings.from(new Config(
        Map.of("retention", Map.of("output", -1)), Map.of(), HOME)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("retention.output");
    assertThatThrownBy(() -> RetentionSettings.from(new Config(
        Map.of("retention", Map.of("interval", 0)), Map.of(), HOME)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("retention.interval");
  }
}
