package dev.squall.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.engine.audit.model.AuditOutcome;
import dev.squall.engine.audit.model.AuditRecord;
import dev.squall.engine.auth.AuthService;
import dev.squall.engine.auth.PasswordHasher;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.Execution.StatusChange;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.OutputLine;
import dev.squall.engine.retention.RetentionSettings.Cutoffs;
import dev.squall.engine.store.AuditStore;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the purge removes and what it keeps, run against each database by a subclass. */
abstract class RetentionContract {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final RetentionSettings DEFAULTS = RetentionSettings.defaults();

  private Database db;
  private ExecutionRepository repo;
  private Retention retention;
  private int ids;

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() {
    db = Database.open(freshStore());
    repo = new ExecutionRepository(db);
    retention = new Retention(db.dataSource(), DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    retention.close();
    db.close();
  }

  @Test
  void removesFinishedExecutionsOlderThanTheTtlWithTheirOutputAndKeepsTheRest() {
    String old = execution(ExecutionStatus.SUCCEEDED, NOW.minus(Duration.ofDays(40)));
    String oldFailed = execution(ExecutionStatus.FAILED, NOW.minus(Duration.ofDays(31)));
    String oldRunning = execution(ExecutionStatus.RUNNING, NOW.minus(Duration.ofDays(40)));
    String oldQueued = execution(ExecutionStatus.REQUESTED, NOW.minus(Duration.ofDays(40)));
    String recent = execution(ExecutionStatus.SUCCEEDED, NOW.minus(Duration.ofHours(1)));
    String outputExpired = execution(ExecutionStatus.CANCELED, NOW.minus(Duration.ofDays(8)));

    Purged purged = retention.purge(DEFAULTS.cutoffs(NOW));

    assertThat(purged.executions()).isEqualTo(2);
    assertThat(purged.outputs()).isEqualTo(1);
    assertThat(repo.find(old)).isEmpty();
    assertThat(repo.find(oldFailed)).isEmpty();
    assertThat(count("SELECT COUNT(*) FROM execution_output_chunks WHERE execution_id IN (?, ?)",
        old, oldFailed)).isZero();
    for (String kept : List.of(oldRunning, oldQueued, recent)) {
      assertThat(repo.find(kept)).isPresent();
      assertThat(repo.outputs().output(kept)).hasSize(3);
    }
    assertThat(repo.find(outputExpired)).isPresent();
    assertThat(repo.outputs().output(outputExpired)).isEmpty();
  }

  @Test
  void aPurgedWorkflowTakesItsStoredStateWithIt() throws SQLException {
    String old = execution(ExecutionStatus.SUCCEEDED, NOW.minus(Duration.ofDays(40)));
    String recent = execution(ExecutionStatus.SUCCEEDED, NOW.minus(Duration.ofHours(1)));
    repo.workflows().save(old, Map.of("conductor", Map.of("status", "succeeded")), false);
    repo.workflows().save(recent, Map.of("conductor", Map.of("status", "succeeded")), false);

    retention.purge(DEFAULTS.cutoffs(NOW));

    assertThat(count("SELECT COUNT(*) FROM workflow_states WHERE execution_id = ?", old)).isZero();
    assertThat(count("SELECT COUNT(*) FROM workflow_states WHERE execution_id = ?", recent)).isEqualTo(1);
  }

  @Test
  void keepsAnExecutionWhoseNotificationIsStillToBeDelivered() throws SQLException {
    String waiting = execution(ExecutionStatus.SUCCEEDED, NOW.minus(Duration.ofDays(40)));
    String delivered = execution(ExecutionStatus.SUCCEEDED, NOW.minus(Duration.ofDays(40)));
    outbox(waiting, "pending");
    outbox(delivered, "delivered");

    retention.purge(DEFAULTS.cutoffs(NOW));

    assertThat(repo.find(waiting)).isPresent();
    assertThat(repo.find(delivered)).isEmpty();
    assertThat(count("SELECT COUNT(*) FROM notify_outbox WHERE execution_id = ?", delivered))
        .isZero();
  }

  @Test
  void removesMoreThanOneBatch() {
    List<String> old = new ArrayList<>();
    for (int i = 0; i < Retention.BATCH * 2 + 34; i++) {
      old.add(execution(ExecutionStatus.SUCCEEDED, NOW.minus(Duration.ofDays(60)).plusSeconds(i)));
    }
    String recent = execution(ExecutionStatus.SUCCEEDED, NOW.minus(Duration.ofDays(2)));

    Purged purged = retention.purge(DEFAULTS.cutoffs(NOW));

    assertThat(purged.executions()).isEqualTo(old.size());
    assertThat(count("SELECT COUNT(*) FROM executions")).isEqualTo(1);
    assertThat(repo.find(recent)).isPresent();
  }

  @Test
  void removesOldProcessedTriggerInstancesAndEnforcementsButNotOnesStillProcessing()
      throws SQLException {
    trigger("t1", NOW.minus(Duration.ofDays(31)), "processed");
    trigger("t2", NOW.minus(Duration.ofDays(31)), "processing_failed");
    trigger("t3", NOW.minus(Duration.ofDays(31)), "processing");
    trigger("t4", NOW.minus(Duration.ofDays(29)), "processed");
    enforcement("r1", "t1", NOW.minus(Duration.ofDays(31)));
    enforcement("r4", "t4", NOW.minus(Duration.ofDays(29)));

    Purged purged = retention.purge(DEFAULTS.cutoffs(NOW));

    assertThat(purged.triggerInstances()).isEqualTo(2);
    assertThat(purged.ruleEnforcements()).isEqualTo(1);
    assertThat(strings("SELECT id FROM trigger_instances ORDER BY id")).containsExactly("t3", "t4");
    assertThat(strings("SELECT id FROM rule_enforcements")).containsExactly("r4");
  }

  @Test
  void removesTokensExpiredLongerAgoThanTheTtlAndKeepsValidOnes() {
    issueToken(NOW.minus(Duration.ofDays(10)), Duration.ofHours(1)); // expired 10 days ago
    issueToken(NOW.minus(Duration.ofHours(13)), Duration.ofHours(1)); // expired 12 hours ago
    String valid = issueToken(NOW.minus(Duration.ofHours(1)), Duration.ofHours(24));

    Purged purged = retention.purge(DEFAULTS.cutoffs(NOW));

    assertThat(purged.tokens()).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM tokens")).isEqualTo(2);
    AuthService auth = auth(NOW);
    assertThat(auth.authenticateToken(valid).user()).isEqualTo("alice");
  }

  @Test
  void auditRecordsOlderThanTheirTtlGoAndYoungerOnesStay() {
    AuditStore audit = new AuditStore(db);
    AuditRecord draft = AuditRecord.api("alice", "POST", "/api/v1/executions", 201, null);
    audit.insert(draft.identified("a".repeat(24), NOW.minus(Duration.ofDays(400)))).join();
    audit.insert(draft.identified("b".repeat(24), NOW.minus(Duration.ofDays(300)))).join();

    Purged purged = retention.purge(DEFAULTS.cutoffs(NOW));

    assertThat(purged.auditRecords()).isEqualTo(1);
    assertThat(audit.find("a".repeat(24))).isEmpty();
    assertThat(audit.find("b".repeat(24))).get().extracting(AuditRecord::outcome)
        .isEqualTo(AuditOutcome.ACCEPTED);
  }

  @Test
  void aZeroTtlKeepsThatKindForever() {
    RetentionSettings keepAll = new RetentionSettings(Duration.ZERO, Duration.ZERO, Duration.ZERO,
        Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
    String ancient = execution(ExecutionStatus.SUCCEEDED, NOW.minus(Duration.ofDays(3_000)));

    Purged purged = retention.purge(keepAll.cutoffs(NOW));

    assertThat(purged.isEmpty()).isTrue();
    assertThat(repo.outputs().output(ancient)).hasSize(3);
  }

  @Test
  void purgeBeforeADateRemovesEverythingFinishedBeforeItWhateverTheTtls() throws SQLException {
    String lastWeek = execution(ExecutionStatus.SUCCEEDED, NOW.minus(Duration.ofDays(6)));
    String yesterday = execution(ExecutionStatus.FAILED, NOW.minus(Duration.ofDays(1)));
    String running = execution(ExecutionStatus.RUNNING, NOW.minus(Duration.ofDays(6)));
    trigger("t1", NOW.minus(Duration.ofDays(6)), "processed");
    trigger("t2", NOW.minus(Duration.ofHours(1)), "processed");

    Purged purged = retention.purge(Cutoffs.all(NOW.minus(Duration.ofDays(2))));

    assertThat(purged.executions()).isEqualTo(1);
    assertThat(purged.triggerInstances()).isEqualTo(1);
    assertThat(repo.find(lastWeek)).isEmpty();
    assertThat(repo.outputs().output(yesterday)).hasSize(3);
    assertThat(repo.outputs().output(running)).hasSize(3);
    assertThat(strings("SELECT id FROM trigger_instances")).containsExactly("t2");
  }

  @Test
  void twoNodesPurgingAtOnceRemoveEachRowOnce() throws Exception {
    List<String> old = new ArrayList<>();
    for (int i = 0; i < Retention.BATCH * 3; i++) {
      old.add(execution(ExecutionStatus.SUCCEEDED, NOW.minus(Duration.ofDays(60)).plusSeconds(i)));
    }
    Retention other = new Retention(db.dataSource(), DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));

    CompletableFuture<Purged> a = CompletableFuture.supplyAsync(() -> retention.purge(DEFAULTS.cutoffs(NOW)));
    CompletableFuture<Purged> b = CompletableFuture.supplyAsync(() -> other.purge(DEFAULTS.cutoffs(NOW)));

    assertThat(a.get().executions() + b.get().executions()).isEqualTo(old.size());
    assertThat(count("SELECT COUNT(*) FROM executions")).isZero();
    assertThat(count("SELECT COUNT(*) FROM execution_output_chunks")).isZero();
  }

  @Test
  void theBackgroundPurgeRunsAsSoonAsItStarts() {
    String old = execution(ExecutionStatus.SUCCEEDED, NOW.minus(Duration.ofDays(40)));

    retention.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> repo.find(old).isEmpty());
  }

  /** An execution in {@code status}: finished ones ended at {@code at}, with three lines. */
  private String execution(ExecutionStatus status, Instant at) {
    String id = String.format("%024x", ++ids);
    Instant start = at.minusSeconds(5);
    List<StatusChange> log = List.of(new StatusChange(ExecutionStatus.REQUESTED, start),
        new StatusChange(status, at));
    repo.insert(new Execution(id, "core.local", "local-shell-cmd", Map.of("cmd", "seq 3"),
        Map.of("user", "alice"), status, start, status.isTerminal() ? at : null, Map.of(), log));
    List<OutputLine> lines = List.of(new OutputLine(id, 0, "stdout", "1", start),
        new OutputLine(id, 1, "stderr", "2", start), new OutputLine(id, 2, "stdout", "3", start));
    repo.outputs().appendOutput(lines).join();
    return id;
  }

  private void outbox(String executionId, String status) throws SQLException {
    update("INSERT INTO notify_outbox (id, execution_id, section, route, status, attempts,"
        + " notification, created_at, next_attempt_at) VALUES (?, ?, 'on-complete', 'log', ?, 0,"
        + " '{}', ?, ?)", executionId + "-o", executionId, status, NOW, NOW);
  }

  private void trigger(String id, Instant at, String status) throws SQLException {
    update("INSERT INTO trigger_instances (id, trigger_ref, trigger_type, trigger_parameters,"
        + " payload, occurrence_time, status) VALUES (?, 'core.st2.webhook', 'core.st2.webhook',"
        + " '{}', '{}', ?, ?)", id, at, status);
  }

  private void enforcement(String id, String instance, Instant at) throws SQLException {
    update("INSERT INTO rule_enforcements (id, rule_ref, trigger_instance_id, enforced_at)"
        + " VALUES (?, 'p.r', ?, ?)", id, instance, at);
  }

  private AuthService auth(Instant now) {
    return new AuthService(db.dataSource(), new PasswordHasher(1_000),
        Clock.fixed(now, ZoneOffset.UTC), Duration.ofHours(24));
  }

  private String issueToken(Instant at, Duration ttl) {
    AuthService auth = auth(at);
    if (!auth.userExists("alice")) {
      auth.createUser("alice", "secret-password", false);
    }
    return auth.issueToken("alice", ttl).token();
  }

  private void update(String sql, Object... args) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      ps.executeUpdate();
    }
  }

  private long count(String sql, Object... args) {
    return Long.parseLong(strings(sql, args).getFirst());
  }

  private List<String> strings(String sql, Object... args) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i] instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : args[i]);
    }
  }
}
