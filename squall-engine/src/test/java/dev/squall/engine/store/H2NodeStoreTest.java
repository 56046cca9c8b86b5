package dev.squall.engine.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2NodeStoreTest extends NodeStoreContract {

  @TempDir Path home;

  @Override
  protected StoreConfig freshStore() {
    return StoreConfig.h2File(home);
  }
}
