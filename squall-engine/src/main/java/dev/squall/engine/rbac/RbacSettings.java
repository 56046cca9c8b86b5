package dev.squall.engine.rbac;

import dev.squall.core.config.Config;
import java.nio.file.Path;

/**
 * @param enabled {@code rbac.enabled}: whether roles decide what a user may do (default true; off,
 *     every authenticated user may do everything, as before RBAC)
 * @param definitions the folder of {@code roles/} and {@code assignments/}: {@code $SQUALL_HOME/rbac}
 */
public record RbacSettings(boolean enabled, Path definitions) {

  public static RbacSettings from(Config config) {
    return new RbacSettings(config.bool("rbac.enabled", true), config.home().resolve("rbac"));
  }
}
