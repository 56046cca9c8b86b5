package dev.squall.engine.store;

import java.util.Arrays;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/** A store as an older Squall left it, for tests of what an upgrade does to its rows. */
public final class OlderSchema {

  private OlderSchema() {}

  /** Applies every migration numbered below {@code version}, whichever they are. */
  public static void migrateToJustBefore(StoreConfig store, String version) {
    var config = Database.migrations().dataSource(store.jdbcUrl(), store.username(), store.password());
    MigrationVersion before = Arrays.stream(config.load().info().all())
        .map(MigrationInfo::getVersion)
        .filter(v -> v.compareTo(MigrationVersion.fromVersion(version)) < 0)
        .max(MigrationVersion::compareTo).orElseThrow();
    config.target(before).load().migrate();
  }
}
