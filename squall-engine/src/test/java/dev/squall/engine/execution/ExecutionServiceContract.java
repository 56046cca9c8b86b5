package dev.squall.engine.execution;

import static dev.squall.engine.execution.model.ExecutionStatus.ABANDONED;
import static dev.squall.engine.execution.model.ExecutionStatus.CANCELED;
import static dev.squall.engine.execution.model.ExecutionStatus.CANCELING;
import static dev.squall.engine.execution.model.ExecutionStatus.FAILED;
import static dev.squall.engine.execution.model.ExecutionStatus.REQUESTED;
import static dev.squall.engine.execution.model.ExecutionStatus.RUNNING;
import static dev.squall.engine.execution.model.ExecutionStatus.SCHEDULED;
import static dev.squall.engine.execution.model.ExecutionStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.event.Subscription;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.Execution.StatusChange;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.OutputLine;
import dev.squall.engine.execution.model.Page;
import dev.squall.engine.execution.model.ProcessGroup;
import dev.squall.engine.runner.ProcessGroups;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The execution service's behaviour, run against each database by a subclass. */
abstract class ExecutionServiceContract {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private Database db;
  private ExecutionRepository repo;
  private EventBus bus;
  private TestActions test;
  private ExecutionService service;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private Subscription subscription;
  private final List<Process> sleepers = new ArrayList<>();
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path keys;

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() {
    db = Database.open(freshStore());
    repo = new ExecutionRepository(db);
    bus = new EventBus();
    subscription = bus.subscribe(events::add);
    test = new TestActions();
    service = newService(2);
  }

  private ExecutionService newService(int concurrency) {
    return new ExecutionService(repo, test.lookup(), TestActions.resolver(), test.runners(), bus,
        Clock.systemUTC(), concurrency);
  }

  @AfterEach
  void close() {
    test.release.countDown();
    service.close(Duration.ofSeconds(5));
    subscription.close();
    bus.close();
    db.close();
    sleepers.forEach(Process::destroyForcibly);
  }

  private static List<ExecutionStatus> statuses(Execution e) {
    return e.log().stream().map(StatusChange::status).toList();
  }

  @Test
  void noopExecutionSucceedsAndIsStored() {
    service.start();
    Execution e = service.submit("core.noop", Map.of("x", 1), Map.of("user", "alice"));
    assertThat(e.status()).isEqualTo(REQUESTED);
    assertThat(e.id()).matches("[0-9a-f]{24}");

    Execution done = service.await(e.id(), WAIT);
    assertThat(done.status()).isEqualTo(SUCCEEDED);
    assertThat(statuses(done)).containsExactly(REQUESTED, SCHEDULED, RUNNING, SUCCEEDED);
    assertThat(done.endTimestamp()).isNotNull();
    assertThat(done.parameters()).containsEntry("greeting", "hello").containsEntry("x", 1);
    assertThat(repo.get(e.id())).isEqualTo(done);
    await().atMost(WAIT).until(() -> events.stream().anyMatch(
        ev -> ev instanceof Event.ExecutionUpdated u && u.execution().status() == SUCCEEDED));
    assertThat(events.getFirst()).isEqualTo(new Event.ExecutionCreated(e));
  }

  @Test
  void runnerThatThrowsEndsFailedWithItsMessage() {
    service.start();
    Execution e = service.submit("test.fail", Map.of(), Map.of());
    Execution done = service.await(e.id(), WAIT);
    assertThat(done.status()).isEqualTo(FAILED);
    assertThat(done.result()).isEqualTo(Map.of("error", "boom: the host is unreachable"));
    assertThat(repo.get(e.id()).result()).containsEntry("error", "boom: the host is unreachable");
  }

  @Test
  void unknownActionIsNotFoundAndNothingIsStored() {
    service.start();
    assertThatThrownBy(() -> service.submit("nope.missing", Map.of(), Map.of()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Action with ref \"nope.missing\" not found");
    assertThat(service.list(ExecutionQuery.all()).total()).isZero();
  }

  @Test
  void unknownExecutionIdIsNotFound() {
    assertThatThrownBy(() -> service.get("ffffffffffffffffffffffff"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Execution with id \"ffffffffffffffffffffffff\" not found");
    assertThatThrownBy(() -> service.cancel("ffffffffffffffffffffffff"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void rejectedParametersAreBadRequestAndNothingIsStored() {
    service.start();
    assertThatThrownBy(() -> service.submit("core.noop", Map.of("bad", 1), Map.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("'bad' is not a parameter of core.noop");
    assertThat(service.list(ExecutionQuery.all()).total()).isZero();
    assertThat(events).isEmpty();
  }

  @Test
  void cancelingAQueuedExecutionCancelsItAtOnce() {
    service.close();
    service = newService(1);
    service.start();
    Execution blocker = service.submit("test.block", Map.of(), Map.of());
    await().atMost(WAIT).until(() -> service.get(blocker.id()).status() == RUNNING);
    Execution queued = service.submit("core.noop", Map.of(), Map.of());

    Execution canceled = service.cancel(queued.id());
    assertThat(canceled.status()).isEqualTo(CANCELED);
    assertThat(canceled.endTimestamp()).isNotNull();
    assertThat(statuses(canceled)).containsExactly(REQUESTED, CANCELED);

    service.cancel(blocker.id());
    assertThat(service.await(blocker.id(), WAIT).status()).isEqualTo(CANCELED);
    // the freed slot must not run the canceled one
    Execution after = service.submit("core.noop", Map.of(), Map.of());
    assertThat(service.await(after.id(), WAIT).status()).isEqualTo(SUCCEEDED);
    assertThat(repo.get(queued.id()).status()).isEqualTo(CANCELED);
  }

  @Test
  void cancelingARunningExecutionInterruptsItsRunner() {
    service.start();
    Execution e = service.submit("test.block", Map.of(), Map.of());
    await().atMost(WAIT).until(() -> service.get(e.id()).status() == RUNNING);

    Execution canceling = service.cancel(e.id());
    assertThat(canceling.status()).isIn(CANCELING, CANCELED);
    Execution done = service.await(e.id(), WAIT);
    assertThat(done.status()).isEqualTo(CANCELED);
    assertThat(statuses(done)).containsExactly(REQUESTED, SCHEDULED, RUNNING, CANCELING, CANCELED);
    assertThat(done.result()).containsEntry("stopped", true);
    // canceling a finished execution changes nothing
    assertThat(service.cancel(e.id())).isEqualTo(done);
  }

  @Test
  void aRunnerThatClaimsSuccessAfterACancelStillEndsCanceled() {
    service.start();
    Execution e = service.submit("test.stubborn", Map.of(), Map.of());
    await().atMost(WAIT).until(() -> service.get(e.id()).status() == RUNNING);
    service.cancel(e.id());
    Execution done = service.await(e.id(), WAIT);
    assertThat(done.status()).isEqualTo(CANCELED);
    assertThat(repo.get(e.id()).status()).isEqualTo(CANCELED);
  }

  @Test
  void aResultThatIsNotJsonFailsTheExecutionButKeepsTheRecord() {
    service.start();
    Execution e = service.submit("test.odd", Map.of(), Map.of());
    Execution done = service.await(e.id(), WAIT);
    assertThat(done.status()).isEqualTo(FAILED);
    assertThat((String) done.result().get("error"))
        .startsWith("the runner's result could not be stored");
    assertThat(repo.get(e.id())).isEqualTo(done);
  }

  @Test
  void parametersThatAreNotJsonAreBadRequestAndNothingIsStored() {
    service.start();
    assertThatThrownBy(() -> service.submit("core.noop", Map.of("t", new Object()),
        Map.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith("The parameters of core.noop cannot be stored");
    assertThat(service.list(ExecutionQuery.all()).total()).isZero();
  }

  @Test
  void rerunOverlaysOverridesOnTheOriginalParameters() {
    service.start();
    Execution first = service.submit("test.echo", Map.of("lines", 2, "tag", "a"),
        Map.of("user", "alice"));
    service.await(first.id(), WAIT);

    Execution again = service.rerun(first.id(), Map.of("lines", 4));
    assertThat(again.id()).isNotEqualTo(first.id());
    assertThat(again.parameters()).containsEntry("lines", 4).containsEntry("tag", "a");
    assertThat(again.context()).containsEntry("user", "alice")
        .containsEntry("re-run", Map.of("ref", first.id()));
    Execution done = service.await(again.id(), WAIT);
    assertThat(done.result()).containsEntry("lines", 4);
  }

  @Test
  void listFiltersAndPagesWithTotals() {
    service.start();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String ref = i % 2 == 0 ? "core.noop" : "test.echo";
      ids.add(service.submit(ref, Map.of(), Map.of("user", i < 3 ? "bob" : "alice")).id());
    }
    Execution failed = service.submit("test.fail", Map.of(), Map.of("user", "carol"));
    ids.forEach(id -> service.await(id, WAIT));
    service.await(failed.id(), WAIT);
    Instant cut = service.get(ids.get(4)).startTimestamp();

    assertThat(service.list(ExecutionQuery.all()).total()).isEqualTo(8);
    Page<Execution> page = service.list(ExecutionQuery.all().withActionRef("core.noop").page(1, 2));
    assertThat(page.total()).isEqualTo(4);
    assertThat(page.items()).extracting(Execution::id).containsExactly(ids.get(4), ids.get(2));
    assertThat(service.list(ExecutionQuery.all().withUser("bob")).items())
        .extracting(Execution::id).containsExactly(ids.get(2), ids.get(1), ids.get(0));
    assertThat(service.list(ExecutionQuery.all().withStatus(FAILED)).items())
        .extracting(Execution::id).containsExactly(failed.id());
    assertThat(service.list(ExecutionQuery.all().between(cut, null)).items())
        .extracting(Execution::id).contains(ids.get(4), ids.get(5), ids.get(6), failed.id())
        .doesNotContain(ids.get(0));
  }

  @Test
  void listFindsChildrenByParent() {
    service.start();
    Execution parent = service.submit("core.noop", Map.of(), Map.of());
    Execution child = service.submit("core.noop", Map.of(),
        Map.of("parent", Map.of("execution_id", parent.id())));
    service.await(child.id(), WAIT);
    assertThat(service.list(ExecutionQuery.all().withParentId(parent.id())).items())
        .extracting(Execution::id).containsExactly(child.id());
  }

  @Test
  void neverRunsMoreThanTheConcurrencyLimit() {
    service.start();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(service.submit("test.gate", Map.of(), Map.of()).id());
    }
    await().atMost(WAIT).until(() -> test.concurrent.get() == 2);
    assertThat(service.list(ExecutionQuery.all().withStatus(REQUESTED)).total()).isEqualTo(4);
    test.release.countDown();
    for (String id : ids) {
      assertThat(service.await(id, WAIT).status()).isEqualTo(SUCCEEDED);
    }
    assertThat(test.maxConcurrent.get()).isEqualTo(2);
  }

  @Test
  void outputLinesAreStoredInOrderAndPublished() {
    service.start();
    Execution e = service.submit("test.echo", Map.of("lines", 300), Map.of());
    assertThat(service.await(e.id(), WAIT).status()).isEqualTo(SUCCEEDED);

    List<OutputLine> out = service.output(e.id());
    assertThat(out).hasSize(300);
    for (int i = 0; i < 300; i++) {
      assertThat(out.get(i).seq()).isEqualTo(i);
      assertThat(out.get(i).line()).isEqualTo("line " + i);
      assertThat(out.get(i).stream()).isEqualTo(i % 2 == 0 ? "stdout" : "stderr");
    }
    await().atMost(WAIT).until(() -> events.stream()
        .filter(ev -> ev instanceof Event.ExecutionOutput).count() == 300);
  }

  @Test
  void restartAbandonsRunningAndResumesQueuedExecutions() {
    Instant t = Instant.now();
    Execution running = new Execution("00000000000000000000000a", "core.noop", "noop", Map.of(),
        Map.of(), RUNNING, t, null, Map.of(), List.of(new StatusChange(RUNNING, t)));
    Execution queued = new Execution("00000000000000000000000b", "core.noop", "noop", Map.of(),
        Map.of(), REQUESTED, t, null, Map.of(), List.of(new StatusChange(REQUESTED, t)));
    repo.insert(running);
    repo.insert(queued);

    service.start();
    Execution abandoned = repo.get(running.id());
    assertThat(abandoned.status()).isEqualTo(ABANDONED);
    assertThat((String) abandoned.result().get("error"))
        .startsWith("Squall stopped while this execution was running (");
    assertThat(statuses(abandoned)).containsExactly(RUNNING, ABANDONED);
    assertThat(service.await(queued.id(), WAIT).status()).isEqualTo(SUCCEEDED);
    await().atMost(WAIT).until(() -> events.stream().anyMatch(
        ev -> ev instanceof Event.ExecutionUpdated u && u.execution().status() == ABANDONED));
  }

  @Test
  void submitAfterCloseIsRefused() {
    service.start();
    service.close();
    assertThatThrownBy(() -> service.submit("core.noop", Map.of(), Map.of()))
        .isInstanceOf(dev.squall.core.error.UnavailableException.class);
  }

  @Test
  void closeAbandonsWhatOutlivesTheGracePeriodAndKeepsQueuedWork() {
    service.start();
    Execution stuck = service.submit("test.block", Map.of(), Map.of());
    Execution stuck2 = service.submit("test.block", Map.of(), Map.of());
    Execution queued = service.submit("core.noop", Map.of(), Map.of());
    await().atMost(WAIT).until(() -> service.get(stuck2.id()).status() == RUNNING);

    service.close(Duration.ZERO);
    assertThat(repo.get(stuck.id()).status()).isEqualTo(ABANDONED);
    assertThat(repo.get(queued.id()).status()).isEqualTo(REQUESTED);

    service = newService(2);
    service.start();
    assertThat(service.await(queued.id(), WAIT).status()).isEqualTo(SUCCEEDED);
  }

  /** A real process in a session of its own, as runners start them; killed after the test. */
  private Process sleeper() throws IOException {
    assumeTrue(ProcessGroups.host().isPresent(), "process groups are recorded where /proc is");
    Process p = new ProcessBuilder("setsid", "sleep", "60").start();
    sleepers.add(p);
    return p;
  }

  private Execution stored(String id, ExecutionStatus status, Process process) {
    Instant t = Instant.now();
    Execution e = new Execution(id, "core.local", "local-shell-cmd", Map.of("cmd", "sleep 60"),
        Map.of(), status, t, status.isTerminal() ? t : null, Map.of(),
        List.of(new StatusChange(status, t)));
    repo.insert(e, "a-node-that-is-gone");
    repo.processGroups().recordProcess(id, ProcessGroups.of(process.toHandle()).orElseThrow());
    return e;
  }

  @Test
  void aShellExecutionRecordsItsProcessGroupWhileItRuns() {
    service.start();
    Execution e = service.submit("core.local", Map.of("cmd", "sleep 60"), Map.of());
    await().atMost(WAIT).until(() -> repo.processGroups().process(e.id()).isPresent());
    ProcessHandle leader = ProcessHandle.of(repo.processGroups().process(e.id()).get().leader()).orElseThrow();
    assertThat(leader.isAlive()).isTrue();

    service.cancel(e.id());

    assertThat(service.await(e.id(), WAIT).status()).isEqualTo(CANCELED);
    await().atMost(WAIT).until(() -> !leader.isAlive());
  }

  @Test
  void restartKillsTheProcessGroupThatAnAbandonedExecutionLeftRunning() throws Exception {
    Process left = sleeper();
    stored("00000000000000000000000c", RUNNING, left);

    service.start();

    assertThat(repo.get("00000000000000000000000c").status()).isEqualTo(ABANDONED);
    assertThat(left.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(repo.processGroups().process("00000000000000000000000c")).isEmpty();
  }

  @Test
  void restartLeavesAloneAProcessWhosePidMatchesButStartTimeDoesNot() throws Exception {
    Process unrelated = sleeper();
    Execution e = stored("00000000000000000000000d", RUNNING, unrelated);
    ProcessGroup actual = repo.processGroups().process(e.id()).orElseThrow();
    repo.processGroups().recordProcess(e.id(), new ProcessGroup(actual.host(), actual.boot(), actual.leader(),
        actual.startTicks() - 1)); // the pid's earlier holder

    service.start();

    assertThat(repo.get(e.id()).status()).isEqualTo(ABANDONED);
    assertThat(unrelated.isAlive()).isTrue();
    assertThat(repo.processGroups().process(e.id())).isEmpty(); // dealt with: not looked at again
  }

  @Test
  void cancelOfAnAbandonedExecutionKillsTheGroupItLeftRunning() throws Exception {
    service.start();
    Process left = sleeper();
    Execution e = stored("00000000000000000000000e", ABANDONED, left);

    Execution after = service.cancel(e.id());

    assertThat(after.status()).isEqualTo(ABANDONED);
    assertThat(left.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void cancelOfARunningExecutionOfAGoneServerKillsItsGroup() throws Exception {
    Process left = sleeper();
    Execution e = stored("00000000000000000000000f", RUNNING, left);

    // Not started: the execution is not recovered yet, as on a node that has not taken the
    // holder for gone. Nothing here runs it, so the recorded group is what cancel can stop.
    Execution after = service.cancel(e.id());

    assertThat(after.status()).isEqualTo(CANCELING);
    assertThat(left.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void secretsReachTheRunnerInClearButNeitherItsOutputNorTheStoredRowNorAStrangersRerun()
      throws java.io.IOException {
    // Declares "password" secret and a datastore secret's text, as ActionParameters does.
    ParameterResolver secretive = (action, given, event, ctx) -> new ParameterResolver.Resolved(
        given, java.util.Set.of("password"), java.util.Set.of("kv-text-1234"));
    ExecutionRepository keyed = new ExecutionRepository(db,
        dev.squall.engine.datastore.SecretBox.open(keys.resolve("datastore.key")));
    service.close(Duration.ofSeconds(5));
    service = new ExecutionService(keyed, test.lookup(), secretive, test.runners(), bus,
        Clock.systemUTC(), 2);
    service.start();

    Execution e = service.submit("test.tell", Map.of("password", "pw-S3cr3t-1"),
        Map.of("user", "alice"));
    Execution done = service.await(e.id(), WAIT);

    assertThat(done.status()).isEqualTo(SUCCEEDED);
    assertThat(test.told).containsExactly("pw-S3cr3t-1");
    assertThat(done.result()).containsEntry("said", "password is ********, kv is ********");
    assertThat(service.output(e.id())).extracting(OutputLine::line)
        .containsExactly("password is ********, kv is ********");
    assertThat(events).filteredOn(ev -> ev instanceof Event.ExecutionOutput)
        .allMatch(ev -> !((Event.ExecutionOutput) ev).line().line().contains("S3cr3t"));
    Execution stored = keyed.get(e.id());
    assertThat(stored.parameters()).containsEntry("password", "pw-S3cr3t-1");
    assertThat(stored.secretParameters()).containsExactly("password");
    // Without the key, the row says nothing of the secret: it reads masked.
    assertThat(repo.get(e.id()).parameters()).containsEntry("password", "********");
    assertThat(repo.get(e.id()).result().toString()).doesNotContain("S3cr3t");

    assertThatThrownBy(() -> service.rerun(e.id(), Map.of(), false))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("password")
        .hasMessageNotContaining("S3cr3t");
    Execution again = service.await(
        service.rerun(e.id(), Map.of("password", "pw-other-2"), false).id(), WAIT);
    assertThat(again.parameters()).containsEntry("password", "pw-other-2");
    Execution byOwner = service.await(service.rerun(e.id(), Map.of(), true).id(), WAIT);
    assertThat(byOwner.parameters()).containsEntry("password", "pw-S3cr3t-1");
  }
}
