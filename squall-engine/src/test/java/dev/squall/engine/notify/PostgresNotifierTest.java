package dev.squall.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.engine.store.PostgresStores;
import dev.squall.engine.store.StoreConfig;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresNotifierTest extends NotifierContract {

  @RegisterExtension static final PostgresStores postgres = new PostgresStores();

  @Override
  protected StoreConfig freshStore() {
    return postgres.freshDatabase();
  }

  // Only a shared store has other live nodes: on embedded H2 any other node is gone.
  @Test
  void aDeliveryLeasedByALiveNodeIsLeftToIt() throws Exception {
    engine.repository.nodes().heartbeat("live-node", Instant.now(), Instant.now());
    AtomicInteger failuresLeft = new AtomicInteger(1);
    Notifier n = notifier(aFailsOnce(failuresLeft));
    String id = leasedTo(n, failuresLeft, "live-node");
    n.poll();
    assertThat(n.deliveries(id)).filteredOn(d -> d.route().equals("A"))
        .singleElement().satisfies(d -> assertThat(d.status()).isEqualTo(Delivery.Status.PENDING));
    assertThat(recording.get("A").got).isEmpty();
  }
}
