package dev.squall.core.sensor;

import dev.squall.core.trigger.TriggerType;
import java.nio.file.Path;
import java.util.List;

/**
 * One sensor of a pack, from its {@code sensors/<name>.yaml}. As in StackStorm, its name is its
 * {@code class_name} and its ref {@code <pack>.<class_name>}.
 *
 * @param entryPoint the Python file, relative to the pack's {@code sensors/} folder
 * @param pollInterval seconds between two {@code poll()} calls of a polling sensor; null when the
 *     file gives none (PollingSensor then uses StackStorm's default, 5)
 * @param triggerTypes the trigger types the sensor dispatches, registered with the pack
 * @param packDir the pack's folder, where {@code sensors/<entryPoint>} lives
 */
public record SensorDef(
    String pack, String className, String description, String entryPoint, Integer pollInterval,
    boolean enabled, List<TriggerType> triggerTypes, Path packDir, Path metadataFile) {

  public SensorDef {
    triggerTypes = List.copyOf(triggerTypes);
  }

  public String name() {
    return className;
  }

  public String ref() {
    return pack + "." + className;
  }

  /** StackStorm's uid, {@code sensor_type:pack:name}. */
  public String uid() {
    return "sensor_type:" + pack + ":" + className;
  }

  /** The Python file to run. */
  public Path entryPointFile() {
    return packDir.resolve("sensors").resolve(entryPoint).normalize();
  }

  public SensorDef withEnabled(boolean on) {
    return new SensorDef(pack, className, description, entryPoint, pollInterval, on, triggerTypes,
        packDir, metadataFile);
  }
}
