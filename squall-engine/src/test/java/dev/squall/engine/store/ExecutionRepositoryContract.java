package dev.squall.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static dev.squall.engine.store.StoredRows.T0;
import static dev.squall.engine.store.StoredRows.id;
import static dev.squall.engine.store.StoredRows.moved;
import static dev.squall.engine.store.StoredRows.requested;

import dev.squall.core.error.NotFoundException;
import dev.squall.engine.datastore.SecretBox;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.Execution.StatusChange;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.Page;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executions table's behaviour, run against each database by a subclass (its output, nodes
 * and process groups: {@link OutputStoreContract}, {@link NodeStoreContract},
 * {@link ProcessGroupStoreContract}).
 */
abstract class ExecutionRepositoryContract extends FreshStore {

  @TempDir Path keys;

  @Test
  void storesAndReadsBackAnExecutionWithItsJsonFields() {
    Execution e = requested(id(1), "core.local", "alice", T0);
    repo.insert(e);
    assertThat(repo.get(id(1))).isEqualTo(e);
  }

  @Test
  void aWorkflowStateIsStoredReplacedAndReadBack() {
    var workflows = repo.workflows();
    assertThat(workflows.find(id(1))).isEmpty();
    workflows.save(id(1), Map.of("conductor", Map.of("status", "running"), "dispatches", List.of()), false);
    workflows.save(id(1), Map.of("conductor", Map.of("status", "succeeded"),
        "dispatches", List.of(Map.of("task", "slow", "route", 0))), false);
    assertThat(workflows.find(id(1))).contains(Map.of("conductor", Map.of("status", "succeeded"),
        "dispatches", List.of(Map.of("task", "slow", "route", 0))));
  }

  @Test
  void unknownIdIsNotFoundWithTheId() {
    assertThatThrownBy(() -> repo.get("0123456789abcdef01234567"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Execution with id \"0123456789abcdef01234567\" not found");
  }

  @Test
  void transitionAppliesOnlyFromTheExpectedStatus() {
    Execution e = requested(id(1), "core.local", "alice", T0);
    repo.insert(e);
    Execution running = moved(e, ExecutionStatus.RUNNING, Map.of());
    assertThat(repo.transition(running, ExecutionStatus.SCHEDULED)).isFalse();
    assertThat(repo.transition(running, ExecutionStatus.REQUESTED)).isTrue();
    Execution done = moved(running, ExecutionStatus.SUCCEEDED, Map.of("stdout", "hi"));
    assertThat(repo.transition(done, ExecutionStatus.RUNNING)).isTrue();
    assertThat(repo.get(id(1))).isEqualTo(done);
  }

  @Test
  void terminalStatusIsNeverOverwritten() {
    Execution e = requested(id(1), "core.local", "alice", T0);
    repo.insert(e);
    Execution canceled = moved(e, ExecutionStatus.CANCELED, Map.of());
    assertThat(repo.transition(canceled, ExecutionStatus.REQUESTED)).isTrue();

    Execution late = moved(canceled, ExecutionStatus.SUCCEEDED, Map.of("late", true));
    assertThat(repo.transition(late, ExecutionStatus.CANCELED)).isFalse();
    assertThat(repo.transition(late, ExecutionStatus.REQUESTED)).isFalse();
    assertThat(repo.get(id(1)).status()).isEqualTo(ExecutionStatus.CANCELED);
  }

  @Test
  void listsNewestFirstWithFiltersPagingAndTotals() {
    for (int i = 0; i < 12; i++) {
      String user = i % 3 == 0 ? "bob" : "alice";
      String ref = i < 8 ? "core.local" : "core.noop";
      repo.insert(requested(id(i), ref, user, T0.plus(i, ChronoUnit.MINUTES)));
    }
    Page<Execution> page = repo.list(ExecutionQuery.all().page(2, 3));
    assertThat(page.total()).isEqualTo(12);
    assertThat(page.items()).extracting(Execution::id).containsExactly(id(9), id(8), id(7));

    assertThat(repo.list(ExecutionQuery.all().withActionRef("core.noop")).items())
        .extracting(Execution::id).containsExactly(id(11), id(10), id(9), id(8));
    Page<Execution> bobs = repo.list(ExecutionQuery.all().withUser("bob").page(0, 2));
    assertThat(bobs.total()).isEqualTo(4);
    assertThat(bobs.items()).extracting(Execution::id).containsExactly(id(9), id(6));
    assertThat(repo.list(ExecutionQuery.all()
        .between(T0.plus(3, ChronoUnit.MINUTES), T0.plus(5, ChronoUnit.MINUTES))).items())
        .extracting(Execution::id).containsExactly(id(4), id(3));
    assertThat(repo.list(ExecutionQuery.all().page(0, 0)).items()).hasSize(12);
  }

  @Test
  void filtersByStatusAndParent() {
    Execution parent = requested(id(1), "demo.workflow", "alice", T0);
    repo.insert(parent);
    Execution child = new Execution(id(2), "core.local", "noop", Map.of(),
        Map.of("user", "alice", "parent", Map.of("execution_id", id(1))),
        ExecutionStatus.REQUESTED, T0.plusSeconds(1), null, Map.of(), List.of());
    repo.insert(child);
    repo.transition(moved(parent, ExecutionStatus.RUNNING, Map.of()), ExecutionStatus.REQUESTED);

    assertThat(repo.list(ExecutionQuery.all().withParentId(id(1))).items())
        .extracting(Execution::id).containsExactly(id(2));
    assertThat(repo.list(ExecutionQuery.all().withStatus(ExecutionStatus.RUNNING)).items())
        .extracting(Execution::id).containsExactly(id(1));
  }

  @Test
  void reopeningTheStoreKeepsTheRowsAndSkipsAppliedMigrations() {
    repo.insert(requested(id(1), "core.local", "alice", T0));
    StoreConfig config = db.config();
    db.close();
    db = Database.open(config);
    repo = new ExecutionRepository(db);
    assertThat(repo.get(id(1)).actionRef()).isEqualTo("core.local");
  }

  @Test
  void aClaimSucceedsForOneNodeOnlyAndOnlyFromTheOldHolder() {
    repo.insert(requested(id(1), "core.local", "alice", T0), "gone");
    repo.insert(requested(id(2), "core.local", "alice", T0), null);

    assertThat(repo.claim(id(1), ExecutionStatus.REQUESTED, "someone-else", "b")).isFalse();
    assertThat(repo.claim(id(1), ExecutionStatus.SCHEDULED, "gone", "b")).isFalse();
    assertThat(repo.claim(id(1), ExecutionStatus.REQUESTED, "gone", "b")).isTrue();
    assertThat(repo.claim(id(1), ExecutionStatus.REQUESTED, "gone", "c")).isFalse();
    assertThat(repo.holder(id(1))).contains("b");

    assertThat(repo.claim(id(2), ExecutionStatus.REQUESTED, null, "c")).isTrue();
    assertThat(repo.claim(id(2), ExecutionStatus.REQUESTED, null, "b")).isFalse();
    assertThat(repo.holder(id(2))).contains("c");
  }

  @Test
  void aHolderBoundTransitionFailsOnceAnotherNodeHoldsTheExecution() {
    Execution e = requested(id(1), "core.local", "alice", T0);
    repo.insert(e, "a");
    repo.claim(id(1), ExecutionStatus.REQUESTED, "a", "b");
    Execution running = moved(e, ExecutionStatus.RUNNING, Map.of());
    assertThat(repo.transition(running, ExecutionStatus.REQUESTED, "a")).isFalse();
    assertThat(repo.transition(running, ExecutionStatus.REQUESTED, "b")).isTrue();
    assertThat(repo.get(id(1))).isEqualTo(running);
  }

  @Test
  void orphansAreWhatNodesWithoutARecentHeartbeatHold() {
    repo.nodes().heartbeat("live", T0, T0.plusSeconds(100));
    repo.nodes().heartbeat("stale", T0, T0.plusSeconds(10));
    repo.insert(requested(id(1), "core.local", "alice", T0), "live");
    repo.insert(requested(id(2), "core.local", "alice", T0.plusSeconds(1)), "stale");
    repo.insert(requested(id(3), "core.local", "alice", T0.plusSeconds(2)), "no-row");
    repo.insert(requested(id(4), "core.local", "alice", T0.plusSeconds(3)), null);
    repo.insert(requested(id(5), "core.local", "alice", T0.plusSeconds(4)), "me");
    repo.insert(requested(id(6), "core.local", "alice", T0.plusSeconds(5)), "stale");
    repo.transition(moved(repo.get(id(6)), ExecutionStatus.RUNNING, Map.of()),
        ExecutionStatus.REQUESTED);
    Instant aliveSince = T0.plusSeconds(50);

    assertThat(repo.orphans(List.of(ExecutionStatus.REQUESTED), "me", aliveSince))
        .extracting(o -> o.execution().id(), ExecutionRepository.Orphan::nodeId)
        .containsExactly(tuple(id(2), "stale"), tuple(id(3), "no-row"), tuple(id(4), null));
    assertThat(repo.orphans(List.of(ExecutionStatus.RUNNING), "me", aliveSince))
        .extracting(o -> o.execution().id()).containsExactly(id(6));
    // On a store only this process can open, every other node is gone.
    assertThat(repo.orphans(List.of(ExecutionStatus.REQUESTED), "me", null))
        .extracting(o -> o.execution().id()).containsExactly(id(1), id(2), id(3), id(4));
  }

  private Execution withSecrets() {
    return new Execution(id(7), "db.login", "local-shell-cmd",
        Map.of("user", "ops", "password", "pw-S3cr3t-1", "cmd", "login ops 'pw-S3cr3t-1'"),
        Map.of("user", "alice"), ExecutionStatus.REQUESTED, T0, null, Map.of(),
        List.of(new StatusChange(ExecutionStatus.REQUESTED, T0)), Set.of("password", "cmd"),
        Set.of("kv-S3cr3t-2"));
  }

  @Test
  void secretParametersAreStoredEncryptedAndReadBackInClearWithTheSameKey()
      throws IOException, SQLException {
    Path keyFile = keys.resolve("datastore.key");
    Execution e = withSecrets();
    new ExecutionRepository(db, SecretBox.open(keyFile)).insert(e);

    String raw;
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT parameters, secret_names, secret_values"
            + " FROM executions WHERE id = '" + id(7) + "'")) {
      rs.next();
      raw = rs.getString(1) + rs.getString(2) + rs.getString(3);
      assertThat(rs.getString(1)).contains("\"password\":\"********\"", "\"user\":\"ops\"");
    }
    assertThat(raw).doesNotContain("pw-S3cr3t-1").doesNotContain("kv-S3cr3t-2");
    // Another repository with the same key file (a restart) reads it whole.
    Execution back = new ExecutionRepository(db, SecretBox.open(keyFile)).get(id(7));
    assertThat(back).isEqualTo(e);
    assertThat(back.parameters()).containsEntry("password", "pw-S3cr3t-1");
    assertThat(back.secretTexts()).containsExactly("kv-S3cr3t-2");
  }

  @Test
  void aSealedWorkflowStateIsStoredEncryptedAndReadBackWithTheSameKey() throws IOException, SQLException {
    Path keyFile = keys.resolve("datastore.key");
    Map<String, Object> state = Map.of("conductor", Map.of("input", Map.of("password", "pw-S3cr3t-1")));
    new ExecutionRepository(db, SecretBox.open(keyFile)).workflows().save(id(8), state, true);

    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT state FROM workflow_states WHERE execution_id = '" + id(8) + "'")) {
      rs.next();
      assertThat(rs.getString(1)).doesNotContain("pw-S3cr3t-1");
    }
    assertThat(new ExecutionRepository(db, SecretBox.open(keyFile)).workflows().find(id(8))).contains(state);
  }

  @Test
  void aRepositoryWithoutAKeyRefusesToStoreASecret() {
    assertThatThrownBy(() -> repo.insert(withSecrets()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no key");
    assertThat(repo.find(id(7))).isEmpty();
  }
}
