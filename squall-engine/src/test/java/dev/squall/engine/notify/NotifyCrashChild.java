package dev.squall.engine.notify;

import dev.squall.core.template.KeyValueLookup;
import dev.squall.core.template.TemplateEngine;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.rules.Engine;
import dev.squall.engine.rules.TriggerInstance;
import dev.squall.engine.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link NotifyCrashTest}: opens the H2 store under {@code args[0]}, runs an
 * action whose {@code on_complete} goes to the webhook at {@code args[1]}, prints the execution id,
 * and lets the notifier deliver — the parent kills this JVM while that delivery is in flight.
 */
public final class NotifyCrashChild {

  /**
   * A lease far longer than the test waits: the next start must take the delivery over because
   * this process is gone, not because its lease ran out.
   */
  static final NotifierSettings SETTINGS = new NotifierSettings(Duration.ofMillis(50),
      Duration.ofMillis(50), Duration.ofMillis(200), 20, Duration.ofMinutes(10));

  public static void main(String[] args) throws Exception {
    Engine engine = new Engine(StoreConfig.h2File(Path.of(args[0])));
    engine.action("test.watched", "echo",
        Map.of("on_complete", Map.of("routes", List.of("hook"), "message", "watched {{ action_parameters.n }}")));
    Notifier notifier = notifier(engine, URI.create(args[1]));
    notifier.start();
    Execution e = engine.executions.submit("test.watched", Map.of("n", 7), Map.of());
    System.out.println("EXECUTION " + e.id());
    System.out.flush();
    new java.util.concurrent.CountDownLatch(1).await();
  }

  static Notifier notifier(Engine engine, URI hook) {
    KeyValueLookup kv = KeyValueLookup.none();
    return new Notifier(engine.db.dataSource(), engine.executions, ref -> engine.actions.get(ref),
        new TemplateEngine(), kv, Map.of("hook", new WebhookRoute("hook", hook, "k", Duration.ofSeconds(60))),
        (type, params, payload) -> new TriggerInstance("0", type, type, params, payload, Instant.now(), "processed"),
        engine.bus, Clock.systemUTC(), SETTINGS);
  }
}
