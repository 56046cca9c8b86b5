package dev.squall.engine.packs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.PackLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackWatcherTest {

  @TempDir Path root;

  @Test
  void aChangedActionReloadsItsPackButPythonsBytecodeCacheDoesNot() throws Exception {
    Path pack = Files.createDirectories(root.resolve("hello"));
    Files.writeString(pack.resolve("pack.yaml"), "ref: hello\nname: hello\nversion: 1.0.0\n");
    Path actions = Files.createDirectories(pack.resolve("actions"));
    Files.writeString(actions.resolve("greet.yaml"),
        "name: greet\nrunner_type: local-shell-cmd\nparameters:\n  cmd:\n    default: echo hi\n");
    Catalog catalog = new Catalog();
    catalog.put(new PackLoader().load(pack));
    List<String> reloaded = new CopyOnWriteArrayList<>();

    try (PackWatcher watcher = new PackWatcher(List.of(root), catalog, new PackLoader(), reloaded::add)) {
      // What a Python action's first run leaves beside it: no change to the pack.
      Path cache = Files.createDirectories(actions.resolve("__pycache__"));
      Files.writeString(cache.resolve("greet.cpython-311.pyc"), "bytecode");
      Files.writeString(actions.resolve("greet.cpython-311.pyc"), "bytecode");
      // Then a real edit, after the watcher's quiet period, so the two are told apart.
      Thread.sleep(500);
      Files.writeString(actions.resolve("greet.yaml"),
          "name: greet\nrunner_type: local-shell-cmd\nparameters:\n  cmd:\n    default: echo bye\n");

      await().atMost(Duration.ofSeconds(20)).until(() -> !reloaded.isEmpty());
      Thread.sleep(500);
      assertThat(reloaded).containsExactly("hello");
      assertThat(catalog.action("hello.greet").orElseThrow().parameters().get("cmd").defaultValue())
          .isEqualTo("echo bye");
    }
  }
}
