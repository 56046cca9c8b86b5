package dev.squall.engine.inquiry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.action.ActionDef;
import dev.squall.core.alias.ApprovalRule;
import dev.squall.core.error.NotFoundException;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.ClusterSettings;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.ParameterResolver;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (an execution service and its approvals each) on one store decide the same pending
 * execution at the same moment: every decision that is recorded counts, none is lost, exactly
 * one completes the approval, and the action runs once. Run against each database by a subclass.
 */
abstract class ApprovalsAcrossNodesContract {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ClusterSettings CLUSTER =
      new ClusterSettings(Duration.ofMinutes(59), Duration.ofHours(1), false);
  /** Races per test: a lost update needs both reads before either write, which one round may miss. */
  private static final int ROUNDS = 12;

  private Database db;
  private EventBus bus;
  private ExecutionService a;
  private ExecutionService b;
  private Approvals onA;
  private Approvals onB;
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final ExecutorService deciders = Executors.newFixedThreadPool(2);

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() {
    db = Database.open(freshStore());
    bus = new EventBus();
    a = node();
    b = node();
    a.start();
    b.start();
    Map<String, List<String>> roles = Map.of("bob", List.of("ops"), "carol", List.of("ops"));
    onA = new Approvals(a, u -> roles.getOrDefault(u, List.of()), Clock.systemUTC());
    onB = new Approvals(b, u -> roles.getOrDefault(u, List.of()), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    deciders.shutdownNow();
    a.close(Duration.ofSeconds(5));
    b.close(Duration.ofSeconds(5));
    bus.close();
    db.close();
  }

  private ExecutionService node() {
    Runner counting = new Runner() {
      @Override
      public String name() {
        return "counting";
      }

      @Override
      public RunnerResult run(RunContext ctx) {
        runs.computeIfAbsent(ctx.executionId(), id -> new AtomicInteger()).incrementAndGet();
        return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of("deployed", true));
      }
    };
    ParameterResolver passThrough = (action, given, event, ctx) ->
        ParameterResolver.Resolved.plain(new LinkedHashMap<>(given));
    return new ExecutionService(new ExecutionRepository(db), this::lookup, passThrough, Map.of("counting", counting),
        bus, Clock.systemUTC(), 4, CLUSTER);
  }

  private ActionDef lookup(String ref) {
    if (ref.equals("ops.deploy")) {
      return new ActionDef("ops", "deploy", "", "counting", "", true, Map.of(), Map.of(), null, null);
    }
    throw new NotFoundException("Action with ref \"" + ref + "\" not found");
  }

  private Execution held(int count) {
    ApprovalRule rule = new ApprovalRule(List.of("role:ops"), count, null, false);
    return a.submitPending("ops.deploy", Map.of("env", "prod"),
        Approvals.pendingContext(Map.of("user", "alice"), rule, "alice"));
  }

  /** bob decides on node A and carol on node B, both let go at the same instant. */
  private List<Approvals.Decision> atOnce(String id, boolean bobApproves, boolean carolApproves) throws Exception {
    CyclicBarrier together = new CyclicBarrier(2);
    Future<Approvals.Decision> bob = deciders.submit(() -> {
      together.await();
      return onA.decide(id, new Responder("bob", "irc:bob"), bobApproves);
    });
    Future<Approvals.Decision> carol = deciders.submit(() -> {
      together.await();
      return onB.decide(id, new Responder("carol", "irc:carol"), carolApproves);
    });
    return List.of(bob.get(), carol.get());
  }

  private static List<Class<?>> kinds(List<Approvals.Decision> decisions) {
    List<Class<?>> out = new ArrayList<>();
    decisions.forEach(d -> out.add(d.getClass()));
    return out;
  }

  @Test
  void twoApproversDecidingAtOnceOnTwoNodesAreBothCountedAndTheActionRunsOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Execution held = held(2);

      List<Approvals.Decision> decided = atOnce(held.id(), true, true);

      // Neither decision is lost: one finds the other's and completes the approval.
      assertThat(kinds(decided)).containsExactlyInAnyOrder(Approvals.Decision.Waiting.class,
          Approvals.Decision.Released.class);
      Execution done = a.await(held.id(), WAIT);
      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(Approvals.decisions(done)).extracting(d -> d.get("user")).containsExactlyInAnyOrder("bob", "carol");
      assertThat(runs.get(held.id())).hasValue(1);
    }
  }

  @Test
  void ofTwoDecisionsAtOnceThatEachWouldDecideAloneExactlyOneIsRecordedAndTheOtherIsRefused() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Execution held = held(1);

      List<Approvals.Decision> decided = atOnce(held.id(), true, false);

      List<Approvals.Decision> recorded = decided.stream().filter(d -> !(d instanceof Approvals.Decision.Refused))
          .toList();
      assertThat(recorded).hasSize(1);
      assertThat(decided).filteredOn(d -> d instanceof Approvals.Decision.Refused).singleElement()
          .extracting(Approvals.Decision::text).asString()
          // the other decision was recorded first: caught before its status moved, or after
          .containsAnyOf("has been decided already", "no longer waits for approval");
      Execution done = a.await(held.id(), WAIT);
      List<Map<String, Object>> decisions = Approvals.decisions(done);
      assertThat(decisions).hasSize(1);
      if (recorded.getFirst() instanceof Approvals.Decision.Released) {
        assertThat(decisions.getFirst()).containsEntry("user", "bob").containsEntry("decision", "approved");
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(runs.get(held.id())).hasValue(1);
      } else {
        assertThat(recorded.getFirst()).isInstanceOf(Approvals.Decision.Denied.class);
        assertThat(decisions.getFirst()).containsEntry("user", "carol").containsEntry("decision", "denied");
        assertThat(done.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(runs).doesNotContainKey(held.id());
      }
    }
  }
}
