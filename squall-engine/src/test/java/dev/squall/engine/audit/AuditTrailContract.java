package dev.squall.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.engine.audit.model.AuditOutcome;
import dev.squall.engine.audit.model.AuditQuery;
import dev.squall.engine.audit.model.AuditRecord;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.store.AuditStore;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the audit trail keeps and how it fills in what came of a command, against each database. */
abstract class AuditTrailContract {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Database db;
  private EventBus bus;
  private AuditTrail trail;
  private Path file;

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() {
    db = Database.open(freshStore());
    bus = new EventBus();
    file = dir.resolve("logs/audit.jsonl");
    trail = new AuditTrail(new AuditStore(db), bus, Clock.fixed(NOW, ZoneOffset.UTC), new AuditSettings(file));
  }

  @AfterEach
  void close() {
    trail.close();
    bus.close();
    db.close();
  }

  private static Execution execution(String id, ExecutionStatus status, Map<String, Object> context) {
    return new Execution(id, "ops.deploy", "local-shell-cmd", Map.of("app", "web", "token", "s3cr3t-value"),
        context, status, NOW, status.isTerminal() ? NOW : null, Map.of(), List.of(),
        Set.of("token"), Set.of());
  }

  private AuditRecord ran(String command, Execution... started) {
    return AuditRecord.chat(AuditOutcome.RAN, "ivy", "irc", "#ops", null, "irc:ivy",
        AuditTrail.maskedCommand(command, List.of(started)), "ops.deploy_alias", "ops.deploy",
        AuditTrail.maskedParameters(started[0]), List.of(started).stream().map(Execution::id).toList(), null);
  }

  @Test
  void aCommandGetsTheFinalStatusAndTheApprovalsOfItsExecutionWhenItEnds() throws IOException {
    Execution running = execution("e".repeat(24), ExecutionStatus.RUNNING, Map.of("user", "ivy"));
    AuditRecord r = trail.record(ran("deploy web token=s3cr3t-value", running));

    assertThat(r.command()).isEqualTo("deploy web token=********");
    assertThat(r.parameters()).containsEntry("app", "web").containsEntry("token", "********");
    await("the record is stored").atMost(WAIT).until(() -> trail.find(r.id()).isPresent());
    assertThat(trail.find(r.id()).orElseThrow().status()).isNull();

    List<Map<String, Object>> approvals = List.of(
        Map.of("user", "olive", "chat", "slack:U1", "decision", "approved", "at", "2026-06-01T12:00:05Z"));
    bus.publish(new Event.ExecutionUpdated(execution(running.id(), ExecutionStatus.SUCCEEDED,
        Map.of("user", "ivy", "squall", Map.of("approvals", approvals)))));

    AuditRecord ended = await("the final status").atMost(WAIT).until(
        () -> trail.find(r.id()).orElseThrow(), f -> f.status() != null);
    assertThat(ended.status()).isEqualTo("succeeded");
    assertThat(ended.approvals()).containsExactlyElementsOf(approvals);
    assertThat(ended.endedAt()).isEqualTo(NOW);
    assertThat(ended.parameters()).containsEntry("token", "********");

    List<JsonNode> lines = await("both lines in the file").atMost(WAIT).until(() -> lines(file), l -> l.size() == 2);
    assertThat(lines.get(0).path("event").asText()).isEqualTo("record");
    assertThat(lines.get(0).path("id").asText()).isEqualTo(r.id());
    assertThat(lines.get(0).path("command").asText()).isEqualTo("deploy web token=********");
    assertThat(lines.get(1).path("event").asText()).isEqualTo("ended");
    assertThat(lines.get(1).path("id").asText()).isEqualTo(r.id());
    assertThat(lines.get(1).path("approvals").get(0).path("user").asText()).isEqualTo("olive");
    assertThat(Files.readString(file)).doesNotContain("s3cr3t-value");
  }

  @Test
  void aCommandWhoseExecutionsEndedBeforeItWasRecordedStillGetsTheirStatusTheWorstOneWinning() {
    Execution fast = execution("a".repeat(24), ExecutionStatus.SUCCEEDED, Map.of());
    Execution failed = execution("b".repeat(24), ExecutionStatus.FAILED, Map.of());
    trail.ended(fast); // as the bus delivers them, before the bot has recorded the command
    trail.ended(failed);

    AuditRecord r = trail.record(ran("deploy both", fast, failed));

    AuditRecord ended = await("the final status").atMost(WAIT).until(
        () -> trail.find(r.id()), f -> f.isPresent() && f.get().status() != null).orElseThrow();
    assertThat(ended.status()).isEqualTo("failed");
    assertThat(ended.executionIds()).containsExactly(fast.id(), failed.id());
  }

  @Test
  void recordsLeftOpenByAnEarlierRunTakeTheirStatusesFromTheStoreAndFollowTheExecutionsStillRunning() {
    Execution endsWhileDown = execution("d".repeat(24), ExecutionStatus.RUNNING, Map.of());
    Execution runsOn = execution("e".repeat(24), ExecutionStatus.RUNNING, Map.of());
    Execution purged = execution("f".repeat(24), ExecutionStatus.RUNNING, Map.of());
    AuditRecord both = trail.record(ran("deploy both", endsWhileDown, runsOn));
    AuditRecord alone = trail.record(ran("deploy one", endsWhileDown));
    AuditRecord gone = trail.record(ran("deploy gone", purged));
    await("all stored").atMost(WAIT).until(() -> trail.list(AuditQuery.all()).total() == 3);
    trail.close(); // the server stops; the executions go on (or end) without it
    bus.close();
    bus = new EventBus();
    trail = new AuditTrail(new AuditStore(db), bus, Clock.fixed(NOW, ZoneOffset.UTC), new AuditSettings(file));
    Map<String, Execution> stored = Map.of(endsWhileDown.id(), execution(endsWhileDown.id(), ExecutionStatus.SUCCEEDED,
        Map.of()), runsOn.id(), runsOn);

    int taken = trail.followOpen(id -> java.util.Optional.ofNullable(stored.get(id))
        .orElseThrow(() -> new dev.squall.core.error.NotFoundException("Execution with id \"" + id + "\" not found")));

    assertThat(taken).isEqualTo(3);
    assertThat(await("the one that ended").atMost(WAIT).until(() -> trail.find(alone.id()).orElseThrow(),
        f -> f.status() != null).status()).isEqualTo("succeeded");
    assertThat(trail.find(both.id()).orElseThrow().status()).isNull();
    bus.publish(new Event.ExecutionUpdated(execution(runsOn.id(), ExecutionStatus.FAILED, Map.of())));
    assertThat(await("the one still running").atMost(WAIT).until(() -> trail.find(both.id()).orElseThrow(),
        f -> f.status() != null).status()).isEqualTo("failed");
    assertThat(trail.find(gone.id()).orElseThrow().status()).isNull();
  }

  @Test
  void filtersFindRecordsByUserChatIdentityRoomActionOutcomeAndTime() {
    Execution e = execution("c".repeat(24), ExecutionStatus.RUNNING, Map.of());
    AuditRecord chat = trail.record(ran("deploy web", e));
    AuditRecord api = trail.record(AuditRecord.api("admin", "DELETE", "/api/v1/keys/x", 204, null));
    AuditRecord denied = trail.record(AuditRecord.api("ivy", "GET", "/api/v1/rules", 403, null));
    await("all stored").atMost(WAIT).until(() -> trail.list(AuditQuery.all()).total() == 3);

    assertThat(ids(new AuditQuery("ivy", null, null, null, null, null, null, null, 0, 0)))
        .containsExactlyInAnyOrder(chat.id(), denied.id());
    assertThat(ids(new AuditQuery(null, "irc:ivy", "#ops", "ops.deploy_alias", null, null, null, null, 0, 0)))
        .containsExactly(chat.id());
    assertThat(ids(new AuditQuery(null, null, null, "ops.deploy", null, AuditOutcome.RAN, null, null, 0, 0)))
        .containsExactly(chat.id());
    assertThat(ids(new AuditQuery(null, null, null, null, null, AuditOutcome.DENIED, null, null, 0, 0)))
        .containsExactly(denied.id());
    assertThat(ids(new AuditQuery(null, null, null, null, null, AuditOutcome.ACCEPTED, null, null, 0, 0)))
        .containsExactly(api.id());
    assertThat(ids(new AuditQuery(null, null, null, null, null, null, NOW, NOW.plusSeconds(1), 0, 0))).hasSize(3);
    assertThat(ids(new AuditQuery(null, null, null, null, null, null, NOW.plusSeconds(1), null, 0, 0))).isEmpty();
    assertThat(trail.list(new AuditQuery(null, null, null, null, null, null, null, null, 1, 1)).items()).hasSize(1);
    AuditRecord stored = trail.find(api.id()).orElseThrow();
    assertThat(stored.method()).isEqualTo("DELETE");
    assertThat(stored.httpStatus()).isEqualTo(204);
    assertThat(stored.room()).isNull();
  }

  private List<String> ids(AuditQuery q) {
    return trail.list(q).items().stream().map(AuditRecord::id).toList();
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (Files.exists(file)) {
      for (String l : Files.readAllLines(file)) {
        out.add(JSON.readTree(l));
      }
    }
    return out;
  }
}
