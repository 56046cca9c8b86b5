package dev.squall.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.config.Config;
import dev.squall.core.error.BadRequestException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditSettingsTest {

  private static final Path HOME = Path.of("/tmp/squall-home");

  @Test
  void noFileUnlessOneIsNamedAndARelativeOneIsUnderTheHome() {
    assertThat(AuditSettings.from(new Config(Map.of(), Map.of(), HOME)).file()).isNull();
    assertThat(AuditSettings.from(new Config(Map.of("audit", Map.of("file", "logs/audit.jsonl")), Map.of(), HOME))
        .file()).isEqualTo(HOME.resolve("logs/audit.jsonl"));
    assertThat(AuditSettings.from(new Config(Map.of(), Map.of("SQUALL_AUDIT_FILE", "/var/log/squall.jsonl"), HOME))
        .file()).isEqualTo(Path.of("/var/log/squall.jsonl"));
  }

  @Test
  void anUnknownKeyIsRefusedWithTheOneItResembles() {
    assertThatThrownBy(() -> AuditSettings.from(new Config(Map.of("audit", Map.of("fiel", "x")), Map.of(), HOME)))
        .isInstanceOf(BadRequestException.class).hasMessage("audit.fiel is not a setting; did you mean audit.file?");
  }
}
