package dev.squall.server.metrics;

import dev.squall.chat.AdapterHealth;
import dev.squall.chat.Bot;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.event.Subscription;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.notify.Notifier;
import dev.squall.server.http.Access;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The metrics registry and its {@code /metrics} route: admin only unless {@code metrics.public}.
 * Executions are counted from the event bus as they end (each once, however many updates follow)
 * and as a policy delays them; queue and outbox depths (in all and per route) are read from the
 * store at each scrape, as are the chat adapters' connection state, message counts and rate-limit
 * waits; each delivery's latency is timed as the notifier makes it.
 */
public final class ServerMetrics implements Resource, AutoCloseable {

  /** Statuses of executions waiting to run. */
  private static final List<ExecutionStatus> QUEUED =
      List.of(ExecutionStatus.REQUESTED, ExecutionStatus.SCHEDULED, ExecutionStatus.DELAYED);
  /** Ends remembered so an execution updated again after it ended is not counted twice. */
  private static final int REMEMBERED_ENDS = 10_000;
  private static final String STARTED = "squall.metrics.started";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final boolean open;
  private final Bot bot;
  private final Subscription subscription;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Map<String, Boolean> counted = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_ENDS;
    }
  };
  /** Executions counted as delayed, so one delayed again by its policy counts once. */
  private final Map<String, Boolean> delayed = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_ENDS;
    }
  };
  private final Notifier notifier;
  /** The outbox depth per route at the last scrape; read by the per-route gauges. */
  private volatile Map<String, Long> depthByRoute = Map.of();

  /**
   * @param open whether {@code /metrics} answers without credentials ({@code metrics.public})
   * @param bot the chat bot, or null when there is none
   */
  public ServerMetrics(boolean open, EventBus bus, ExecutionService executions, Notifier notifier, Bot bot) {
    this.open = open;
    this.bot = bot;
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    for (ExecutionStatus status : QUEUED) {
      Gauge.builder("squall.executions.queued", executions, e -> waiting(e, status))
          .description("Executions waiting to run").tag("status", status.wire()).register(registry);
    }
    Gauge.builder("squall.notify.outbox.pending", notifier, Notifier::pendingDeliveries)
        .description("Notifications (chat results, webhooks, mail) waiting to be delivered").register(registry);
    this.notifier = notifier;
    notifier.onDelivered((route, latency) -> Timer.builder("squall.notify.delivery.latency")
        .description("From a notification's creation (its execution ended) to its delivery, by route")
        .tag("route", route).register(registry).record(latency));
    this.subscription = bus.subscribeOrigin(this::onEvent); // this node's own: each node counts its work
  }

  private static double waiting(ExecutionService executions, ExecutionStatus status) {
    return executions.list(new ExecutionQuery(null, status, null, null, null, null, false, 0, 1)).total();
  }

  private void onEvent(Event event) {
    if (event instanceof Event.ExecutionUpdated(Execution e) && e.status() == ExecutionStatus.DELAYED
        && firstDelay(e.id())) {
      Counter.builder("squall.executions.delayed")
          .description("Executions a policy delayed (concurrency), by action; each counted once")
          .tag("action", e.actionRef()).register(registry).increment();
    }
    if (event instanceof Event.ExecutionUpdated(Execution e) && e.status().isTerminal() && firstEnd(e.id())) {
      String runner = e.runnerType() == null ? "" : e.runnerType();
      Counter.builder("squall.executions").description("Executions that ended, by action, runner and status")
          .tags("action", e.actionRef(), "runner", runner, "status", e.status().wire())
          .register(registry).increment();
      if (e.startTimestamp() != null && e.endTimestamp() != null) {
        Timer.builder("squall.execution.duration").description("How long executions took, request to end")
            .tags("action", e.actionRef(), "runner", runner, "status", e.status().wire())
            .register(registry).record(Duration.between(e.startTimestamp(), e.endTimestamp()));
      }
    }
  }

  private synchronized boolean firstEnd(String id) {
    return counted.put(id, Boolean.TRUE) == null;
  }

  private synchronized boolean firstDelay(String id) {
    return delayed.put(id, Boolean.TRUE) == null;
  }

  @Override
  public void register(Routes routes) {
    routes.raw().before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
    routes.raw().after(this::recordRequest);
    routes.exact("GET", "/metrics", open ? Access.PUBLIC : Access.ADMIN, ctx -> {
      bindAdapters();
      bindRoutes();
      ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    });
  }

  private void recordRequest(Context ctx) {
    Long started = ctx.attribute(STARTED);
    if (started == null) {
      return;
    }
    Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
    // The route's template, not the path: one series per route, whatever the ids in it.
    String route = endpoint == null ? "unmatched" : endpoint.path;
    Timer.builder("http.server.requests").description("HTTP requests, by method, route and status")
        .tags("method", ctx.method().name(), "route", route, "status", String.valueOf(ctx.statusCode()))
        .register(registry).record(Duration.ofNanos(System.nanoTime() - started));
  }

  /** Meters for adapters (registering an existing one is a no-op), so a late adapter shows too. */
  private void bindAdapters() {
    if (bot == null) {
      return;
    }
    for (AdapterHealth h : bot.health()) {
      String name = h.name();
      Gauge.builder("squall.chat.connected", bot, b -> connected(b, name))
          .description("1 while the chat adapter is connected").tag("adapter", name).register(registry);
      FunctionCounter.builder("squall.chat.messages", bot, b -> b.traffic().in(name))
          .description("Chat messages received and sent").tags("adapter", name, "direction", "in")
          .register(registry);
      FunctionCounter.builder("squall.chat.messages", bot, b -> b.traffic().out(name))
          .description("Chat messages received and sent").tags("adapter", name, "direction", "out")
          .register(registry);
      FunctionTimer.builder("squall.chat.rate.limit.wait", bot, b -> b.traffic().rateLimitWaits(name),
              b -> b.traffic().rateLimitWaitedSeconds(name), TimeUnit.SECONDS)
          .description("Waits for the platform's rate limit before sending (count and time)")
          .tag("adapter", name).register(registry);
    }
  }

  /**
   * Reads the outbox depth per route once per scrape, and gives each route seen its gauge (a
   * route whose deliveries all went out reads 0).
   */
  private void bindRoutes() {
    Map<String, Long> now = notifier.pendingByRoute();
    depthByRoute = now;
    for (String route : now.keySet()) {
      Gauge.builder("squall.notify.outbox.depth", this, m -> m.depthByRoute.getOrDefault(route, 0L))
          .description("Notifications waiting to be delivered, by route").tag("route", route).register(registry);
    }
  }

  private static double connected(Bot bot, String adapter) {
    return bot.health().stream().anyMatch(h -> h.name().equals(adapter) && h.state() == AdapterHealth.State.CONNECTED)
        ? 1 : 0;
  }

  @Override
  public void close() {
    subscription.close();
    gc.close();
    registry.close();
  }
}
