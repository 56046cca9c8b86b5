package dev.squall.engine.policy;

import static dev.squall.engine.execution.model.ExecutionStatus.CANCELED;
import static dev.squall.engine.execution.model.ExecutionStatus.DELAYED;
import static dev.squall.engine.execution.model.ExecutionStatus.FAILED;
import static dev.squall.engine.execution.model.ExecutionStatus.RUNNING;
import static dev.squall.engine.execution.model.ExecutionStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.core.action.ActionDef;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.PackLoader;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.ClusterSettings;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.ParameterResolver;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Execution policies from a pack's {@code policies/*.yaml}, applied by execution services
 * (nodes) sharing one store; run against each database by a subclass.
 */
abstract class PoliciesContract {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path packs;
  private Database db;
  private ExecutionRepository repo;
  private EventBus bus;
  private final List<ExecutionService> nodes = new ArrayList<>();
  private final AtomicInteger concurrent = new AtomicInteger();
  private final AtomicInteger maxConcurrent = new AtomicInteger();
  private final CountDownLatch gate = new CountDownLatch(1);

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() {
    db = Database.open(freshStore());
    repo = new ExecutionRepository(db);
    bus = new EventBus();
  }

  @AfterEach
  void close() {
    gate.countDown();
    nodes.forEach(n -> n.close(Duration.ofSeconds(5)));
    bus.close();
    db.close();
  }

  @Test
  void twentyExecutionsWithThresholdTwoNeverRunMoreThanTwoAtOnceAcrossTwoNodes() throws Exception {
    Policies policies = policies("limit.yaml", """
        name: limit
        pack: test
        resource_ref: test.slow
        policy_type: action.concurrency
        enabled: true
        parameters:
          threshold: 2
          action: delay
        """);
    ExecutionService a = node(policies);
    ExecutionService b = node(policies);
    List<Execution> submitted = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      submitted.add((i % 2 == 0 ? a : b).submit("test.slow", Map.of("n", i), Map.of()));
    }

    for (Execution e : submitted) {
      assertThat(a.await(e.id(), WAIT).status()).as(e.id()).isEqualTo(SUCCEEDED);
    }
    assertThat(maxConcurrent.get()).isBetween(1, 2);
    long waited = submitted.stream().filter(e -> statuses(a.get(e.id())).contains(DELAYED)).count();
    assertThat(waited).isGreaterThanOrEqualTo(10);
    assertThat(new PolicySlots(db.dataSource()).held("test.limit")).isZero();
  }

  @Test
  void overTheThresholdWithActionCancelIsCanceledNamingThePolicy() throws Exception {
    Policies policies = policies("one.yaml", """
        name: one
        resource_ref: test.gated
        policy_type: action.concurrency
        parameters: {threshold: 1, action: cancel}
        """);
    ExecutionService a = node(policies);
    Execution first = a.submit("test.gated", Map.of(), Map.of());
    await().atMost(WAIT).until(() -> a.get(first.id()).status() == RUNNING);

    Execution second = a.submit("test.gated", Map.of(), Map.of());

    Execution ended = a.await(second.id(), WAIT);
    assertThat(ended.status()).isEqualTo(CANCELED);
    assertThat(String.valueOf(ended.result().get("error"))).contains("test.one", "1 executions of test.gated");
    gate.countDown();
    assertThat(a.await(first.id(), WAIT).status()).isEqualTo(SUCCEEDED);
  }

  @Test
  void concurrencyByAttributeCountsEachValueApart() throws Exception {
    Policies policies = policies("per-host.yaml", """
        name: per_host
        resource_ref: test.gated
        policy_type: action.concurrency.attr
        parameters: {threshold: 1, attributes: [host]}
        """);
    ExecutionService a = node(policies);
    Execution hostA = a.submit("test.gated", Map.of("host", "a"), Map.of());
    await().atMost(WAIT).until(() -> a.get(hostA.id()).status() == RUNNING);
    Execution hostAAgain = a.submit("test.gated", Map.of("host", "a"), Map.of());
    Execution hostB = a.submit("test.gated", Map.of("host", "b"), Map.of());

    await().atMost(WAIT).until(() -> a.get(hostB.id()).status() == RUNNING);
    assertThat(a.get(hostAAgain.id()).status()).isEqualTo(DELAYED);

    gate.countDown();
    assertThat(a.await(hostAAgain.id(), WAIT).status()).isEqualTo(SUCCEEDED);
    assertThat(statuses(a.get(hostAAgain.id()))).containsSubsequence(DELAYED, RUNNING, SUCCEEDED);
  }

  @Test
  void aRetryPolicyRunsAFailingActionAgainItsCountAndLinksTheAttempts() throws Exception {
    Policies policies = policies("again.yaml", """
        name: again
        resource_ref: test.flaky
        policy_type: action.retry
        parameters: {retry_on: failure, max_retry_count: 2, delay: 0}
        """);
    ExecutionService a = node(policies);
    Execution first = a.submit("test.flaky", Map.of("x", 1), Map.of("user", "ann"));

    await().atMost(WAIT).until(() -> attempts(a).size() == 3
        && attempts(a).stream().allMatch(e -> e.status().isTerminal()));
    List<Execution> attempts = attempts(a);
    assertThat(attempts).extracting(Execution::status).containsOnly(FAILED);
    assertThat(attempts.get(0).id()).isEqualTo(first.id());
    for (int i = 1; i < 3; i++) {
      Execution e = attempts.get(i);
      assertThat(e.parameters()).containsEntry("x", 1);
      assertThat(e.context()).containsEntry("user", "ann");
      assertThat(e.context().get("policies")).isEqualTo(Map.of("retry", Map.of(
          "applied_policy", "test.again", "retry_count", i,
          "retried_liveaction_id", attempts.get(i - 1).id())));
    }
  }

  private List<Execution> attempts(ExecutionService a) {
    return a.list(ExecutionQuery.all().withActionRef("test.flaky")).items().stream()
        .sorted(Comparator.comparing(Execution::startTimestamp)).toList();
  }

  private static List<ExecutionStatus> statuses(Execution e) {
    return e.log().stream().map(Execution.StatusChange::status).toList();
  }

  private Policies policies(String file, String yaml) throws IOException {
    Path pack = Files.createDirectories(packs.resolve("test/policies")).getParent();
    Files.writeString(pack.resolve("pack.yaml"), "ref: test\nname: test\nversion: 1.0.0\n");
    Files.writeString(pack.resolve("policies").resolve(file), yaml);
    Catalog catalog = new Catalog();
    catalog.put(new PackLoader().load(pack));
    Policies p = new Policies(catalog);
    assertThat(p.all()).hasSize(1);
    return p;
  }

  private ExecutionService node(Policies policies) {
    ExecutionService n = new ExecutionService(repo, PoliciesContract::action,
        (action, given, event, context) -> ParameterResolver.Resolved.plain(given),
        Map.of("slow", runner("slow", this::slow), "gated", runner("gated", this::gated),
            "flaky", runner("flaky", ctx -> new RunnerResult(FAILED, Map.of("error", "flaky")))),
        bus, Clock.systemUTC(), 8, ClusterSettings.defaults(false),
        new PolicyEnforcer(policies, new PolicySlots(db.dataSource())));
    nodes.add(n);
    n.start();
    return n;
  }

  private RunnerResult slow(RunContext ctx) {
    maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
    try {
      Thread.sleep(50); // long enough for the others to try to start meanwhile
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      concurrent.decrementAndGet();
    }
    return new RunnerResult(SUCCEEDED, Map.of());
  }

  private RunnerResult gated(RunContext ctx) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new RunnerResult(SUCCEEDED, Map.of());
  }

  private static ActionDef action(String ref) {
    String name = ref.substring(ref.indexOf('.') + 1);
    if (!ref.startsWith("test.") || !List.of("slow", "gated", "flaky").contains(name)) {
      throw new NotFoundException("Action with ref \"" + ref + "\" not found");
    }
    return new ActionDef("test", name, "", name, "", true, Map.of(), Map.of(), null, null);
  }

  private interface Body {
    RunnerResult run(RunContext ctx);
  }

  private static Runner runner(String name, Body body) {
    return new Runner() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public RunnerResult run(RunContext context) {
        return body.run(context);
      }
    };
  }
}
