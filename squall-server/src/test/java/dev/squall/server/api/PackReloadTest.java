package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.server.RunningSquall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackReloadTest {

  @TempDir Path home;
  @TempDir Path packs;

  @Test
  void anAliasFileAddedWhileRunningMatchesWithoutARestart() throws Exception {
    Path pack = Files.createDirectories(packs.resolve("live").resolve("aliases"));
    Files.writeString(packs.resolve("live/pack.yaml"), "ref: live\nname: live\nversion: 1.0.0\n");
    try (RunningSquall squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH",
        RunningSquall.testPacks() + ":" + packs))) {
      assertThat(squall.post("/api/v1/actionalias/match", Map.of("command", "ping the moon")).status()).isEqualTo(400);
      Files.writeString(pack.resolve("ping.yaml"),
          "name: ping\naction_ref: core.noop\nformats:\n  - \"ping {{target}}\"\n");
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
          .until(() -> squall.post("/api/v1/actionalias/match", Map.of("command", "ping the moon")).status() == 200);
      assertThat(squall.get("/api/v1/actionalias/help?pack=live").body()).contains("ping {{target}}");
    }
  }
}
