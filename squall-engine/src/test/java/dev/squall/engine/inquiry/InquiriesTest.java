package dev.squall.engine.inquiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.squall.core.action.ActionDef;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.ForbiddenException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.orquesta.Expressions;
import dev.squall.core.template.TemplateEngine;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.ParameterResolver;
import dev.squall.engine.execution.TestClock;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.NoopRunner;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import dev.squall.engine.workflow.ActionChainRunner;
import dev.squall.engine.workflow.OrquestaRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * core.ask on H2: waiting pending, answered, refused, expired (after a restart too); a workflow
 * that waits on it; and an approval that survives a restart.
 */
class InquiriesTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  @TempDir Path packDir;
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T10:00:00Z"));
  private Database db;
  private EventBus bus;
  private ExecutionService service;
  private Inquiries inquiries;
  private final Map<String, List<String>> roles = Map.of("bob", List.of("ops"), "carol", List.of());

  @BeforeEach
  void open() throws Exception {
    db = Database.open(StoreConfig.h2File(home));
    bus = new EventBus();
    node();
    Path wf = packDir.resolve("actions/workflows/ask.yaml");
    Files.createDirectories(wf.getParent());
    Files.writeString(wf, """
        version: 1.0
        tasks:
          approve:
            action: core.ask
            input:
              schema:
                type: object
                properties:
                  continue: {type: boolean, required: true}
                  reason: {type: string}
            next:
              - when: <% succeeded() %>
                publish:
                  - answer: <% result().response.continue %>
                do: done
              - when: <% failed() %>
                publish:
                  - answer: expired
                do: done
          done:
            action: core.noop
        output:
          - answer: <% ctx().answer %>
        """);
    Path chain = packDir.resolve("actions/chains/ask.yaml");
    Files.createDirectories(chain.getParent());
    Files.writeString(chain, """
        chain:
          - name: task1
            ref: core.ask
            params:
              schema:
                type: object
                properties:
                  secondfactor: {type: string, required: true}
            publish:
              factor: "{{ task1.response.secondfactor if task1.response is defined else 'none' }}"
            on-success: task2
            on-failure: expired
          - name: task2
            ref: core.noop
            params:
              said: "authenticated with {{ task1.result.response.secondfactor }} ({{ factor }})"
          - name: expired
            ref: core.noop
            params:
              said: "no answer"
        """);
    Files.writeString(chain.resolveSibling("outer.yaml"), """
        chain:
          - name: inner
            ref: wf.chain
            publish:
              factor: "{{ inner.published.factor }}"
            on-success: after
          - name: after
            ref: core.noop
            params:
              said: "outer saw {{ factor }}"
        """);
  }

  /** A node on the store: its execution service and inquiries, started. */
  private void node() {
    ExecutionService[] holder = new ExecutionService[1];
    Map<String, Runner> runners = Map.of("noop", new NoopRunner(), "inquirer", new InquirerRunner(),
        "orquesta", new OrquestaRunner(() -> holder[0], Expressions.standard()),
        "action-chain", new ActionChainRunner(() -> holder[0], new TemplateEngine()));
    ParameterResolver passThrough = (action, given, event, ctx) ->
        ParameterResolver.Resolved.plain(new LinkedHashMap<>(given));
    service = new ExecutionService(new ExecutionRepository(db), this::lookup, passThrough, runners,
        bus, clock, 4);
    holder[0] = service;
    service.start();
    inquiries = new Inquiries(service, u -> roles.getOrDefault(u, List.of()), clock);
  }

  /** The node stops and another starts on the same store (a restart). */
  private void restart() {
    inquiries.close();
    service.close(Duration.ofSeconds(5));
    node();
  }

  @AfterEach
  void close() {
    inquiries.close();
    service.close(Duration.ofSeconds(5));
    bus.close();
    db.close();
  }

  private ActionDef lookup(String ref) {
    return switch (ref) {
      case "core.ask" -> new ActionDef("core", "ask", "", "inquirer", "", true, Map.of(), Map.of(), null, null);
      case "core.noop" -> new ActionDef("core", "noop", "", "noop", "", true, Map.of(), Map.of(), null, null);
      case "ops.guarded" -> new ActionDef("ops", "guarded", "", "noop", "", true, Map.of(), Map.of(), null, null,
          Map.of("squall", Map.of("approval", Map.of("approvers", List.of("carol"), "count", 1))));
      case "wf.ask" -> new ActionDef("wf", "ask", "", "orquesta", "workflows/ask.yaml", true, Map.of(),
          Map.of(), packDir, null);
      case "wf.outer" -> new ActionDef("wf", "outer", "", "action-chain", "chains/outer.yaml", true, Map.of(),
          Map.of(), packDir, null);
      case "wf.chain" -> new ActionDef("wf", "chain", "", "action-chain", "chains/ask.yaml", true, Map.of(),
          Map.of(), packDir, null);
      default -> throw new NotFoundException("Action with ref \"" + ref + "\" not found");
    };
  }

  private Execution pending(String id) {
    return await().atMost(WAIT).until(() -> service.get(id), e -> e.status() == ExecutionStatus.PENDING);
  }

  @Test
  void anAskWaitsPendingAndItsAnswerSucceedsItWithTheResponse() {
    Execution ask = service.submit("core.ask", Map.of("ttl", 60), Map.of("user", "alice"));
    pending(ask.id());
    assertThat(inquiries.list(0)).extracting(Inquiry::id).containsExactly(ask.id());
    assertThat(inquiries.get(ask.id()).toMap()).containsEntry("ttl", 60).containsEntry("route", "")
        .containsKeys("schema", "users", "roles");

    Map<String, Object> recorded = inquiries.respond(ask.id(), Map.of("continue", "true"), Responder.api("bob"));

    assertThat(recorded).isEqualTo(Map.of("continue", true));
    Execution done = service.get(ask.id());
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(done.result()).containsEntry("response", Map.of("continue", true)).containsKey("schema");
    assertThat(inquiries.list(0)).isEmpty();
    assertThatThrownBy(() -> inquiries.respond(ask.id(), Map.of("continue", true), Responder.api("bob")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("already been responded to");
  }

  @Test
  void aResponseThatDoesNotFitTheSchemaIsRefusedNamingTheField() {
    Execution ask = service.submit("core.ask", Map.of("schema", Map.of("type", "object",
        "required", List.of("env"), "properties", Map.of(
            "env", Map.of("type", "string", "enum", List.of("staging", "prod")),
            "replicas", Map.of("type", "integer")))), Map.of());
    pending(ask.id());

    assertThatThrownBy(() -> inquiries.respond(ask.id(), Map.of("replicas", "3"), Responder.api("bob")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("did not pass schema validation")
        .hasMessageContaining("'env' is a required property");
    assertThatThrownBy(() -> inquiries.respond(ask.id(), Map.of("env", "dev", "replicas", "many"),
        Responder.api("bob")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("parameter \"env\"")
        .hasMessageContaining("parameter \"replicas\"");
    assertThat(service.get(ask.id()).status()).isEqualTo(ExecutionStatus.PENDING);

    assertThat(inquiries.respond(ask.id(), Map.of("env", "prod", "replicas", "3"), Responder.api("bob")))
        .isEqualTo(Map.of("env", "prod", "replicas", 3));
  }

  @Test
  void onlyTheListedUsersAndRolesMayAnswer() {
    Execution ask = service.submit("core.ask", Map.of("roles", List.of("ops")), Map.of());
    pending(ask.id());
    assertThatThrownBy(() -> inquiries.respond(ask.id(), Map.of("continue", true), Responder.api("carol")))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("needs one of the roles ops");
    Execution forAlice = service.submit("core.ask", Map.of("users", List.of("alice")), Map.of());
    pending(forAlice.id());
    assertThatThrownBy(() -> inquiries.respond(forAlice.id(), Map.of("continue", true), Responder.api("bob")))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("for alice only");
    assertThat(service.get(ask.id()).status()).isEqualTo(ExecutionStatus.PENDING);

    inquiries.respond(ask.id(), Map.of("continue", true), Responder.api("bob"));
    assertThat(service.get(ask.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void anInquiryPastItsTtlTimesOutItsExecution() {
    Execution ask = service.submit("core.ask", Map.of("ttl", 5), Map.of());
    pending(ask.id());
    clock.advance(Duration.ofMinutes(4));
    assertThat(inquiries.expire()).isZero();
    clock.advance(Duration.ofMinutes(1));

    assertThat(inquiries.expire()).isEqualTo(1);

    assertThat(service.get(ask.id()).status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertThatThrownBy(() -> inquiries.get(ask.id())).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("timed out");
  }

  @Test
  void anInquiryExpiresAfterARestartFromWhatTheStoreHolds() {
    Execution ask = service.submit("core.ask", Map.of("ttl", 5), Map.of());
    pending(ask.id());

    restart();

    assertThat(service.get(ask.id()).status()).isEqualTo(ExecutionStatus.PENDING);
    clock.advance(Duration.ofMinutes(6));
    assertThat(inquiries.expire()).isEqualTo(1);
    assertThat(service.get(ask.id()).status()).isEqualTo(ExecutionStatus.TIMEOUT);
  }

  @Test
  void anApprovalCollectedAcrossARestartRunsTheFrozenParametersOnce() {
    dev.squall.core.alias.ApprovalRule rule = new dev.squall.core.alias.ApprovalRule(
        List.of("role:ops", "carol"), 2, Duration.ofMinutes(10), false);
    Execution held = service.submitPending("core.noop", Map.of("env", "prod"),
        Approvals.pendingContext(Map.of("user", "bob"), rule, "bob"));
    Approvals approvals = new Approvals(service, u -> roles.getOrDefault(u, List.of()), clock);
    assertThat(approvals.decide(held.id(), new Responder("bob", "irc:bob"), true))
        .isInstanceOf(Approvals.Decision.Refused.class).extracting(Approvals.Decision::text).asString()
        .contains("your own request");
    assertThat(approvals.decide(held.id(), new Responder("dave", null), true).text())
        .startsWith("You may not answer this");
    assertThat(approvals.decide(held.id(), new Responder("carol", "irc:carol"), true))
        .isInstanceOf(Approvals.Decision.Waiting.class);

    restart();
    approvals = new Approvals(service, u -> roles.getOrDefault(u, List.of()), clock);
    assertThat(service.get(held.id()).status()).isEqualTo(ExecutionStatus.PENDING);
    Execution hold2 = service.submitPending("core.noop", Map.of(), Approvals.pendingContext(Map.of(), rule, "x"));
    clock.advance(Duration.ofMinutes(11));
    assertThat(approvals.expire(inquiries.pending())).isEqualTo(2);
    assertThat(service.get(hold2.id()).result()).containsEntry("error",
        "Approval expired: 0 of 2 approvals within 600 s.");
    assertThat(service.get(held.id()).status()).isEqualTo(ExecutionStatus.CANCELED);
  }

  @Test
  void anActionThatDeclaresAnApprovalWaitsPendingHoweverItIsStartedUntilApproved() {
    Execution held = service.submit("ops.guarded", Map.of("env", "prod"), Map.of("user", "bob"));
    assertThat(held.status()).isEqualTo(ExecutionStatus.PENDING);
    assertThat(Approvals.ruleOf(service.get(held.id())).orElseThrow().approvers()).containsExactly("carol");
    Approvals approvals = new Approvals(service, u -> roles.getOrDefault(u, List.of()), clock);
    assertThat(approvals.decide(held.id(), new Responder("bob", "irc:bob"), true))
        .isInstanceOf(Approvals.Decision.Refused.class);
    assertThat(service.get(held.id()).status()).isEqualTo(ExecutionStatus.PENDING);

    assertThat(approvals.decide(held.id(), new Responder("carol", "irc:carol"), true))
        .isInstanceOf(Approvals.Decision.Released.class);

    Execution done = service.await(held.id(), WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(done.parameters()).isEqualTo(Map.of("env", "prod"));
  }

  @Test
  void aDeniedApprovalOfAnActionCancelsItsExecution() {
    Execution held = service.submit("ops.guarded", Map.of(), Map.of("user", "bob"));
    Approvals approvals = new Approvals(service, u -> roles.getOrDefault(u, List.of()), clock);

    assertThat(approvals.decide(held.id(), new Responder("carol", "irc:carol"), false))
        .isInstanceOf(Approvals.Decision.Denied.class);

    assertThat(service.get(held.id()).status()).isEqualTo(ExecutionStatus.CANCELED);
  }

  @Test
  void anAliasHeldWithItsOwnApprovalKeepsItOverTheActions() {
    dev.squall.core.alias.ApprovalRule aliasRule = new dev.squall.core.alias.ApprovalRule(
        List.of("dave"), 1, null, false);
    Execution held = service.submitPending("ops.guarded", Map.of(),
        Approvals.pendingContext(Map.of("user", "bob"), aliasRule, "bob"));

    assertThat(Approvals.ruleOf(service.get(held.id())).orElseThrow().approvers()).containsExactly("dave");
  }

  @Test
  void anApprovalThatGetsItsCountRunsThroughTheExecutionService() {
    dev.squall.core.alias.ApprovalRule rule = new dev.squall.core.alias.ApprovalRule(
        List.of("role:ops", "carol"), 2, null, true);
    Execution held = service.submitPending("core.noop", Map.of("env", "prod"),
        Approvals.pendingContext(Map.of("user", "bob"), rule, "bob"));
    Approvals approvals = new Approvals(service, u -> roles.getOrDefault(u, List.of()), clock);
    approvals.decide(held.id(), new Responder("bob", "irc:bob"), true);
    restart();
    approvals = new Approvals(service, u -> roles.getOrDefault(u, List.of()), clock);

    assertThat(approvals.decide(held.id(), new Responder("carol", "irc:carol"), true))
        .isInstanceOf(Approvals.Decision.Released.class);

    Execution done = service.await(held.id(), WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(done.parameters()).isEqualTo(Map.of("env", "prod"));
    assertThat(Approvals.decisions(done)).extracting(d -> d.get("user")).containsExactly("bob", "carol");
    assertThat(approvals.decide(held.id(), new Responder("carol", null), true))
        .isInstanceOf(Approvals.Decision.Refused.class);
  }

  @Test
  void aWorkflowPausesOnItsAskAndTheAnswerResumesItWithTheValuePublished() {
    Execution wf = service.submit("wf.ask", Map.of(), Map.of("user", "alice"));
    await().atMost(WAIT).until(() -> service.get(wf.id()).status() == ExecutionStatus.PAUSED);
    Inquiry inquiry = inquiries.list(0).getFirst();
    assertThat(((Map<?, ?>) inquiry.execution().context().get("parent")).get("execution_id")).isEqualTo(wf.id());

    inquiries.respond(inquiry.id(), Map.of("continue", false), Responder.api("bob"));

    Execution done = service.await(wf.id(), WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(done.result()).containsEntry("output", Map.of("answer", false));
  }

  @Test
  void aWorkflowWhoseAskExpiresGoesOnByItsFailedBranch() {
    Execution wf = service.submit("wf.ask", Map.of(), Map.of());
    await().atMost(WAIT).until(() -> service.get(wf.id()).status() == ExecutionStatus.PAUSED);
    clock.advance(Duration.ofMinutes(1441));

    inquiries.expire();

    Execution done = service.await(wf.id(), WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(done.result()).containsEntry("output", Map.of("answer", "expired"));
  }

  /** The chain's nodes as {@code name:state}, and what its last node was given. */
  @SuppressWarnings("unchecked")
  private static List<String> tasks(Execution chain) {
    return ((List<Map<String, Object>>) chain.result().get("tasks")).stream()
        .map(t -> t.get("name") + ":" + t.get("state")).toList();
  }

  private Object said(Execution chain) {
    return service.list(dev.squall.engine.execution.model.ExecutionQuery.all().withParentId(chain.id())
        .page(0, 0)).items().stream().filter(c -> c.actionRef().equals("core.noop")).findFirst()
        .orElseThrow().parameters().get("said");
  }

  @Test
  void aChainPausesOnItsAskAndTheAnswerResumesItFromThatNodeWithTheResponse() {
    Execution chain = service.submit("wf.chain", Map.of(), Map.of("user", "alice"));
    await().atMost(WAIT).until(() -> service.get(chain.id()).status() == ExecutionStatus.PAUSED);
    Inquiry inquiry = inquiries.list(0).getFirst();
    assertThat(((Map<?, ?>) inquiry.execution().context().get("parent")).get("execution_id")).isEqualTo(chain.id());
    assertThat(service.get(inquiry.id()).status()).isEqualTo(ExecutionStatus.PENDING);

    inquiries.respond(inquiry.id(), Map.of("secondfactor", "1234"), Responder.api("bob"));

    Execution done = service.await(chain.id(), WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(tasks(done)).containsExactly("task1:succeeded", "task2:succeeded");
    assertThat(done.result().get("published")).isEqualTo(Map.of("factor", "1234"));
    assertThat(said(done)).isEqualTo("authenticated with 1234 (1234)");
    assertThat(done.log()).extracting(Execution.StatusChange::status).containsSubsequence(ExecutionStatus.RUNNING,
        ExecutionStatus.PAUSING, ExecutionStatus.PAUSED, ExecutionStatus.RESUMING, ExecutionStatus.RUNNING,
        ExecutionStatus.SUCCEEDED);
  }

  @Test
  void aChainPausedOnItsAskSurvivesARestartAndTheAnswerFinishesIt() {
    Execution chain = service.submit("wf.chain", Map.of(), Map.of("user", "alice"));
    await().atMost(WAIT).until(() -> service.get(chain.id()).status() == ExecutionStatus.PAUSED);
    String ask = inquiries.list(0).getFirst().id();

    restart();

    await().atMost(WAIT).until(() -> service.get(chain.id()).status() == ExecutionStatus.PAUSED);
    inquiries.respond(ask, Map.of("secondfactor", "42"), Responder.api("bob"));
    Execution done = service.await(chain.id(), WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(said(done)).isEqualTo("authenticated with 42 (42)");
  }

  @Test
  void aChainWhoseAskExpiresGoesOnByItsOnFailureNode() {
    Execution chain = service.submit("wf.chain", Map.of(), Map.of());
    await().atMost(WAIT).until(() -> service.get(chain.id()).status() == ExecutionStatus.PAUSED);
    clock.advance(Duration.ofMinutes(1441));

    inquiries.expire();

    Execution done = service.await(chain.id(), WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(tasks(done)).containsExactly("task1:timeout", "expired:succeeded");
    assertThat(done.result().get("published")).isEqualTo(Map.of("factor", "none"));
    assertThat(said(done)).isEqualTo("no answer");
  }

  @Test
  void aChainWhoseChildChainWaitsOnAnAskPausesTooAndGoesOnWhenItIsAnswered() {
    Execution outer = service.submit("wf.outer", Map.of(), Map.of("user", "alice"));
    await().atMost(WAIT).until(() -> service.get(outer.id()).status() == ExecutionStatus.PAUSED);
    Inquiry inquiry = await().atMost(WAIT).until(() -> inquiries.list(0), l -> !l.isEmpty()).getFirst();

    inquiries.respond(inquiry.id(), Map.of("secondfactor", "77"), Responder.api("bob"));

    Execution done = service.await(outer.id(), WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(tasks(done)).containsExactly("inner:succeeded", "after:succeeded");
    assertThat(said(done)).isEqualTo("outer saw 77");
  }
}
