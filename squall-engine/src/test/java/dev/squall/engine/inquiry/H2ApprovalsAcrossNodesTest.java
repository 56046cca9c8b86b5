package dev.squall.engine.inquiry;

import dev.squall.engine.store.StoreConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2ApprovalsAcrossNodesTest extends ApprovalsAcrossNodesContract {

  @TempDir Path home;

  @Override
  protected StoreConfig freshStore() {
    return StoreConfig.h2File(home);
  }
}
