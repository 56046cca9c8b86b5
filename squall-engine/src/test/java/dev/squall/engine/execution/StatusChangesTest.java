package dev.squall.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.Execution.StatusChange;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusChangesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @TempDir Path home;
  private Database db;
  private ExecutionRepository repo;
  private EventBus bus;
  private final List<Event> published = new CopyOnWriteArrayList<>();
  private StatusChanges statuses;

  @BeforeEach
  void open() {
    db = Database.open(StoreConfig.h2File(home));
    repo = new ExecutionRepository(db);
    bus = new EventBus();
    bus.subscribe(published::add);
    statuses = new StatusChanges(repo, bus, () -> T0.plusSeconds(1), () -> false);
  }

  @AfterEach
  void close() {
    bus.close();
    db.close();
  }

  private Execution requested(String id) {
    Execution e = new Execution(id, "core.noop", "noop", Map.of(), Map.of(),
        ExecutionStatus.REQUESTED, T0, null, Map.of(),
        List.of(new StatusChange(ExecutionStatus.REQUESTED, T0)));
    repo.insert(e);
    return e;
  }

  @Test
  void aMoveIsStoredLoggedAndPublished() {
    Execution e = requested("000000000000000000000001");

    Execution running = statuses.move(e, null, ExecutionStatus.SCHEDULED,
        ExecutionStatus.RUNNING);

    assertThat(running.log()).extracting(StatusChange::status).containsExactly(
        ExecutionStatus.REQUESTED, ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING);
    assertThat(repo.get(e.id())).isEqualTo(running);
    await().until(() -> !published.isEmpty());
    assertThat(published).containsExactly(new Event.ExecutionUpdated(running));
  }

  @Test
  void refusesAStepTheTableDoesNotAllowAndWritesNothing() {
    Execution e = requested("000000000000000000000002");

    assertThatThrownBy(() -> statuses.move(e, Map.of("ok", true), ExecutionStatus.SUCCEEDED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an execution cannot go from requested to succeeded");

    assertThat(repo.get(e.id())).isEqualTo(e);
  }

  @Test
  void aMoveFromAStaleStatusWritesAndPublishesNothing() {
    Execution e = requested("000000000000000000000003");
    Execution canceled = statuses.move(e, null, ExecutionStatus.CANCELED);

    // A runner that still believes the execution is requested.
    assertThat(statuses.move(e, null, ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING))
        .isNull();

    assertThat(repo.get(e.id())).isEqualTo(canceled);
    Execution other = statuses.move(requested("000000000000000000000004"), null,
        ExecutionStatus.CANCELED);
    await().until(() -> published.size() >= 2);
    assertThat(published).containsExactly(new Event.ExecutionUpdated(canceled),
        new Event.ExecutionUpdated(other));
  }
}
