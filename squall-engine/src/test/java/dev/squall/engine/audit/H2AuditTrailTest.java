package dev.squall.engine.audit;

import dev.squall.engine.store.StoreConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2AuditTrailTest extends AuditTrailContract {

  @TempDir Path home;

  @Override
  protected StoreConfig freshStore() {
    return StoreConfig.h2File(home);
  }
}
