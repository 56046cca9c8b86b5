package dev.squall.core.pack;

import dev.squall.core.sensor.SensorDef;
import dev.squall.core.trigger.TriggerType;
import dev.squall.core.yaml.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one sensor file ({@code sensors/*.yaml}): the class, its entry point (a missing file is a
 * warning, as in a metadata-only copy of a pack),
 * {@code poll_interval}, {@code enabled}, and the trigger types it declares. A file with errors is
 * reported and skipped; its trigger types are not registered.
 */
final class SensorReader {

  private static final Set<String> KNOWN_KEYS = Set.of("class_name", "entry_point", "description",
      "trigger_types", "poll_interval", "enabled", "name", "pack", "ref", "uid", "id",
      "artifact_uri", "metadata_file");

  private final Pack pack;
  private final Problems problems;

  SensorReader(Pack pack, Problems problems) {
    this.pack = pack;
    this.problems = problems;
  }

  Optional<SensorDef> read(Path file) {
    return problems.read(file).flatMap(doc -> {
      int errorsBefore = problems.errorCount();
      try {
        SensorDef sensor = check(doc);
        return problems.errorCount() == errorsBefore ? Optional.ofNullable(sensor) : Optional.empty();
      } catch (RuntimeException e) {
        // a shape no check foresaw must cost this file, never the pack
        problems.error(file, 0, "cannot read sensor metadata: " + e);
        return Optional.empty();
      }
    });
  }

  private SensorDef check(YamlDocument doc) {
    Path file = doc.file();
    if (doc.rootMap() == null) {
      problems.error(file, 1, "sensor metadata must be a mapping of class_name, entry_point,"
          + " trigger_types…, not " + Fields.describe(doc.root()));
      return null;
    }
    Fields.warnUnknownKeys(doc, KNOWN_KEYS, problems);
    Fields f = new Fields(doc, problems);
    String className = f.requiredString("class_name");
    String entryPoint = f.requiredString("entry_point");
    Fields.checkPack(doc, pack, f.optionalString("pack"), problems);
    String description = f.optionalString("description");
    boolean enabled = f.optionalBoolean("enabled", true);
    Integer pollInterval = pollInterval(doc);
    if (entryPoint != null) {
      Path script = pack.dir().resolve("sensors").resolve(entryPoint).normalize();
      if (!script.startsWith(pack.dir().resolve("sensors"))) {
        problems.error(file, doc.lineOf("entry_point"), "entry_point \"" + entryPoint
            + "\" leaves the pack's sensors folder");
      } else if (!Files.isRegularFile(script)) {
        // a warning: the sensor and its trigger types still register, it fails when started
        problems.warning(file, doc.lineOf("entry_point"), "entry_point \"" + entryPoint
            + "\" does not exist (looked for " + script + "); the sensor cannot start");
      }
    }
    List<TriggerType> triggers = triggerTypes(doc);
    if (className == null || entryPoint == null) {
      return null;
    }
    return new SensorDef(pack.ref(), className, description, entryPoint, pollInterval, enabled,
        triggers, pack.dir(), file);
  }

  private Integer pollInterval(YamlDocument doc) {
    Object v = doc.rootMap().get("poll_interval");
    if (v == null) {
      return null;
    }
    if (v instanceof Number n && n.doubleValue() >= 1 && n.doubleValue() == Math.floor(n.doubleValue())) {
      return n.intValue();
    }
    problems.error(doc.file(), doc.lineOf("poll_interval"), "\"poll_interval\" must be a whole"
        + " number of seconds, at least 1, not " + Fields.describe(v));
    return null;
  }

  private List<TriggerType> triggerTypes(YamlDocument doc) {
    Object raw = doc.rootMap().get("trigger_types");
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      problems.error(doc.file(), doc.lineOf("trigger_types"), "\"trigger_types\" must be a list,"
          + " not " + Fields.describe(raw));
      return List.of();
    }
    TriggerTypeReader reader = new TriggerTypeReader(pack, problems);
    List<TriggerType> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      reader.read(doc, list.get(i), new Object[] {"trigger_types", i}, "trigger type #" + (i + 1))
          .ifPresent(out::add);
    }
    return out;
  }
}
