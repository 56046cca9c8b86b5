package dev.squall.engine.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.action.ActionDef;
import dev.squall.core.action.ParameterSchema;
import dev.squall.core.action.Runners;
import dev.squall.core.error.UnavailableException;
import dev.squall.core.template.KeyValueLookup;
import dev.squall.core.template.KeyValueScope;
import dev.squall.core.template.TemplateEngine;
import dev.squall.core.trigger.SystemTriggerTypes;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.event.Subscription;
import dev.squall.engine.execution.ActionLookup;
import dev.squall.engine.execution.ClusterSettings;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionView;
import dev.squall.engine.rules.TriggerDispatcher;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * StackStorm's notifier with a durable outbox. When an execution ends, its notify spec (the
 * action's merged with the execution context's {@code notify}) becomes one stored delivery per
 * (section, route), written in the same transaction that marks the execution handled; then each
 * delivery is tried until it arrives (at least once), with exponential backoff, and marked
 * {@code failed} with the last error after the last attempt. Every finished execution also emits
 * {@code core.st2.generic.actiontrigger}, and every notification a
 * {@code core.st2.generic.notifytrigger}, into the rules engine.
 *
 * <p>The store is the source of truth: bus events only wake the loop early, and a scan every
 * {@link NotifierSettings#scanInterval()} finds what events missed, including executions that
 * ended while no notifier ran (the crash window between completion and the outbox write).
 * Several nodes may share one store: the outbox rows are claimed with a lease, renewed while the
 * delivery is in flight and taken over at once when the holding node is gone.
 */
public final class Notifier implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Notifier.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 200;

  private final Outbox outbox;
  private final ExecutionService executions;
  private final ActionLookup actions;
  private final TemplateEngine templates;
  private final KeyValueLookup keyValues;
  private final Map<String, Route> routes;
  private final TriggerDispatcher triggers;
  private final EventBus bus;
  private final Clock clock;
  private final NotifierSettings settings;
  private final List<DeliveryListener> deliveryListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Semaphore wake = new Semaphore(0);
  private final Object lifecycle = new Object();
  private final ExecutorService deliveries =
      Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closed;
  private Thread loop;
  private Subscription subscription;

  /**
   * @param db the store's data source ({@code Database.dataSource()})
   * @param actions for each action's own {@code notify} and its secret parameters
   * @param keyValues answers {@code st2kv.*} in notify messages and data
   * @param routes by name; a spec naming a route missing here ends {@code failed}, saying so
   * @param triggers receives the actiontrigger and notifytrigger instances (the rules engine)
   */
  public Notifier(DataSource db, ExecutionService executions, ActionLookup actions,
      TemplateEngine templates, KeyValueLookup keyValues, Map<String, Route> routes,
      TriggerDispatcher triggers, EventBus bus, Clock clock, NotifierSettings settings) {
    this.outbox = new Outbox(db);
    this.executions = executions;
    this.actions = actions;
    this.templates = templates;
    this.keyValues = keyValues;
    this.routes = Map.copyOf(routes);
    this.triggers = triggers;
    this.bus = bus;
    this.clock = clock;
    this.settings = settings;
  }

  /** Starts the loop (catching up on what ended while none ran). Idempotent. */
  public void start() {
    synchronized (lifecycle) {
      if (loop != null || closed) {
        return;
      }
      subscription = bus.subscribe(event -> {
        if (event instanceof Event.ExecutionUpdated u && u.execution().status().isTerminal()) {
          wake.release();
        }
      });
      loop = Thread.ofVirtual().name("squall-notifier").start(this::run);
    }
  }

  /** How many deliveries are waiting to be made, on every route (the outbox depth). */
  public long pendingDeliveries() {
    return outbox.pending();
  }

  /** How many deliveries are waiting to be made, by route name (routes with none are absent). */
  public Map<String, Long> pendingByRoute() {
    return outbox.pendingByRoute();
  }

  /** Told of each delivery made: its route and how long it took from the notification's creation. */
  @FunctionalInterface
  public interface DeliveryListener {
    void delivered(String route, java.time.Duration sinceCreated);
  }

  /** Adds a listener of deliveries (the metrics); it must return quickly and not throw. */
  public void onDelivered(DeliveryListener listener) {
    deliveryListeners.add(listener);
  }

  /** The deliveries of one execution, oldest first (empty while it runs or has no notify). */
  public List<Delivery> deliveries(String executionId) {
    return outbox.forExecution(executionId);
  }

  /**
   * One pass, in the caller's thread: writes the notifications of finished executions not yet
   * handled, then tries every due delivery and waits for those attempts.
   */
  public void poll() {
    List<Runnable> triggers = catchUp();
    deliverDue(true);
    triggers.forEach(Runnable::run);
  }

  /** Stops the loop; deliveries in flight get a moment to finish, the rest stay pending. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      closed = true;
      if (subscription != null) {
        subscription.close();
      }
      wake.release();
    }
    if (loop != null) {
      try {
        loop.join(settings.scanInterval().toMillis() + 5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    deliveries.shutdown();
    try {
      deliveries.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (!closed) {
      try {
        List<Runnable> triggers = catchUp();
        // Deliveries first, so a result reaches its room without waiting for the rules engine.
        deliverDue(false);
        triggers.forEach(Runnable::run);
      } catch (UnavailableException storeDown) {
        // The store logged its outage once; the next pass after it is back catches up.
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "notifier pass failed; retrying", e);
      }
      try {
        wake.tryAcquire(settings.scanInterval().toNanos(), TimeUnit.NANOSECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Records the outbox rows of newly finished executions; returns their trigger emissions. */
  private List<Runnable> catchUp() {
    List<Runnable> triggers = new ArrayList<>();
    List<String> ids;
    do {
      ids = outbox.unprocessed(BATCH);
      List<Outbox.Handled> batch = new ArrayList<>();
      Map<String, Execution> byId = new HashMap<>();
      Map<String, ActionDef> actionsById = new HashMap<>();
      for (String id : ids) {
        if (closed) {
          return triggers;
        }
        Execution e = executions.get(id);
        ActionDef action = action(e);
        byId.put(id, e);
        if (action != null) {
          actionsById.put(id, action);
        }
        List<Notification> ns = notifications(e, action);
        batch.add(new Outbox.Handled(id, ns, ns.stream().map(this::leaseOf).toList()));
      }
      Set<String> recorded = outbox.record(batch, now());
      for (Outbox.Handled h : batch) {
        if (!recorded.contains(h.executionId())) {
          continue;
        }
        Execution e = byId.get(h.executionId());
        Map<String, Object> actionTrigger = actionTrigger(e, actionsById.get(e.id()));
        triggers.add(() -> emit(SystemTriggerTypes.ACTION_TRIGGER.ref(), actionTrigger, e));
        for (Notification n : h.notifications()) {
          triggers.add(() -> emit(SystemTriggerTypes.NOTIFY_TRIGGER.ref(), n.payload(), e));
        }
      }
    } while (ids.size() == BATCH && !closed);
    return triggers;
  }

  /** The lease a node must hold to deliver {@code n} (its route's), null when any node may. */
  private String leaseOf(Notification n) {
    Route route = routes.get(n.route());
    return route == null ? null : route.lease(n).orElse(null);
  }

  private ActionDef action(Execution e) {
    try {
      return actions.lookup(e.actionRef());
    } catch (RuntimeException gone) {
      LOG.log(System.Logger.Level.WARNING, "action " + e.actionRef() + " of execution " + e.id()
          + " is no longer known; only the execution's own notify applies");
      return null;
    }
  }

  private void emit(String type, Map<String, Object> payload, Execution e) {
    try {
      triggers.dispatch(type, Map.of(), payload);
    } catch (UnavailableException storeDown) { // one line: the store logs its outage itself
      LOG.log(System.Logger.Level.ERROR, "could not dispatch " + type + " for execution "
          + e.id() + ": " + storeDown.getMessage());
    } catch (RuntimeException ex) {
      LOG.log(System.Logger.Level.ERROR, "could not dispatch " + type + " for execution "
          + e.id(), ex);
    }
  }

  private List<Notification> notifications(Execution e, ActionDef action) {
    String status = e.status().wire();
    List<NotifySpecs.Entry> entries = NotifySpecs.entries(
        action == null ? Map.of() : action.notifySpec(), e.context().get("notify"), status);
    if (entries.isEmpty()) {
      return List.of();
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("action_parameters", e.parameters());
    vars.put("action_context", e.context());
    vars.put("action_results", e.resultValue());
    vars.put("st2kv", KeyValueScope.of(keyValues));
    String result = json(e.resultValue());
    Instant end = e.endTimestamp() != null ? e.endTimestamp() : now();
    List<Notification> out = new ArrayList<>();
    for (NotifySpecs.Entry entry : entries) {
      String message = entry.message() != null ? entry.message()
          : "Action " + e.actionRef() + " " + NotifySpecs.suffix(entry.section());
      message = render(message, vars, e, "message");
      Map<String, Object> data = entry.data();
      if (entry.renderData()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> rendered = (Map<String, Object>) renderValue(data, vars, e);
        data = rendered;
      }
      data = new LinkedHashMap<>(data);
      data.put("result", result);
      out.add(new Notification(e.id(), e.actionRef(), e.runnerType(), status, e.startTimestamp(),
          end, entry.section(), entry.route(), message, data));
    }
    return out;
  }

  private String render(String template, Map<String, Object> vars, Execution e, String what) {
    try {
      return templates.renderKnownNames(template, vars);
    } catch (RuntimeException ex) {
      LOG.log(System.Logger.Level.WARNING, "notify " + what + " of execution " + e.id()
          + " did not render (" + ex.getMessage() + "); sent as written");
      return template;
    }
  }

  private Object renderValue(Map<String, Object> data, Map<String, Object> vars, Execution e) {
    try {
      return templates.renderValueKnownNames(data, vars);
    } catch (RuntimeException ex) {
      LOG.log(System.Logger.Level.WARNING, "notify data of execution " + e.id()
          + " did not render (" + ex.getMessage() + "); sent as written");
      return data;
    }
  }

  private static Map<String, Object> actionTrigger(Execution e, ActionDef action) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("execution_id", e.id());
    p.put("status", e.status().wire());
    p.put("start_timestamp", e.startTimestamp().toString());
    p.put("action_name", action != null ? action.name()
        : e.actionRef().substring(e.actionRef().indexOf('.') + 1));
    p.put("action_ref", e.actionRef());
    p.put("runner_ref", e.runnerType());
    p.put("parameters", masked(e, action));
    p.put("result", e.resultValue());
    return p;
  }

  private static Map<String, Object> masked(Execution e, ActionDef action) {
    if (action == null) {
      // No schema to mask by: only what the execution itself records as secret is known.
      Map<String, Object> out = new LinkedHashMap<>(e.parameters());
      e.secretParameters().forEach(n -> out.computeIfPresent(n, (k, v) -> ParameterSchema.MASK));
      return out;
    }
    return ExecutionView.masked(e, Runners.find(action.runnerType())
        .map(r -> ParameterSchema.of(r, action))
        .orElseGet(() -> ParameterSchema.of(action.parameters())));
  }

  private void deliverDue(boolean wait) {
    Instant now = now();
    List<Future<?>> started = new ArrayList<>();
    String self = executions.nodeId();
    ClusterSettings cluster = executions.cluster();
    Instant aliveSince = cluster.exclusiveStore() ? null : now.minus(cluster.nodeTimeout());
    // A leased delivery (a chat adapter's) only while this node holds the lease a while longer.
    Instant leasedUntil = now.plus(cluster.heartbeat());
    for (Delivery d : outbox.due(now, self, aliveSince, leasedUntil, BATCH)) {
      if (closed && !wait) {
        break;
      }
      if (outbox.claim(d, now, now.plus(settings.lease()), self, aliveSince, leasedUntil)) {
        started.add(deliveries.submit(() -> {
          try (Renewal ignored = renewing(d, self)) {
            attempt(d);
          }
        }));
      }
    }
    if (wait) {
      for (Future<?> f : started) {
        try {
          f.get();
        } catch (Exception ex) {
          LOG.log(System.Logger.Level.ERROR, "delivery attempt failed unexpectedly", ex);
        }
      }
    }
  }

  /** Ends the renewal of a lease. */
  private interface Renewal extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Renews this node's lease on {@code d} every third of the lease while it is delivered, so a
   * slow delivery is never taken for abandoned and sent twice. A latch, not an interrupt, stops
   * it: an interrupt during an H2 write closes the store's file.
   */
  private Renewal renewing(Delivery d, String self) {
    CountDownLatch done = new CountDownLatch(1);
    long every = Math.max(1, settings.lease().toNanos() / 3);
    Thread.ofVirtual().name("squall-notify-lease").start(() -> {
      try {
        while (!done.await(every, TimeUnit.NANOSECONDS)) {
          try {
            if (!outbox.renew(d, self, now().plus(settings.lease()))) {
              return; // delivered or failed meanwhile, or taken over: nothing left to hold
            }
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not renew the lease on a notification of"
                + " execution " + d.executionId() + "; retrying", e);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return done::countDown;
  }

  private void attempt(Delivery d) {
    Route route = routes.get(d.route());
    if (route == null) {
      String error = "no route named \"" + d.route() + "\" is configured (configured: "
          + String.join(", ", new TreeSet<>(routes.keySet())) + ")";
      LOG.log(System.Logger.Level.ERROR, "notification of execution " + d.executionId()
          + " failed: " + error);
      outbox.attemptFailed(d, error, null);
      return;
    }
    try {
      route.deliver(d.notification());
      Instant at = now();
      outbox.delivered(d, at);
      java.time.Duration latency = d.createdAt() == null ? java.time.Duration.ZERO
          : java.time.Duration.between(d.createdAt(), at);
      deliveryListeners.forEach(l -> l.delivered(d.route(), latency));
    } catch (Exception ex) {
      String error = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
      int attempts = d.attempts() + 1;
      Instant retryAt = attempts >= settings.maxAttempts() ? null
          : now().plus(settings.backoff(attempts));
      LOG.log(System.Logger.Level.WARNING, "notification of execution " + d.executionId()
          + " to route " + d.route() + " failed (attempt " + attempts + " of "
          + settings.maxAttempts() + "): " + error
          + (retryAt == null ? "; giving up" : "; retrying at " + retryAt));
      outbox.attemptFailed(d, error, retryAt);
      if (retryAt != null) {
        wakeAt(retryAt);
      }
    }
  }

  /** Wakes the loop when a retry falls due, if that is sooner than the next scan. */
  private void wakeAt(Instant at) {
    long delay = Math.max(0, at.toEpochMilli() - clock.millis());
    if (delay < settings.scanInterval().toMillis() && !closed) {
      Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          return;
        }
        wake.release();
      });
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
