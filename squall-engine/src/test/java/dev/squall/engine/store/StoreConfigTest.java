package dev.squall.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
            + "LOCK_TIMEOUT=10000");
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
  void unreachableDatabaseIsReportedWithItsUrl() {
    StoreConfig c = new StoreConfig("jdbc:postgresql://127.0.0.1:1/squall?connectTimeout=1",
        "u", "p", 2);
    assertThatThrownBy(() -> Database.open(c))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot open the store at jdbc:postgresql://127.0.0.1:1/squall");
  }
}
