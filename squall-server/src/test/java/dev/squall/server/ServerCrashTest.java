package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.engine.runner.ProcessGroups;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code squall start} in a child JVM, killed with -9 while a {@code core.local} command runs: the
 * command outlives the server; the next start kills it, so what it would have done never happens.
 */
class ServerCrashTest {

  /** Long enough for a server to start in-process on a loaded machine. */
  private static final Duration SLEEP = Duration.ofSeconds(15);

  @TempDir Path home;
  @TempDir Path work;

  @Test
  void theRestartAfterAKillKillsTheCommandTheDeadServerLeftRunning() throws Exception {
    assumeTrue(ProcessGroups.host().isPresent(), "process groups are recorded where /proc is");
    Path marker = work.resolve("F");
    ChildSquall server = ChildSquall.start(home, Map.of());
    String id;
    long sleeping;
    List<ProcessHandle> command;
    try {
      String body = "{\"action\":\"core.local\",\"parameters\":{\"cmd\":"
          + "\"echo started; sleep " + SLEEP.toSeconds() + "; touch '" + marker + "'\"}}";
      HttpResponse<String> created = server.send("POST", "/api/v1/executions", body);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      id = RunningSquall.JSON.readTree(created.body()).get("id").asText();
      // Output stored means the command's process group is stored too.
      await().atMost(Duration.ofSeconds(30)).until(() -> server.send("GET",
          "/api/v1/executions/" + id + "/output", null).body().contains("started"));
      sleeping = System.nanoTime();
      command = new ArrayList<>(server.descendants());
    } finally {
      server.kill();
    }
    // The kill -9 stopped the server, not the command: it runs on, reparented.
    assertThat(command).isNotEmpty().anyMatch(ProcessHandle::isAlive);

    try (RunningSquall restarted = RunningSquall.startIn(home, Map.of())) {
      JsonNode e = restarted.get("/api/v1/executions/" + id).json();
      assertThat(e.get("status").asText()).isEqualTo("abandoned");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> command.stream().noneMatch(ProcessHandle::isAlive));
      // Until well past the command's sleep: had anything of it survived, F would be there.
      Duration left = SLEEP.plusSeconds(2).minusNanos(System.nanoTime() - sleeping);
      await().during(left.isNegative() ? Duration.ZERO : left).atMost(SLEEP.plusSeconds(10))
          .until(() -> !Files.exists(marker));
    }
  }
}
