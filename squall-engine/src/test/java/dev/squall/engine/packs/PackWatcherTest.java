package dev.squall.engine.packs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.PackLoader;
import java.io.IOException;
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
    Path hello = pack("hello", "echo hi");
    Path other = pack("other", "echo other");
    Catalog catalog = new Catalog();
    catalog.put(new PackLoader().load(hello));
    catalog.put(new PackLoader().load(other));
    List<String> reloaded = new CopyOnWriteArrayList<>();

    try (PackWatcher watcher = new PackWatcher(List.of(root), catalog, new PackLoader(), reloaded::add)) {
      // What a Python action's first run leaves beside it: no change to the pack.
      Path cache = Files.createDirectories(hello.resolve("actions/__pycache__"));
      Files.writeString(cache.resolve("greet.cpython-311.pyc"), "bytecode");
      Files.writeString(hello.resolve("actions/greet.cpython-311.pyc"), "bytecode");
      // A real edit of another pack after it: the watcher reports changes in the order they
      // happened, so had the cache counted, hello would be reloaded by the time other is.
      action(other, "echo other, changed");
      await().atMost(Duration.ofSeconds(20)).until(() -> reloaded.contains("other"));
      assertThat(reloaded).containsExactly("other");

      action(hello, "echo bye");

      await().atMost(Duration.ofSeconds(20)).until(() -> reloaded.contains("hello"));
      assertThat(catalog.action("hello.greet").orElseThrow().parameters().get("cmd").defaultValue())
          .isEqualTo("echo bye");
    }
  }

  @Test
  void aDeletedPackFolderRemovesThePack() throws Exception {
    Path gone = pack("gone", "echo hi");
    Path stays = pack("stays", "echo hi");
    Catalog catalog = new Catalog();
    catalog.put(new PackLoader().load(gone));
    catalog.put(new PackLoader().load(stays));
    List<String> changed = new CopyOnWriteArrayList<>();

    try (PackWatcher watcher = new PackWatcher(List.of(root), catalog, new PackLoader(), changed::add)) {
      try (var files = Files.walk(gone)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }

      await().atMost(Duration.ofSeconds(20)).until(() -> changed.contains("gone"));
      assertThat(catalog.pack("gone")).isEmpty();
      assertThat(catalog.action("gone.greet")).isEmpty();
      assertThat(catalog.pack("stays")).isPresent();
    }
  }

  @Test
  void aPackFolderOfThePathCreatedAfterStartIsWatchedToo() throws Exception {
    Path later = root.resolve("created-later");
    Catalog catalog = new Catalog();
    List<String> reloaded = new CopyOnWriteArrayList<>();

    try (PackWatcher watcher = new PackWatcher(List.of(later), catalog, new PackLoader(), reloaded::add)) {
      Path pack = Files.createDirectories(later.resolve("late/actions")).getParent();
      Files.writeString(pack.resolve("pack.yaml"), "ref: late\nname: late\nversion: 1.0.0\n");
      action(pack, "echo first");
      await().atMost(Duration.ofSeconds(20)).until(() -> catalog.action("late.greet").isPresent());

      action(pack, "echo second");

      await().atMost(Duration.ofSeconds(20)).until(() -> "echo second".equals(
          catalog.action("late.greet").orElseThrow().parameters().get("cmd").defaultValue()));
      assertThat(reloaded).contains("late");
    }
  }

  private Path pack(String name, String cmd) throws IOException {
    Path pack = Files.createDirectories(root.resolve(name).resolve("actions")).getParent();
    Files.writeString(pack.resolve("pack.yaml"), "ref: " + name + "\nname: " + name + "\nversion: 1.0.0\n");
    action(pack, cmd);
    return pack;
  }

  private static void action(Path pack, String cmd) throws IOException {
    Files.writeString(pack.resolve("actions/greet.yaml"),
        "name: greet\nrunner_type: local-shell-cmd\nparameters:\n  cmd:\n    default: " + cmd + "\n");
  }
}
