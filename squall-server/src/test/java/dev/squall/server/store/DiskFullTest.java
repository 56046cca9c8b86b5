package dev.squall.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.engine.store.SmallDisk;
import dev.squall.server.RunningSquall;
import dev.squall.server.RunningSquall.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk under the embedded store fills up while executions are being submitted through the
 * API: requests get a 503 naming the cause, freeing space brings the same server back, and
 * every execution it answered 201 for is there.
 */
class DiskFullTest {

  @TempDir Path home;
  private RunningSquall server;

  @AfterEach
  void stop() {
    SmallDisk.freeSpace();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aFullDiskAnswers503AndFreeingSpaceRestoresServiceWithEveryAcknowledgedExecution()
      throws Exception {
    Files.createDirectories(home.resolve("db"));
    Path dbFile = home.resolve("db").resolve("squall");
    server = RunningSquall.startIn(home, Map.of("SQUALL_DATABASE_URL", SmallDisk.jdbcUrl(dbFile)));
    String token = server.adminToken();

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<Response> refused = new ConcurrentLinkedQueue<>();
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean filled = new AtomicBoolean();
    int clients = 4;
    try (var pool = Executors.newFixedThreadPool(clients)) {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        running.add(pool.submit(() -> {
          int mine = 0;
          while (mine < 3) {
            Response r = server.callWith("X-Auth-Token", token, "POST", "/api/v1/executions",
                "{\"action\": \"core.noop\"}");
            if (r.status() == 201) {
              acknowledged.add(r.json().get("id").asText());
            } else {
              refused.add(r);
              mine++;
            }
            // The disk fills mid-load: the database file may grow by a few kilobytes more.
            if (sent.incrementAndGet() == 60 && filled.compareAndSet(false, true)) {
              SmallDisk.limitFilesTo(Files.size(home.resolve("db").resolve("squall.mv.db")) + 16 * 1024);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    }

    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(50);
    assertThat(refused).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.fault()).startsWith("The store cannot be used right now (No space left on device)");
    });

    // Still full some seconds later: everything, login too, is a clear 503, not a 500.
    Thread.sleep(3_000);
    assertThat(server.login("admin", RunningSquall.ADMIN_PASSWORD).status()).isEqualTo(503);
    Response list = server.callWith("X-Auth-Token", token, "GET", "/api/v1/executions", null);
    assertThat(list.status()).isEqualTo(503);
    assertThat(list.fault()).contains("No space left on device");

    SmallDisk.freeSpace();
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> server.login("admin", RunningSquall.ADMIN_PASSWORD).status() == 201);

    // Every acknowledged execution is there, and runs to its end once the store is back.
    for (String id : acknowledged) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> {
            Response got = server.callWith("X-Auth-Token", token, "GET", "/api/v1/executions/" + id, null);
            assertThat(got.status()).as("acknowledged execution " + id).isEqualTo(200);
            assertThat(got.json().get("status").asText()).as("execution " + id).isEqualTo("succeeded");
          });
    }
    Response created = server.callWith("X-Auth-Token", token, "POST", "/api/v1/executions",
        "{\"action\": \"core.noop\"}");
    assertThat(created.status()).isEqualTo(201);
  }
}
