package dev.squall.engine.store;

import static dev.squall.engine.store.StoredRows.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** The nodes table's behaviour, run against each database by a subclass. */
abstract class NodeStoreContract extends FreshStore {

  @Test
  void nodesBeatAreForgottenWhenGoneAndRemoveThemselves() {
    repo.nodes().heartbeat("a", T0, T0);
    repo.nodes().heartbeat("a", T0, T0.plusSeconds(5));
    repo.nodes().heartbeat("b", T0, T0.plusSeconds(1));
    repo.nodes().heartbeat("c", T0, T0.plusSeconds(9));
    assertThat(repo.nodes().all()).containsExactly(entry("a", T0.plusSeconds(5)),
        entry("b", T0.plusSeconds(1)), entry("c", T0.plusSeconds(9)));

    repo.nodes().forgetGoneNodes("a", T0.plusSeconds(6));
    assertThat(repo.nodes().all()).containsOnlyKeys("a", "c");
    repo.nodes().removeNode("c");
    assertThat(repo.nodes().all()).containsOnlyKeys("a");
    repo.nodes().heartbeat("c", T0, T0.plusSeconds(20));
    repo.nodes().forgetGoneNodes("c", null);
    assertThat(repo.nodes().all()).containsOnlyKeys("c");
  }
}
