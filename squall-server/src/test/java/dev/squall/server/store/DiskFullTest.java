package dev.squall.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.squall.engine.store.SmallDisk;
import dev.squall.server.RunningSquall;
import dev.squall.server.RunningSquall.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk under the embedded store fills up while executions are being submitted through the
 * API: requests get a 503 naming the cause, freeing space brings the same server back, and
 * every execution it answered 201 for is there and runs to its end. Run on a disk that fills by
 * H2's file system ({@link SmallDisk}, everywhere) and on a real 8 MB tmpfs filled by a file
 * (where this process may mount one).
 */
class DiskFullTest {

  @TempDir Path tmp;
  private RunningSquall server;
  private Path mounted;

  /** A disk that can be filled up and freed again. */
  private interface Disk {
    void fill() throws IOException;

    void free() throws IOException;
  }

  @AfterEach
  void stop() throws Exception {
    SmallDisk.freeSpace();
    if (server != null) {
      server.close();
    }
    if (mounted != null) {
      new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void onADiskThatFillsUpRequestsGet503AndFreeingSpaceRestoresServiceLosingNothing()
      throws Exception {
    Path home = tmp.resolve("home");
    Path dbFile = home.resolve("db").resolve("squall");
    Files.createDirectories(dbFile.getParent());
    server = RunningSquall.startIn(home, Map.of("SQUALL_DATABASE_URL", SmallDisk.jdbcUrl(dbFile)));
    fillMidLoadThenFree(new Disk() {
      @Override
      public void fill() throws IOException {
        // the database file may grow by a few kilobytes more
        SmallDisk.limitFilesTo(Files.size(home.resolve("db").resolve("squall.mv.db")) + 16 * 1024);
      }

      @Override
      public void free() {
        SmallDisk.freeSpace();
      }
    });
  }

  @Test
  void onARealTmpfsFilledByAFileRequestsGet503AndDeletingItRestoresServiceLosingNothing()
      throws Exception {
    Path home = mountSmallTmpfs();
    server = RunningSquall.startIn(home, Map.of());
    Path filler = tmp.resolve("mnt").resolve("filler");
    fillMidLoadThenFree(new Disk() {
      @Override
      public void fill() throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
          while (true) {
            out.write(block);
          }
        } catch (IOException full) {
          // No space left on device: what we wanted
        }
      }

      @Override
      public void free() throws IOException {
        Files.delete(filler);
      }
    });
  }

  /** An 8 MB tmpfs holding the home, or the test is skipped saying what is missing. */
  private Path mountSmallTmpfs() throws Exception {
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs",
        mnt.toString()).redirectErrorStream(true).start();
    String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!mount.waitFor(30, TimeUnit.SECONDS) || mount.exitValue() != 0) {
      String missing = "a full real disk needs the right to mount a tmpfs (" + why + "); the"
          + " SmallDisk variant of this test covers the same on every machine";
      if ("1".equals(System.getenv("SQUALL_REQUIRE_ALL"))) {
        fail(missing + " (SQUALL_REQUIRE_ALL=1 forbids skipping)");
      }
      Assumptions.abort(missing);
    }
    mounted = mnt;
    return Files.createDirectory(mnt.resolve("home"));
  }

  private void fillMidLoadThenFree(Disk disk) throws Exception {
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
            if (sent.incrementAndGet() == 60 && filled.compareAndSet(false, true)) {
              disk.fill(); // mid-load
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

    disk.free();
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> server.login("admin", RunningSquall.ADMIN_PASSWORD).status() == 201);

    // Every acknowledged execution is there, and runs to its end now that the store is back.
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
