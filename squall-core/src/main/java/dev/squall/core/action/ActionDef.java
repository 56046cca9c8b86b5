package dev.squall.core.action;

import java.nio.file.Path;
import java.util.Map;

/**
 * An action's metadata, as read from {@code <pack>/actions/<name>.yaml}.
 *
 * @param parameters the action's own parameters in declaration order (runner parameters are
 *     merged under these by {@link ParameterSchema}, not here)
 * @param notifySpec the raw {@code notify} block ({@code on_complete|on_success|on_failure}) or empty
 * @param packDir the pack's folder, against which {@code entryPoint} resolves (under
 *     {@code actions/})
 * @param metadataFile the YAML file this was read from, for error messages
 * @param extra the raw {@code extra} block (e.g. {@code extra.squall.approval}) or empty
 */
public record ActionDef(
    String pack,
    String name,
    String description,
    String runnerType,
    String entryPoint,
    boolean enabled,
    Map<String, ParameterSpec> parameters,
    Map<String, Object> notifySpec,
    Path packDir,
    Path metadataFile,
    Map<String, Object> extra) {

  /** An action without an {@code extra} block. */
  public ActionDef(String pack, String name, String description, String runnerType, String entryPoint,
      boolean enabled, Map<String, ParameterSpec> parameters, Map<String, Object> notifySpec, Path packDir,
      Path metadataFile) {
    this(pack, name, description, runnerType, entryPoint, enabled, parameters, notifySpec, packDir,
        metadataFile, Map.of());
  }

  public ActionDef {
    extra = extra == null ? Map.of() : extra;
    parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(parameters));
    notifySpec = notifySpec == null ? Map.of() : notifySpec;
  }

  /** StackStorm's reference, {@code pack.name}. */
  public String ref() {
    return pack + "." + name;
  }
}
