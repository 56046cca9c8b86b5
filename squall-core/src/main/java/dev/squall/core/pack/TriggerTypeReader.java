package dev.squall.core.pack;

import dev.squall.core.trigger.TriggerType;
import dev.squall.core.yaml.YamlDocument;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One trigger type declaration, as a sensor's {@code trigger_types} entry or a pack's
 * {@code triggers/*.yaml} file holds it: {@code name}, {@code pack} (default: the pack's),
 * {@code description}, {@code payload_schema}, {@code parameters_schema}.
 */
final class TriggerTypeReader {

  private static final Set<String> KEYS = Set.of("name", "pack", "description",
      "payload_schema", "parameters_schema", "tags", "metadata_file", "ref", "uid", "id");

  private final Pack pack;
  private final Problems problems;

  TriggerTypeReader(Pack pack, Problems problems) {
    this.pack = pack;
    this.problems = problems;
  }

  /**
   * @param at where the declaration is in {@code doc} (empty for a whole file)
   * @param what how messages name it ("trigger type #2")
   */
  Optional<TriggerType> read(YamlDocument doc, Object declaration, Object[] at, String what) {
    int line = at.length == 0 ? 1 : doc.lineOf(at);
    if (!(declaration instanceof Map<?, ?> t)) {
      problems.error(doc.file(), line, what + " must be a mapping of name, payload_schema…, not "
          + Fields.describe(declaration));
      return Optional.empty();
    }
    for (Object key : t.keySet()) {
      if (!KEYS.contains(String.valueOf(key))) {
        problems.warning(doc.file(), doc.lineOf(path(at, key)), "unknown key \"" + key + "\" in "
            + what + " is ignored");
      }
    }
    if (!(t.get("name") instanceof String name) || name.isBlank()) {
      problems.error(doc.file(), line, what + " needs a \"name\"");
      return Optional.empty();
    }
    String triggerPack = t.get("pack") instanceof String p ? p : pack.ref();
    Map<String, Object> payload = schema(doc, t, at, what, "payload_schema");
    Map<String, Object> parameters = schema(doc, t, at, what, "parameters_schema");
    if (payload == null || parameters == null) {
      return Optional.empty();
    }
    return Optional.of(new TriggerType(triggerPack, name,
        t.get("description") instanceof String d ? d : null, parameters, payload));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> schema(YamlDocument doc, Map<?, ?> trigger, Object[] at, String what,
      String key) {
    Object v = trigger.get(key);
    if (v == null) {
      return Map.of();
    }
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    problems.error(doc.file(), doc.lineOf(path(at, key)), "\"" + key + "\" of " + what
        + " must be a JSON schema (a mapping), not " + Fields.describe(v));
    return null;
  }

  private static Object[] path(Object[] at, Object key) {
    Object[] p = Arrays.copyOf(at, at.length + 1);
    p[at.length] = key;
    return p;
  }
}
