package dev.squall.engine.store;

import java.nio.file.Path;

/**
 * Where the store lives. Two kinds of URL are supported: {@code jdbc:h2:...} (embedded, the
 * default) and {@code jdbc:postgresql://...} (several nodes).
 *
 * @param maxPoolSize connections in the pool; one of them is held by the group-commit writer
 */
public record StoreConfig(String jdbcUrl, String username, String password, int maxPoolSize) {

  /**
   * H2 settings for the embedded store, and why:
   * <ul>
   *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would close the database under
   *       the execution service while it records final statuses; {@link Database#close()} closes
   *       it instead, in order.
   *   <li>{@code WRITE_DELAY=0}: MVStore writes each commit to the file at once (no fsync; the OS
   *       has it), so a killed process ({@code kill -9}) loses no committed execution. The default
   *       (500 ms) would lose the last half second of work. The cost is paid once per group commit,
   *       not per execution, because {@link Database} batches concurrent writes into one
   *       transaction.
   *   <li>{@code LOCK_TIMEOUT=10000}: readers never wait long behind the single writer.
   *   <li>{@code TRACE_LEVEL_FILE=0}: no {@code squall.trace.db} beside the store; Squall logs
   *       the errors itself (and a start that fails must leave nothing behind).
   * </ul>
   * MVStore (H2's default engine) is crash-safe: an interrupted write is rolled back on open.
   */
  public static final String H2_SETTINGS = ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000;TRACE_LEVEL_FILE=0";

  public StoreConfig {
    if (jdbcUrl == null || !(jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.startsWith("jdbc:postgresql:"))) {
      throw new IllegalArgumentException(
          "store URL must start with jdbc:h2: or jdbc:postgresql:, not " + jdbcUrl);
    }
    if (maxPoolSize < 2) {
      throw new IllegalArgumentException("maxPoolSize must be at least 2, not " + maxPoolSize);
    }
  }

  /** The embedded default: {@code <squallHome>/db/squall.mv.db}. */
  public static StoreConfig h2File(Path squallHome) {
    Path file = squallHome.toAbsolutePath().resolve("db").resolve("squall");
    return new StoreConfig("jdbc:h2:file:" + file + H2_SETTINGS, "sa", "", 8);
  }

  /**
   * A private in-memory H2 database that lives until the JVM exits (for tests of other modules);
   * every distinct {@code name} is a separate database.
   */
  public static StoreConfig h2Memory(String name) {
    return new StoreConfig("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", 8);
  }

  public static StoreConfig postgres(String jdbcUrl, String username, String password) {
    return new StoreConfig(jdbcUrl, username, password, 10);
  }

  public boolean isH2() {
    return jdbcUrl.startsWith("jdbc:h2:");
  }

  /**
   * Where the store is, for a person: the database file of an embedded store
   * ({@code /srv/squall/db/squall.mv.db}), else the URL without its settings.
   */
  public String location() {
    String bare = jdbcUrl.split("[;?]", 2)[0];
    if (bare.startsWith("jdbc:h2:file:")) {
      return bare.substring("jdbc:h2:file:".length()) + ".mv.db";
    }
    return bare;
  }
}
