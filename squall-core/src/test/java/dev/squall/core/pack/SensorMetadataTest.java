package dev.squall.core.pack;

import static dev.squall.core.pack.PackLoaderTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.problem.Problem;
import dev.squall.core.sensor.SensorDef;
import dev.squall.core.trigger.TriggerType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensorMetadataTest {

  private final LoadedPack pack = new PackLoader().load(resource("sensor-packs/sensing"));

  @Test
  void readsSensorsWithTheirPollIntervalAndEnabledFlag() {
    assertThat(pack.sensors()).extracting(SensorDef::ref)
        .containsExactly("sensing.Sleeper", "sensing.Ghost", "sensing.Watcher");
    SensorDef watcher = pack.sensors().get(2);
    assertThat(watcher.uid()).isEqualTo("sensor_type:sensing:Watcher");
    assertThat(watcher.pollInterval()).isEqualTo(15);
    assertThat(watcher.enabled()).isTrue();
    assertThat(watcher.description()).isEqualTo("Polls something");
    assertThat(watcher.entryPointFile()).hasFileName("watcher.py").exists();
    assertThat(pack.sensors().get(0).enabled()).isFalse();
    assertThat(pack.sensors().get(0).pollInterval()).isNull();
  }

  @Test
  void registersTheDeclaredTriggerTypesInTheSensorsPackUnlessOneIsNamed() {
    assertThat(pack.triggerTypes()).extracting(TriggerType::ref)
        .containsExactly("sensing.ghostly", "sensing.changed", "elsewhere.other_pack_event");
    TriggerType changed = pack.triggerTypes().get(1);
    assertThat(changed.description()).isEqualTo("Something changed");
    assertThat(changed.payloadSchema()).containsEntry("type", "object");
    assertThat(changed.parameterised()).isFalse();
    assertThat(pack.triggerTypes().get(2).parameterised()).isTrue();
  }

  @Test
  void reportsBadSensorFilesWithLineAndLeavesThemOut() {
    List<Problem> errors = pack.problems().stream().filter(Problem::isError).toList();

    assertThat(errors).extracting(p -> p.file().getFileName().toString() + ":" + p.line())
        .containsExactlyInAnyOrder("bad_shapes.yaml:3", "bad_shapes.yaml:6");
    assertThat(errors).anySatisfy(p -> assertThat(p.message())
        .contains("poll_interval", "whole number", "the string 'often'"));
    assertThat(errors).anySatisfy(p -> assertThat(p.message())
        .isEqualTo("trigger type #2 needs a \"name\""));
    // the broken sensor and its trigger types are not registered
    assertThat(pack.triggerTypes()).extracting(TriggerType::name).doesNotContain("fine");
    assertThat(pack.sensors()).extracting(SensorDef::name).doesNotContain("Broken");
  }

  @Test
  void aMissingEntryPointIsAWarningTheSensorStillRegisters() {
    assertThat(pack.problems()).filteredOn(p -> p.file().endsWith("missing_file.yaml"))
        .singleElement().satisfies(p -> {
          assertThat(p.isError()).isFalse();
          assertThat(p.line()).isEqualTo(2);
          assertThat(p.message()).startsWith("entry_point \"ghost.py\" does not exist")
              .endsWith("the sensor cannot start");
        });
    assertThat(pack.triggerTypes()).extracting(TriggerType::name).contains("ghostly");
  }

  @Test
  void theCatalogListsSensorsAndTheirTriggerTypes() {
    Catalog catalog = new Catalog();
    catalog.put(pack);

    assertThat(catalog.sensor("sensing.Watcher")).isPresent();
    assertThat(catalog.triggerTypes()).extracting(TriggerType::ref).contains("sensing.changed");
    catalog.remove("sensing");
    assertThat(catalog.sensors()).isEmpty();
    assertThat(catalog.triggerTypes()).isEmpty();
  }
}
