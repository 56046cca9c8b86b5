package dev.squall.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.squall.core.error.NotFoundException;
import dev.squall.engine.datastore.SecretBox;
import dev.squall.engine.execution.model.Execution.StatusChange;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.Execution.StatusChange;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.OutputLine;
import dev.squall.engine.execution.model.Page;
import dev.squall.engine.execution.model.ProcessGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository's behaviour, run against each database by a subclass. */
abstract class ExecutionRepositoryContract {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private Database db;
  private ExecutionRepository repo;
  @TempDir Path keys;

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() {
    db = Database.open(freshStore());
    repo = new ExecutionRepository(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static Execution requested(String id, String ref, String user, Instant at) {
    return new Execution(id, ref, "noop", Map.of("cmd", "date", "n", 3),
        Map.of("user", user), ExecutionStatus.REQUESTED, at, null, Map.of(),
        List.of(new StatusChange(ExecutionStatus.REQUESTED, at)));
  }

  private static Execution moved(Execution e, ExecutionStatus s, Map<String, Object> result) {
    Instant at = e.startTimestamp().plusSeconds(1);
    List<StatusChange> log = new ArrayList<>(e.log());
    log.add(new StatusChange(s, at));
    return new Execution(e.id(), e.actionRef(), e.runnerType(), e.parameters(), e.context(), s,
        e.startTimestamp(), s.isTerminal() ? at : null, result, log);
  }

  private static String id(int n) {
    return String.format("%024x", n);
  }

  @Test
  void storesAndReadsBackAnExecutionWithItsJsonFields() {
    Execution e = requested(id(1), "core.local", "alice", T0);
    repo.insert(e);
    assertThat(repo.get(id(1))).isEqualTo(e);
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
  void outputLinesComeBackInOrder() {
    repo.insert(requested(id(1), "core.local", "alice", T0));
    List<OutputLine> lines = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      lines.add(new OutputLine(id(1), i, i % 2 == 0 ? "stdout" : "stderr", "line " + i,
          T0.plusMillis(i)));
    }
    repo.outputs().appendOutput(lines.subList(0, 100));
    repo.outputs().appendOutput(lines.subList(100, 250)).join();
    assertThat(repo.outputs().output(id(1))).isEqualTo(lines);
    assertThat(repo.outputs().output(id(2))).isEmpty();
  }

  @Test
  void outputRoundTripsExactlyAcrossChunks() {
    repo.insert(requested(id(1), "core.local", "alice", T0));
    String huge = "x".repeat(3 * OutputStore.CHUNK_CHARS) + "é";
    List<OutputLine> lines = new ArrayList<>();
    String[] texts = {"", "plain", "ünïcödé ✓ 日本語 \uD83D\uDE00", "  spaces  ", "tab\tand\rcr",
        "", "a \\ backslash", "\u0000nul"};
    for (int i = 0; i < 2_600; i++) {
      String stream = i % 7 == 3 ? "stderr" : "stdout";
      String text = i == 5 || i == 1_700 || i == 1_701 ? huge : texts[i % texts.length];
      lines.add(new OutputLine(id(1), i, stream, text, T0.plusNanos(i * 1_234_000L)));
    }
    lines.add(new OutputLine(id(1), 2_600, "debug", "other stream", T0.minusSeconds(5)));
    repo.outputs().appendOutput(lines.subList(0, 7));
    repo.outputs().appendOutput(lines.subList(7, 1_500));
    repo.outputs().appendOutput(lines.subList(1_500, lines.size())).join();

    assertThat(repo.outputs().output(id(1))).isEqualTo(lines);
  }

  @Test
  void outputFromAnOffsetCountsLinesOfTheAskedStream() {
    repo.insert(requested(id(1), "core.local", "alice", T0));
    List<OutputLine> lines = new ArrayList<>();
    for (int i = 0; i < 3_500; i++) {
      lines.add(new OutputLine(id(1), i, i % 3 == 0 ? "stderr" : "stdout", "line " + i,
          T0.plusMillis(i)));
    }
    java.util.concurrent.CompletableFuture<Void> last = null;
    for (int from = 0; from < lines.size(); from += 700) {
      last = repo.outputs().appendOutput(lines.subList(from, from + 700));
    }
    last.join();
    List<OutputLine> stdout = lines.stream().filter(l -> l.stream().equals("stdout")).toList();
    List<OutputLine> stderr = lines.stream().filter(l -> l.stream().equals("stderr")).toList();

    for (int offset : new int[] {0, 1, 999, 1_000, 1_001, 2_333, 2_334, 5_000}) {
      assertThat(repo.outputs().output(id(1), null, offset))
          .isEqualTo(lines.subList(Math.min(offset, lines.size()), lines.size()));
      assertThat(repo.outputs().output(id(1), "stdout", offset))
          .isEqualTo(stdout.subList(Math.min(offset, stdout.size()), stdout.size()));
      assertThat(repo.outputs().output(id(1), "stderr", offset))
          .isEqualTo(stderr.subList(Math.min(offset, stderr.size()), stderr.size()));
    }
    assertThat(repo.outputs().output(id(1), "debug", 0)).isEmpty();
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
    assertThat(repo.findByStatuses(List.of(ExecutionStatus.REQUESTED, ExecutionStatus.RUNNING)))
        .extracting(Execution::id).containsExactly(id(1), id(2));
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

  @Test
  void aRecordedProcessGroupReadsBackAndIsFoundByStatusAndHost() {
    ProcessGroup here = new ProcessGroup("host-a", "boot-1", 4242, 987654321012L);
    ProcessGroup there = new ProcessGroup("host-b", "boot-2", 4343, 7);
    Execution first = requested(id(1), "core.local", "alice", T0);
    Execution second = requested(id(2), "core.local", "alice", T0.plusSeconds(1));
    Execution third = requested(id(3), "core.local", "alice", T0.plusSeconds(2));
    for (Execution e : List.of(first, second, third)) {
      repo.insert(e);
      repo.transition(moved(e, ExecutionStatus.ABANDONED, Map.of()), ExecutionStatus.REQUESTED);
    }
    repo.insert(requested(id(4), "core.local", "alice", T0.plusSeconds(3)));
    repo.processGroups().recordProcess(id(2), here);
    repo.processGroups().recordProcess(id(1), here);
    repo.processGroups().recordProcess(id(3), there);
    repo.processGroups().recordProcess(id(4), here);

    assertThat(repo.processGroups().process(id(1))).contains(here);
    assertThat(repo.processGroups().process(id(5))).isEmpty();
    assertThat(repo.processGroups().processes(ExecutionStatus.ABANDONED, "host-a"))
        .containsExactly(entry(id(1), here), entry(id(2), here));
    assertThat(repo.processGroups().processes(ExecutionStatus.REQUESTED, "host-a"))
        .containsExactly(entry(id(4), here));
    // Recording a process changes nothing a user sees of the execution.
    assertThat(repo.get(id(4))).isEqualTo(requested(id(4), "core.local", "alice",
        T0.plusSeconds(3)));
  }

  @Test
  void aForgottenProcessGroupIsGoneUnlessAnotherWasRecordedSince() {
    ProcessGroup old = new ProcessGroup("host-a", "boot-1", 4242, 100);
    ProcessGroup newer = new ProcessGroup("host-a", "boot-1", 5252, 200);
    repo.insert(requested(id(1), "core.local", "alice", T0));
    repo.insert(requested(id(2), "core.local", "alice", T0));
    repo.processGroups().recordProcess(id(1), old);
    repo.processGroups().recordProcess(id(2), old);
    repo.processGroups().recordProcess(id(2), newer);

    repo.processGroups().forgetProcess(id(1), old);
    repo.processGroups().forgetProcess(id(2), old);

    assertThat(repo.processGroups().process(id(1))).isEmpty();
    assertThat(repo.processGroups().process(id(2))).contains(newer);
    assertThat(repo.processGroups().processes(ExecutionStatus.REQUESTED, "host-a"))
        .containsExactly(entry(id(2), newer));
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
  void aRepositoryWithoutAKeyRefusesToStoreASecret() {
    assertThatThrownBy(() -> repo.insert(withSecrets()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no key");
    assertThat(repo.find(id(7))).isEmpty();
  }
}
