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
