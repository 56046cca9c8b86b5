package dev.squall.core.pack;

import static dev.squall.core.pack.PackLoaderTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.action.ActionDef;
import dev.squall.core.error.NotFoundException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTest {

  private final LoadedPack demo = new PackLoader().load(resource("packs/demo"));

  @Test
  void unknownActionSuggestsTheClosestRef() {
    Catalog catalog = new Catalog();
    catalog.put(demo);

    assertThat(catalog.actionOrClosest("demo.shell").name()).isEqualTo("shell");
    assertThatThrownBy(() -> catalog.actionOrClosest("demo.shel"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Action \"demo.shel\" not found. Did you mean \"demo.shell\"?");
    assertThatThrownBy(() -> catalog.actionOrClosest("zzz.qqqqqqq"))
        .hasMessage("Action \"zzz.qqqqqqq\" not found.");
  }

  @Test
  void runningAnActionWhoseFileHadErrorsSaysWhyItDidNotLoad(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path pack = java.nio.file.Files.createDirectories(dir.resolve("flows/actions/workflows"));
    java.nio.file.Files.writeString(dir.resolve("flows/pack.yaml"), "ref: flows\nname: flows\nversion: 1.0.0\n");
    java.nio.file.Files.writeString(pack.resolve("../deploy.yaml"),
        "name: deploy\nrunner_type: orquesta\nentry_point: workflows/deploy.yaml\n");
    java.nio.file.Files.writeString(pack.resolve("deploy.yaml"),
        "version: 1.0\ntasks:\n  build:\n    action: core.noop\n    next:\n      - do: ship\n");
    Catalog catalog = new Catalog();
    catalog.put(new PackLoader().load(dir.resolve("flows")));

    assertThat(catalog.action("flows.deploy")).isEmpty();
    assertThatThrownBy(() -> catalog.actionOrClosest("flows.deploy"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Action \"flows.deploy\" did not load, for its errors: " + pack.resolve("deploy.yaml")
            + ":6: workflow semantics error: The task \"ship\" is not defined. Fix the file: the pack"
            + " reloads when it changes.");
  }

  @Test
  void readersNeverSeeHalfOfAReplacedPack() throws Exception {
    Catalog catalog = new Catalog();
    LoadedPack full = demo;
    LoadedPack small = new LoadedPack(demo.pack(), demo.actions().subList(0, 1), List.of(),
        Map.of(), List.of());
    catalog.put(full);
    int fullActions = full.actions().size();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      var writer = pool.submit(() -> {
        for (int i = 0; i < 2_000; i++) {
          catalog.put(i % 2 == 0 ? small : full);
        }
      });
      var reader = pool.submit(() -> {
        for (int i = 0; i < 2_000; i++) {
          int actions = catalog.actions().size();
          int aliases = catalog.aliases().size();
          // a snapshot is whole: either the small version or the full one
          assertThat(actions).isIn(1, fullActions);
          assertThat(catalog.pack("demo")).isPresent();
          assertThat(aliases).isIn(0, full.aliases().size());
        }
      });
      writer.get();
      reader.get();
    }
  }

  @Test
  void replacingAPackReplacesAllItsContent() {
    Catalog catalog = new Catalog();
    catalog.put(demo);
    assertThat(catalog.aliases()).hasSize(2);

    ActionDef only = demo.actions().get(0);
    catalog.put(new LoadedPack(demo.pack(), List.of(only), List.of(), Map.of(), List.of()));

    assertThat(catalog.actions()).containsExactly(only);
    assertThat(catalog.aliases()).isEmpty();
    assertThat(catalog.remove("demo")).isTrue();
    assertThat(catalog.packs()).isEmpty();
    assertThat(catalog.runnerType("local-shell-cmd")).isPresent();
  }
}
