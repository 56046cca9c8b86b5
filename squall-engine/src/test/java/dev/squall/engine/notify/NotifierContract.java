package dev.squall.engine.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.squall.core.template.KeyValueLookup;
import dev.squall.core.template.TemplateEngine;
import dev.squall.engine.alias.SourceContext;
import dev.squall.engine.cluster.Lease;
import dev.squall.engine.cluster.LeaseStore;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.rules.Engine;
import dev.squall.engine.rules.TriggerDispatcher;
import dev.squall.engine.rules.TriggerInstance;
import dev.squall.engine.store.StoreConfig;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The notifier against each database, run by a subclass. */
abstract class NotifierContract {

  private static final NotifierSettings FAST = new NotifierSettings(Duration.ofMillis(50),
      Duration.ofMillis(20), Duration.ofMillis(100), 5, Duration.ofSeconds(30));

  /** on_complete → A, on_failure → B + C, on_success → B. */
  private static final Map<String, Object> SPEC = Map.of(
      "on-complete", Map.of("routes", List.of("A"),
          "message", "{{ action_parameters.who }}'s {{ action_context.user }} run ended",
          "data", Map.of("who", "{{ action_parameters.who }}", "kv", "{{ st2kv.system.team }}")),
      "on_failure", Map.of("routes", List.of("B", "C")),
      "on_success", Map.of("routes", List.of("B"), "message", "{{ action_results.who }} ok"));

  Engine engine;
  final Map<String, Recording> recording = Map.of("A", new Recording("A"),
      "B", new Recording("B"), "C", new Recording("C"));
  private final List<Map<String, Object>> triggers = new CopyOnWriteArrayList<>();
  private final List<Notifier> notifiers = new ArrayList<>();
  private HttpServer server;

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() {
    engine = new Engine(freshStore());
    engine.action("test.notified", "echo", SPEC);
    engine.action("test.notified_fail", "fail", SPEC);
    engine.action("test.notified_block", "block", SPEC);
  }

  @AfterEach
  void close() {
    notifiers.forEach(Notifier::close);
    if (server != null) {
      server.stop(0);
    }
    engine.close();
  }

  Notifier notifier(Map<String, Route> routes) {
    return notifier(routes, FAST);
  }

  private Notifier notifier(Map<String, Route> routes, NotifierSettings settings) {
    KeyValueLookup kv = (scope, key) -> key.equals("team") ? Optional.of("ops") : Optional.empty();
    TriggerDispatcher dispatcher = (type, params, payload) -> {
      triggers.add(Map.of("type", type, "payload", payload));
      return new TriggerInstance("0", type, type, params, payload, Instant.now(), "processed");
    };
    Notifier n = new Notifier(engine.db.dataSource(), engine.executions,
        ref -> engine.actions.get(ref), new TemplateEngine(), kv, routes, dispatcher, engine.bus,
        Clock.systemUTC(), settings);
    notifiers.add(n);
    return n;
  }

  private Notifier startedNotifier() {
    Notifier n = notifier(new HashMap<>(recording));
    n.start();
    return n;
  }

  private List<Delivery> settled(Notifier n, String executionId, int count) {
    await().atMost(Engine.WAIT).until(() -> {
      List<Delivery> d = n.deliveries(executionId);
      return d.size() == count
          && d.stream().allMatch(x -> x.status() != Delivery.Status.PENDING);
    });
    return n.deliveries(executionId);
  }

  @Test
  void aSucceedingExecutionNotifiesOnCompleteAndOnSuccessRoutes() {
    Notifier n = startedNotifier();
    Execution e = engine.executions.submit("test.notified", Map.of("who", "alice"),
        Map.of("user", "bob"));
    assertThat(engine.await(e.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

    List<Delivery> deliveries = settled(n, e.id(), 2);
    assertThat(deliveries).extracting(Delivery::section, Delivery::route, Delivery::status)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("on_complete", "A", Delivery.Status.DELIVERED),
            org.assertj.core.groups.Tuple.tuple("on_success", "B", Delivery.Status.DELIVERED));
    Notification a = recording.get("A").only();
    assertThat(a.message()).isEqualTo("alice's bob run ended");
    assertThat(a.data()).containsEntry("who", "alice").containsEntry("kv", "ops")
        .containsEntry("result", "{\"who\":\"alice\"}");
    assertThat(a.payload()).containsEntry("execution_id", e.id())
        .containsEntry("status", "succeeded").containsEntry("route", "A")
        .containsEntry("channel", "A").containsEntry("runner_ref", "echo");
    assertThat(recording.get("B").only().message()).isEqualTo("alice ok");
    assertThat(recording.get("C").got).isEmpty();

    await().atMost(Engine.WAIT).until(() -> triggers.size() == 3);
    assertThat(triggers).extracting(t -> t.get("type")).containsExactly(
        "core.st2.generic.actiontrigger", "core.st2.generic.notifytrigger",
        "core.st2.generic.notifytrigger");
    assertThat(triggers.getFirst().get("payload")).asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("action_name", "notified").containsEntry("status", "succeeded")
        .containsEntry("parameters", Map.of("who", "alice"));
  }

  @Test
  void aFailingExecutionNotifiesOnCompleteAndBothOnFailureRoutes() {
    Notifier n = startedNotifier();
    Execution e = engine.executions.submit("test.notified_fail", Map.of("who", "carol"),
        Map.of());
    assertThat(engine.await(e.id()).status()).isEqualTo(ExecutionStatus.FAILED);

    assertThat(settled(n, e.id(), 3)).extracting(Delivery::route)
        .containsExactlyInAnyOrder("A", "B", "C");
    assertThat(recording.get("A").only().message()).isEqualTo("carol's  run ended");
    assertThat(recording.get("B").only().message())
        .isEqualTo("Action test.notified_fail failed.");
    assertThat(recording.get("C").only().data())
        .containsEntry("result", "{\"error\":\"boom\"}");
  }

  @Test
  void aCanceledExecutionGetsOnlyOnComplete() {
    Notifier n = startedNotifier();
    Execution e = engine.executions.submit("test.notified_block", Map.of("who", "dan"),
        Map.of());
    await().atMost(Engine.WAIT)
        .until(() -> engine.executions.get(e.id()).status() == ExecutionStatus.RUNNING);
    engine.executions.cancel(e.id());
    assertThat(engine.await(e.id()).status()).isEqualTo(ExecutionStatus.CANCELED);

    assertThat(settled(n, e.id(), 1)).singleElement()
        .extracting(Delivery::route).isEqualTo("A");
    assertThat(recording.get("B").got).isEmpty();
    assertThat(recording.get("C").got).isEmpty();
  }

  @Test
  void theExecutionsChatRouteIsAddedToTheActionsOwnNotifications() {
    List<List<Object>> posted = new CopyOnWriteArrayList<>();
    Map<String, Route> routes = new HashMap<>(recording);
    routes.put("chat", new ChatRoute("chat", engine.executions, new InMemoryChat(posted)));
    Notifier n = notifier(routes);
    n.start();
    Map<String, Object> chatNotify = Map.of("on_complete", Map.of("routes", List.of("chat"),
        "data", Map.of("user", "{{ not rendered }}", "source_channel", "C42",
            "source_context", Map.of("adapter", "slack", "thread_id", "t-1"))));
    Execution e = engine.executions.submit("test.notified", Map.of("who", "eve"),
        Map.of("notify", chatNotify));
    engine.await(e.id());

    assertThat(settled(n, e.id(), 3)).extracting(Delivery::route)
        .containsExactlyInAnyOrder("A", "B", "chat");
    await().atMost(Engine.WAIT).until(() -> posted.size() == 1);
    List<Object> post = posted.getFirst();
    assertThat(post).containsExactly(e.id(), ExecutionStatus.SUCCEEDED,
        new SourceContext("slack", null, null, null, null, false, null));
  }

  @Test
  void aChatResultWaitsForTheNodeHoldingItsAdaptersLeaseAndIsPostedOnceByIt() {
    List<List<Object>> posted = new CopyOnWriteArrayList<>();
    Map<String, Route> routes = new HashMap<>(recording);
    routes.put("chat", new ChatRoute("chat", engine.executions, new InMemoryChat(posted),
        adapter -> Optional.of("chat:" + adapter)));
    Notifier n = notifier(routes);
    LeaseStore leases = new LeaseStore(engine.db.dataSource());
    Instant now = Instant.now();
    Lease other = leases.acquire("chat:irc", "other-node", now, now.plusSeconds(60)).orElseThrow();
    Map<String, Object> chatNotify = Map.of("on_complete", Map.of("routes", List.of("chat"),
        "data", Map.of("source_context", Map.of("adapter", "irc", "room", "#ops"))));
    Execution e = engine.executions.submit("test.notified", Map.of("who", "eve"),
        Map.of("notify", chatNotify));
    engine.await(e.id());

    n.poll();
    n.poll();
    assertThat(n.deliveries(e.id())).filteredOn(d -> d.route().equals("chat")).singleElement()
        .satisfies(d -> assertThat(d.status()).isEqualTo(Delivery.Status.PENDING));
    assertThat(posted).isEmpty(); // another node is connected to irc: it is that node's to post

    leases.release(other); // the failover: this node takes the adapter
    leases.acquire("chat:irc", engine.executions.nodeId(), Instant.now(), Instant.now().plusSeconds(60))
        .orElseThrow();
    n.poll();
    n.poll();
    assertThat(posted).singleElement().satisfies(p -> assertThat(p.getFirst()).isEqualTo(e.id()));
    assertThat(n.deliveries(e.id())).filteredOn(d -> d.route().equals("chat")).singleElement()
        .satisfies(d -> assertThat(d.status()).isEqualTo(Delivery.Status.DELIVERED));
  }

  @Test
  void aWebChatResultWaitsForTheNodeItsUserIsConnectedToWhileThatNodeLives() {
    List<List<Object>> posted = new CopyOnWriteArrayList<>();
    Map<String, Route> routes = new HashMap<>(recording);
    routes.put("chat", new ChatRoute("chat", engine.executions, new InMemoryChat(posted), adapter -> Optional.empty()));
    Notifier n = notifier(routes);
    LeaseStore leases = new LeaseStore(engine.db.dataSource());
    Lease other = leases.acquire("node:other-node", "other-node", Instant.now(), Instant.now().plusSeconds(60))
        .orElseThrow();
    Map<String, Object> chatNotify = Map.of("on_complete", Map.of("routes", List.of("chat"),
        "data", Map.of("source_context", Map.of("adapter", "web", "room", "w-1", "node", "other-node"))));
    Execution e = engine.executions.submit("test.notified", Map.of("who", "eve"),
        Map.of("notify", chatNotify));
    engine.await(e.id());

    n.poll();
    assertThat(posted).isEmpty(); // the user's connection is on other-node: it posts there

    leases.release(other); // other-node is gone, and its user's connection with it
    n.poll();
    assertThat(posted).singleElement().satisfies(p -> assertThat(p.getFirst()).isEqualTo(e.id()));
  }

  @Test
  void aWebhookThatFailsThreeTimesIsDeliveredOnceAndSigned() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<String> accepted = new CopyOnWriteArrayList<>();
    List<String> signatures = new CopyOnWriteArrayList<>();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      int call = calls.incrementAndGet();
      int code = call <= 3 ? 503 : 204;
      if (code == 204) {
        accepted.add(new String(body, StandardCharsets.UTF_8));
        signatures.add(exchange.getRequestHeaders().getFirst("X-Squall-Signature"));
      }
      exchange.sendResponseHeaders(code, -1);
      exchange.close();
    });
    server.start();
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    Map<String, Route> routes = new HashMap<>(recording);
    routes.put("B", new WebhookRoute("B", url, "s3cret", Duration.ofSeconds(5)));
    Notifier n = notifier(routes);
    n.start();

    Execution e = engine.executions.submit("test.notified", Map.of("who", "fay"), Map.of());
    engine.await(e.id());

    Delivery hook = settled(n, e.id(), 2).stream().filter(d -> d.route().equals("B"))
        .findFirst().orElseThrow();
    assertThat(hook.status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(hook.attempts()).isEqualTo(4);
    assertThat(hook.deliveredAt()).isNotNull();
    assertThat(calls).hasValue(4);
    assertThat(accepted).hasSize(1);
    String body = accepted.getFirst();
    assertThat(signatures.getFirst()).isEqualTo(WebhookRoute.signature(
        "s3cret".getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
    Map<?, ?> payload = new ObjectMapper().readValue(body, Map.class);
    assertThat(payload.get("execution_id")).isEqualTo(e.id());
    assertThat(payload.get("route")).isEqualTo("B");
    assertThat(payload.get("message")).isEqualTo("fay ok");
  }

  /** Hands route A's delivery of a finished execution to {@code holder}, leased for an hour. */
  String leasedTo(Notifier n, AtomicInteger failuresLeft, String holder) throws Exception {
    Execution e = engine.executions.submit("test.notified", Map.of("who", "ann"), Map.of());
    engine.await(e.id());
    n.poll(); // A fails once (failuresLeft), B is delivered
    try (var c = engine.db.dataSource().getConnection();
        var ps = c.prepareStatement("UPDATE notify_outbox SET claimed_by = ?, next_attempt_at = ?"
            + " WHERE execution_id = ? AND route = 'A' AND status = 'pending'")) {
      ps.setString(1, holder);
      ps.setObject(2, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusHours(1));
      ps.setString(3, e.id());
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThat(failuresLeft).hasValue(0);
    return e.id();
  }

  Map<String, Route> aFailsOnce(AtomicInteger failuresLeft) {
    Map<String, Route> routes = new HashMap<>(recording);
    routes.put("A", new Route() {
      @Override
      public String name() {
        return "A";
      }

      @Override
      public void deliver(Notification notification) throws Exception {
        if (failuresLeft.getAndUpdate(f -> Math.max(0, f - 1)) > 0) {
          throw new IllegalStateException("down for now");
        }
        recording.get("A").deliver(notification);
      }
    });
    return routes;
  }

  @Test
  void aDeliveryLeasedByAGoneNodeIsTakenOverAtOnce() throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(1);
    Notifier n = notifier(aFailsOnce(failuresLeft));
    String id = leasedTo(n, failuresLeft, "crashed-node-without-a-row");
    n.poll();
    assertThat(n.deliveries(id)).allMatch(d -> d.status() == Delivery.Status.DELIVERED);
    assertThat(recording.get("A").got).hasSize(1);
  }

  @Test
  void aDeliverySlowerThanItsLeaseKeepsItAndIsSentOnce() {
    NotifierSettings shortLease = new NotifierSettings(Duration.ofMillis(20), Duration.ofMillis(20),
        Duration.ofMillis(100), 5, Duration.ofMillis(300));
    Map<String, Route> routes = new HashMap<>(recording);
    AtomicInteger calls = new AtomicInteger();
    routes.put("A", new Route() {
      @Override
      public String name() {
        return "A";
      }

      @Override
      public void deliver(Notification notification) throws Exception {
        calls.incrementAndGet();
        Thread.sleep(1_500); // five leases long: only renewal keeps the scans off it
      }
    });
    Notifier n = notifier(routes, shortLease);
    n.start();

    Execution e = engine.executions.submit("test.notified", Map.of("who", "ann"), Map.of());
    engine.await(e.id());

    assertThat(settled(n, e.id(), 2)).allMatch(d -> d.status() == Delivery.Status.DELIVERED);
    assertThat(calls).hasValue(1);
  }

  @Test
  void eachDeliveryIsToldWithItsRouteAndThoseStillWaitingAreCountedPerRoute() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Map<String, Route> routes = new HashMap<>(recording);
    routes.put("B", new Route() {
      @Override
      public String name() {
        return "B";
      }

      @Override
      public void deliver(Notification notification) throws Exception {
        release.await();
      }
    });
    Notifier n = notifier(routes);
    List<String> told = new CopyOnWriteArrayList<>();
    n.onDelivered((route, sinceCreated) -> told.add(route + (sinceCreated.isNegative() ? " negative" : "")));
    n.start();

    Execution e = engine.executions.submit("test.notified", Map.of("who", "erin"), Map.of());
    engine.await(e.id());
    await().atMost(Engine.WAIT).until(() -> told.contains("A"));
    await().atMost(Engine.WAIT).until(() -> n.pendingByRoute().equals(Map.of("B", 1L)));
    assertThat(n.pendingDeliveries()).isEqualTo(1);

    release.countDown();
    await().atMost(Engine.WAIT).until(() -> told.contains("B") && n.pendingByRoute().isEmpty());
    assertThat(told).containsOnly("A", "B");
  }

  @Test
  void aDeliveryThatKeepsFailingEndsFailedWithTheLastError() {
    Map<String, Route> routes = new HashMap<>(recording);
    AtomicInteger tries = new AtomicInteger();
    routes.put("B", new Route() {
      @Override
      public String name() {
        return "B";
      }

      @Override
      public void deliver(Notification notification) {
        throw new IllegalStateException("connection refused #" + tries.incrementAndGet());
      }
    });
    routes.remove("C");
    Notifier n = notifier(routes);
    n.start();

    Execution e = engine.executions.submit("test.notified_fail", Map.of(), Map.of());
    engine.await(e.id());

    List<Delivery> d = settled(n, e.id(), 3);
    Delivery b = d.stream().filter(x -> x.route().equals("B")).findFirst().orElseThrow();
    assertThat(b.status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(b.attempts()).isEqualTo(5);
    assertThat(b.lastError()).isEqualTo("connection refused #5");
    Delivery c = d.stream().filter(x -> x.route().equals("C")).findFirst().orElseThrow();
    assertThat(c.status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(c.lastError()).contains("no route named \"C\"").contains("A, B");
    assertThat(d.stream().filter(x -> x.route().equals("A")).findFirst().orElseThrow().status())
        .isEqualTo(Delivery.Status.DELIVERED);
  }

  @Test
  void executionsThatEndedWhileNoNotifierRanAreNotifiedOnStart() {
    Notifier first = notifier(new HashMap<>(recording));
    first.start();
    first.close(); // the notifier is gone when the execution completes
    Execution e = engine.executions.submit("test.notified", Map.of("who", "gus"), Map.of());
    assertThat(engine.await(e.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(first.deliveries(e.id())).isEmpty();

    Notifier second = startedNotifier();
    assertThat(settled(second, e.id(), 2)).allMatch(
        d -> d.status() == Delivery.Status.DELIVERED);
    second.poll(); // a re-scan writes and delivers nothing twice
    assertThat(second.deliveries(e.id())).hasSize(2);
    assertThat(recording.get("A").got).hasSize(1);
    assertThat(recording.get("B").got).hasSize(1);
  }

  @Test
  void anExecutionWithoutNotifyHasNoDeliveriesButStillEmitsTheActionTrigger() {
    Notifier n = notifier(new HashMap<>(recording));
    Execution e = engine.executions.submit("core.noop", Map.of(), Map.of());
    engine.await(e.id());
    n.poll();
    assertThat(n.deliveries(e.id())).isEmpty();
    assertThat(triggers).singleElement().satisfies(t ->
        assertThat(t.get("type")).isEqualTo("core.st2.generic.actiontrigger"));
  }

  /** Records what it is given. */
  static final class Recording implements Route {
    final String name;
    final List<Notification> got = new CopyOnWriteArrayList<>();

    Recording(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void deliver(Notification notification) {
      got.add(notification);
    }

    Notification only() {
      await().atMost(Engine.WAIT).until(() -> !got.isEmpty());
      assertThat(got).hasSize(1);
      return got.getFirst();
    }
  }

  /** The seed's example: on_complete → email, on_failure → chat + email + webhook, on_success → chat + email. */
  private static final Map<String, Object> SEED = Map.of(
      "on_complete", Map.of("routes", List.of("email"), "message", "{{ action_parameters.who }}: run ended"),
      "on_failure", Map.of("routes", List.of("chat", "email", "webhook"), "message", "{{ action_parameters.who }}: FAILED"),
      "on_success", Map.of("routes", List.of("chat", "email"), "message", "{{ action_parameters.who }}: all good"));

  @Test
  void theSeedExampleDeliversByEmailChatAndWebhookWithRenderedMessages() throws Exception {
    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try {
      List<String> hooked = new CopyOnWriteArrayList<>();
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/hook", exchange -> {
        hooked.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
      });
      server.start();
      List<List<Object>> posted = new CopyOnWriteArrayList<>();
      Map<String, Route> routes = Map.of(
          "email", new EmailRoute("email", new EmailRoute.Settings("127.0.0.1", smtp.getSmtp().getPort(), false, false,
              null, null, "squall@example.org", List.of("ops@example.org"), Duration.ofSeconds(10))),
          "chat", new ChatRoute("chat", engine.executions, new InMemoryChat(posted)),
          "webhook", new WebhookRoute("webhook", java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
              "s3cret", Duration.ofSeconds(10)));
      engine.action("test.seed_ok", "echo", SEED);
      engine.action("test.seed_fail", "fail", SEED);
      Notifier n = notifier(routes);
      n.start();
      Map<String, Object> chat = Map.of("source_context", Map.of("adapter", "memory", "room", "#ops"));
      Execution ok = engine.executions.submit("test.seed_ok", Map.of("who", "alice"),
          Map.of("notify", Map.of("on_success", Map.of("routes", List.of("chat"), "data", chat))));
      Execution bad = engine.executions.submit("test.seed_fail", Map.of("who", "bob"), Map.of());
      engine.await(ok.id());
      engine.await(bad.id());

      assertThat(settled(n, ok.id(), 3)).extracting(Delivery::section, Delivery::route, Delivery::status)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("on_complete", "email", Delivery.Status.DELIVERED),
              org.assertj.core.groups.Tuple.tuple("on_success", "chat", Delivery.Status.DELIVERED),
              org.assertj.core.groups.Tuple.tuple("on_success", "email", Delivery.Status.DELIVERED));
      assertThat(settled(n, bad.id(), 4)).extracting(Delivery::section, Delivery::route)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("on_complete", "email"),
              org.assertj.core.groups.Tuple.tuple("on_failure", "chat"),
              org.assertj.core.groups.Tuple.tuple("on_failure", "email"),
              org.assertj.core.groups.Tuple.tuple("on_failure", "webhook"));

      MimeMessage[] mails = smtp.getReceivedMessages();
      assertThat(java.util.Arrays.stream(mails).map(m -> uncheckedSubject(m)).toList())
          .containsExactlyInAnyOrder("alice: run ended", "alice: all good", "bob: run ended", "bob: FAILED");
      assertThat(GreenMailUtil.getBody(mails[0])).contains("execution: ").contains("data:");
      assertThat(posted).singleElement().satisfies(p -> assertThat(p).containsExactly(ok.id(), ExecutionStatus.SUCCEEDED,
          new SourceContext("memory", "#ops", null, null, null, false, null)));
      assertThat(hooked).singleElement().satisfies(body -> assertThat(body)
          .contains("\"message\":\"bob: FAILED\"").contains("\"execution_id\":\"" + bad.id() + "\""));
      // A chat notification needs the room the command came from; the failing run came from no
      // chat, so its chat delivery fails visibly instead of vanishing.
      assertThat(n.deliveries(bad.id())).filteredOn(d -> d.route().equals("chat"))
          .singleElement().satisfies(d -> assertThat(d.lastError()).contains("source_context"));
    } finally {
      smtp.stop();
    }
  }

  private static String uncheckedSubject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
