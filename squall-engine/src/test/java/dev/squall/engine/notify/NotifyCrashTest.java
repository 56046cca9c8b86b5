package dev.squall.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.squall.engine.rules.Engine;
import dev.squall.engine.store.StoreConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Squall killed with kill -9 after an execution completed but before its notification was
 * delivered: the next start delivers it.
 */
class NotifyCrashTest {

  @TempDir Path home;

  @Test
  void aNotificationInFlightWhenTheProcessIsKilledIsDeliveredAfterRestart() throws Exception {
    List<String> delivered = new CopyOnWriteArrayList<>();
    CountDownLatch firstArrived = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext("/hook", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (firstArrived.getCount() > 0) {
        firstArrived.countDown(); // the child's attempt: hold it open until the child is dead
        try {
          never.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
          Thread.currentThread().interrupt();
        }
        exchange.close();
        return;
      }
      delivered.add(body);
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    try {
      String java = ProcessHandle.current().info().command().orElse("java");
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          NotifyCrashChild.class.getName(), home.toString(), hook.toString())
          .redirectErrorStream(true).start();
      String id = null;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith("EXECUTION ")) {
            id = line.substring("EXECUTION ".length());
            break;
          }
        }
        assertThat(id).as("the child started an execution").isNotNull();
        assertThat(firstArrived.await(60, TimeUnit.SECONDS)).as("the child's delivery arrived").isTrue();
      } finally {
        child.destroyForcibly(); // kill -9, with the delivery in flight
        child.waitFor(30, TimeUnit.SECONDS);
      }
      assertThat(delivered).isEmpty();

      try (Engine engine = new Engine(StoreConfig.h2File(home))) {
        Notifier notifier = NotifyCrashChild.notifier(engine, hook);
        notifier.start();
        String executionId = id;
        await().atMost(Duration.ofSeconds(30)).until(() -> notifier.deliveries(executionId).stream()
            .anyMatch(d -> d.status() == Delivery.Status.DELIVERED));
        notifier.close();
      }
      String expected = "\"execution_id\":\"" + id + "\"";
      assertThat(delivered).singleElement().satisfies(body ->
          assertThat(body).contains(expected).contains("watched 7"));
    } finally {
      never.countDown();
      receiver.stop(0);
    }
  }
}
