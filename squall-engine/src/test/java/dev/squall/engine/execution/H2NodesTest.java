package dev.squall.engine.execution;

import dev.squall.engine.store.StoreConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2NodesTest extends NodesContract {

  @TempDir Path home;

  @Override
  protected StoreConfig freshStore() {
    return StoreConfig.h2File(home);
  }
}
