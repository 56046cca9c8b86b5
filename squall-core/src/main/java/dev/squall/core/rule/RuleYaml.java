package dev.squall.core.rule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.squall.core.problem.Problem;
import dev.squall.core.python.PythonRepr;
import dev.squall.core.trigger.SystemTriggerTypes;
import dev.squall.core.trigger.TimerSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.lang3.StringUtils;

/**
 * Reads a rule file, checking what StackStorm checks when it registers a rule (required fields,
 * criteria operators and patterns, system trigger parameters, the pack) and reporting every
 * problem with its line. Problems that make the rule unusable are errors; oddities that StackStorm
 * would accept (an unknown top-level key, a criterion that can never match) are warnings.
 */
public final class RuleYaml {

  private static final YAMLFactory YAML = new YAMLFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(YAML);
  private static final Set<String> KNOWN_KEYS = Set.of("id", "ref", "uid", "name", "pack",
      "description", "type", "trigger", "criteria", "action", "enabled", "tags", "context",
      "metadata_file");

  private RuleYaml() {}

  /** What reading a rule file gave. */
  public sealed interface Result permits Loaded, Failed {
    List<Problem> problems();
  }

  /** The rule, and any warnings about it. */
  public record Loaded(Rule rule, List<Problem> warnings) implements Result {
    @Override
    public List<Problem> problems() {
      return warnings;
    }
  }

  /** No rule: at least one of the problems is an error. */
  public record Failed(List<Problem> problems) implements Result {}

  /**
   * Reads {@code file}, taking the pack's ref from {@code packDir/pack.yaml} ({@code ref}, else
   * {@code name}), else from the folder name.
   */
  public static Result read(Path packDir, Path file) {
    return read(packRef(packDir), file);
  }

  /** Reads {@code file} as a rule of the pack {@code packRef}. */
  public static Result read(String packRef, Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      return new Failed(List.of(Problem.error(file, 0, "cannot read rule file: " + e)));
    }
    return parse(packRef, file, text);
  }

  /**
   * Parses rule YAML (or JSON, e.g. an API body) already in memory.
   *
   * @param packRef the pack the rule belongs to; StackStorm's API uses {@code default} when a
   *     body names none
   * @param file where the text came from, for problems and {@link Rule#metadataFile()}; may be
   *     null
   */
  public static Result parse(String packRef, Path file, String yaml) {
    YamlLines lines;
    Object root;
    try {
      lines = YamlLines.of(YAML, yaml);
      root = MAPPER.readValue(yaml, Object.class);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      return new Failed(List.of(Problem.error(file, line, "invalid YAML: " + e.getOriginalMessage())));
    } catch (IOException e) {
      return new Failed(List.of(Problem.error(file, 0, "invalid YAML: " + e.getMessage())));
    }
    if (!(root instanceof Map<?, ?> map)) {
      return new Failed(List.of(Problem.error(file, 0, "a rule file must be a YAML mapping")));
    }
    return new Reader(packRef, file, lines, map).read();
  }

  private static String packRef(Path packDir) {
    Path packYaml = packDir.resolve("pack.yaml");
    if (Files.isRegularFile(packYaml)) {
      try {
        Map<String, Object> meta = MAPPER.readValue(packYaml.toFile(), new TypeReference<>() {});
        for (String key : List.of("ref", "name")) {
          if (meta != null && meta.get(key) instanceof String s && !s.isBlank()) {
            return s;
          }
        }
      } catch (IOException e) {
        // The pack loader reports a broken pack.yaml; the folder name is the fallback here.
      }
    }
    return packDir.getFileName().toString();
  }

  /** One file's reading: collects problems, then builds the rule if there is no error. */
  private static final class Reader {
    private final String packRef;
    private final Path file;
    private final YamlLines lines;
    private final Map<?, ?> root;
    private final List<Problem> problems = new ArrayList<>();

    Reader(String packRef, Path file, YamlLines lines, Map<?, ?> root) {
      this.packRef = packRef;
      this.file = file;
      this.lines = lines;
      this.root = root;
    }

    Result read() {
      for (Object key : root.keySet()) {
        if (!KNOWN_KEYS.contains(String.valueOf(key))) {
          warn(lines.line(String.valueOf(key)), "unknown key \"" + key + "\" (did you mean \""
              + closest(String.valueOf(key), KNOWN_KEYS) + "\"?)");
        }
      }
      String name = requiredString(root.get("name"), "name", "the rule has no name");
      String pack = root.get("pack") == null ? packRef : String.valueOf(root.get("pack"));
      if (!pack.equals(packRef)) {
        error(lines.line("pack"), "the rule is in pack \"" + packRef
            + "\" but its pack field says \"" + pack + "\"");
      }
      Object description = root.get("description");
      Object enabled = root.get("enabled");
      if (enabled != null && !(enabled instanceof Boolean)) {
        error(lines.line("enabled"), "enabled must be true or false, not " + PythonRepr.repr(enabled));
      }
      String ruleType = ruleType();
      Rule.Trigger trigger = trigger();
      Map<String, Object> criteria = criteria();
      Rule.Action action = action();
      if (problems.stream().anyMatch(Problem::isError)) {
        return new Failed(List.copyOf(problems));
      }
      Rule rule = new Rule(pack, name, description == null ? null : String.valueOf(description),
          Boolean.TRUE.equals(enabled), ruleType, trigger, criteria, action, file);
      return new Loaded(rule, List.copyOf(problems));
    }

    private String ruleType() {
      Object type = root.get("type");
      if (type == null) {
        return Rule.STANDARD;
      }
      if (type instanceof Map<?, ?> m && (Rule.STANDARD.equals(m.get("ref"))
          || Rule.BACKSTOP.equals(m.get("ref")))) {
        return (String) m.get("ref");
      }
      Object ref = type instanceof Map<?, ?> m ? m.get("ref") : type;
      error(lines.line("type"), "rule type must be {ref: standard} or {ref: backstop}, not "
          + PythonRepr.repr(ref));
      return null;
    }

    private Rule.Trigger trigger() {
      if (!(root.get("trigger") instanceof Map<?, ?> t)) {
        error(lines.line("trigger"), root.get("trigger") == null ? "trigger is required"
            : "trigger must be a mapping with type and parameters");
        return null;
      }
      String type = requiredString(t.get("type"), "trigger", "trigger.type is required");
      if (type != null && !type.contains(".")) {
        error(lines.line("trigger", "type"), "trigger type \"" + type
            + "\" is not a reference (pack.name)");
      }
      Map<String, Object> parameters = mapping(t.get("parameters"), "trigger", "parameters");
      if (type != null && parameters != null) {
        checkTriggerParameters(type, parameters);
      }
      return type == null ? null : new Rule.Trigger(type, parameters);
    }

    private void checkTriggerParameters(String type, Map<String, Object> parameters) {
      if (SystemTriggerTypes.isTimer(type)) {
        for (TimerSchedule.FieldError e : TimerSchedule.validate(type, parameters)) {
          error(lines.line("trigger", "parameters", e.field()), "trigger." + e);
        }
      } else if (type.equals(SystemTriggerTypes.WEBHOOK.ref())) {
        if (!(parameters.get("url") instanceof String url) || url.isBlank()) {
          error(lines.line("trigger", "parameters", "url"),
              "a core.st2.webhook trigger needs parameters.url (the path under /api/v1/webhooks/)");
        }
        for (String key : parameters.keySet()) {
          if (!key.equals("url")) {
            error(lines.line("trigger", "parameters", key), "unknown webhook parameter \"" + key
                + "\" (core.st2.webhook takes only url)");
          }
        }
      }
    }

    private Map<String, Object> criteria() {
      Map<String, Object> criteria = mapping(root.get("criteria"), "criteria");
      if (criteria != null) {
        problems.addAll(new CriteriaChecks(file, lines).check(criteria));
      }
      return criteria;
    }

    private Rule.Action action() {
      if (!(root.get("action") instanceof Map<?, ?> a)) {
        error(lines.line("action"), root.get("action") == null ? "action is required"
            : "action must be a mapping with ref and parameters");
        return null;
      }
      String ref = requiredString(a.get("ref"), "action", "action.ref is required");
      if (ref != null && !ref.contains(".")) {
        // StackStorm registers such a rule, then fails every enforcement of it.
        warn(lines.line("action", "ref"), "action ref \"" + ref + "\" has no pack (pack.name), "
            + "so the rule cannot run it");
      }
      Map<String, Object> parameters = mapping(a.get("parameters"), "action", "parameters");
      return ref == null ? null : new Rule.Action(ref, parameters);
    }

    /** The value as a string key-ordered map; null (with an error) when it is not a mapping. */
    private Map<String, Object> mapping(Object value, String... path) {
      if (value == null) {
        return new LinkedHashMap<>();
      }
      if (value instanceof Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
      }
      error(lines.line(path), String.join(".", path) + " must be a mapping, not "
          + Py.typeName(value));
      return null;
    }

    private String requiredString(Object value, String where, String missing) {
      if (value instanceof String s && !s.isBlank()) {
        return s;
      }
      error(lines.line(where), value == null ? missing : missing + " (a string, not "
          + PythonRepr.repr(value) + ")");
      return null;
    }

    private void error(int line, String message) {
      problems.add(Problem.error(file, line, message));
    }

    private void warn(int line, String message) {
      problems.add(Problem.warning(file, line, message));
    }
  }

  @SuppressWarnings("deprecation") // commons-text is not a dependency; this one is enough
  private static String closest(String name, Set<String> known) {
    return known.stream()
        .min(Comparator.comparingInt((String k) -> StringUtils.getLevenshteinDistance(k, name)))
        .orElse("");
  }
}
