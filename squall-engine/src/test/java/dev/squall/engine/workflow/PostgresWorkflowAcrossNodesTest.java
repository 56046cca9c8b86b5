package dev.squall.engine.workflow;

import dev.squall.engine.store.PostgresStores;
import dev.squall.engine.store.StoreConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresWorkflowAcrossNodesTest extends WorkflowAcrossNodesContract {

  @RegisterExtension static final PostgresStores postgres = new PostgresStores();

  @Override
  protected StoreConfig freshStore() {
    return postgres.freshDatabase();
  }
}
