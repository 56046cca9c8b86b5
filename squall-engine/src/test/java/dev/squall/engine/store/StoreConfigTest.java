package dev.squall.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.UnavailableException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreConfigTest {

  @Test
  void rejectsADatabaseItCannotRunOnNamingTheUrl() {
    assertThatThrownBy(() -> new StoreConfig("jdbc:mysql://db/squall", "u", "p", 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("store URL must start with jdbc:h2: or jdbc:postgresql:, not"
            + " jdbc:mysql://db/squall");
  }

  @Test
  void embeddedStoreLivesUnderTheSquallHomeWithDurableSettings() {
    StoreConfig c = StoreConfig.h2File(Path.of("/srv/squall"));
    assertThat(c.jdbcUrl())
        .isEqualTo("jdbc:h2:file:/srv/squall/db/squall;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;"
            + "LOCK_TIMEOUT=10000;TRACE_LEVEL_FILE=0");
    assertThat(c.location()).isEqualTo("/srv/squall/db/squall.mv.db");
    assertThat(c.isH2()).isTrue();
  }

  @Test
  void inMemoryStoreIsMigratedAndUsable() {
    try (Database db = Database.open(StoreConfig.h2Memory("store-config-test"))) {
      ExecutionRepository repo = new ExecutionRepository(db);
      assertThat(repo.list(dev.squall.engine.execution.model.ExecutionQuery.all()).total()).isZero();
    }
  }

  @Test
  void unreachableDatabaseIsOneLineNamingItsUrlAndWhatToCheck() {
    StoreConfig c = new StoreConfig("jdbc:postgresql://127.0.0.1:1/squall?connectTimeout=1",
        "u", "p", 2);
    assertThatThrownBy(() -> Database.open(c))
        .isInstanceOf(UnavailableException.class)
        .hasMessageStartingWith("cannot reach the store at jdbc:postgresql://127.0.0.1:1/squall (")
        .hasMessageEndingWith("): check database.url and that the database server is up")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aStoreLockedByAnotherProcessIsOneLineSayingWhatToDo(@TempDir Path home) throws Exception {
    Database.open(StoreConfig.h2File(home)).close();
    Path file = home.resolve("db").resolve("squall.mv.db");
    // A lock held by this JVM stands for another process: H2 cannot take it either way.
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock()) {
      assertThat(lock).isNotNull();
      assertThatThrownBy(() -> Database.open(StoreConfig.h2File(home)))
          .isInstanceOf(UnavailableException.class)
          .hasMessage("the store " + file.toAbsolutePath() + " is in use by another process (is"
              + " Squall already running with this SQUALL_HOME?): stop it, or set SQUALL_HOME to"
              + " another folder");
    }
  }

  @Test
  void aCorruptStoreIsOneLineSayingWhatToDoAndLeavesNothingBeside(@TempDir Path home) throws Exception {
    Path file = home.resolve("db").resolve("squall.mv.db");
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[64 * 1024]);
    assertThatThrownBy(() -> Database.open(StoreConfig.h2File(home)))
        .isInstanceOf(UnavailableException.class)
        .hasMessageStartingWith("the store " + file.toAbsolutePath() + " is corrupt (")
        .hasMessageEndingWith("): restore it from a backup, or move it away to start with an empty store");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }
}
