package dev.squall.engine.audit;

import dev.squall.core.config.ConfigException;
import dev.squall.core.action.Closest;
import dev.squall.core.config.Config;
import dev.squall.core.error.BadRequestException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code audit.*} settings.
 *
 * @param file where every record is also appended as one JSON line (for a SIEM), or null
 */
public record AuditSettings(Path file) {

  static final Set<String> KEYS = Set.of("file");

  public static AuditSettings none() {
    return new AuditSettings(null);
  }

  /**
   * Reads {@code audit.file} (relative to the home folder when not absolute).
   *
   * @throws BadRequestException the section has a key Squall does not know
   */
  public static AuditSettings from(Config config) {
    for (String key : config.section("audit").keySet()) {
      if (!KEYS.contains(key)) {
        throw new ConfigException("audit." + key, "is not a setting; did you mean audit."
            + Closest.nearest(key, KEYS).orElse("file") + "?");
      }
    }
    String file = config.string("audit.file", null);
    if (file == null || file.isBlank()) {
      return none();
    }
    Path p = Path.of(file.strip());
    return new AuditSettings(p.isAbsolute() ? p : config.home().resolve(p));
  }
}
