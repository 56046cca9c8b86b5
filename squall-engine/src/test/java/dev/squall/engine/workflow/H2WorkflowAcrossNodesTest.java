package dev.squall.engine.workflow;

import dev.squall.engine.store.StoreConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2WorkflowAcrossNodesTest extends WorkflowAcrossNodesContract {

  @TempDir Path home;

  @Override
  protected StoreConfig freshStore() {
    return StoreConfig.h2File(home);
  }
}
