package dev.squall.core.pack;

import dev.squall.core.action.ParameterSchema;
import dev.squall.core.action.ParameterSpec;
import dev.squall.core.action.ParameterSpecs;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.problem.Problem;
import dev.squall.core.yaml.YamlDocument;
import dev.squall.core.yaml.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pack's configuration: {@code config.schema.yaml} (key → {type, default, required, secret,
 * properties…}) and the values an operator gives in a config file ({@code <pack>.yaml}).
 */
public final class PackConfig {

  private PackConfig() {}

  /**
   * Parses a config schema file.
   *
   * @throws BadRequestException listing every problem with file and line
   */
  public static Map<String, ParameterSpec> readSchema(Path schemaFile) {
    Problems problems = new Problems();
    Map<String, ParameterSpec> schema = readSchema(schemaFile, problems);
    failOnErrors(problems.list());
    return schema;
  }

  static Map<String, ParameterSpec> readSchema(Path schemaFile, Problems problems) {
    return problems.read(schemaFile).map(doc -> {
      if (doc.root() == null) {
        return Map.<String, ParameterSpec>of();
      }
      Map<String, Object> m = doc.rootMap();
      if (m == null) {
        problems.error(schemaFile, 1, "config schema must be a mapping of option name to its"
            + " declaration, not " + Fields.describe(doc.root()));
        return Map.<String, ParameterSpec>of();
      }
      m.forEach((key, decl) -> {
        if (decl instanceof Map<?, ?> d) {
          ParameterChecks.check(doc, List.of(key), d, problems);
        } else {
          problems.error(schemaFile, doc.lineOf(key), "config option \"" + key + "\" must be a"
              + " mapping (type, description, default…), not " + Fields.describe(decl));
        }
      });
      return ParameterSpecs.ofAll(m);
    }).orElse(Map.of());
  }

  /**
   * Reads {@code configFile} against {@code schema}: defaults applied (nested ones too), then
   * required and type checks. A missing file counts as an empty config. Values that are still
   * templates ({@code "{{ st2kv.system.x }}"}) are accepted for any type.
   *
   * @throws BadRequestException naming the file, the key and its line for every problem
   */
  public static Map<String, Object> validate(Map<String, ParameterSpec> schema, Path configFile) {
    YamlDocument doc = Files.exists(configFile)
        ? YamlReader.readOrBadRequest(configFile)
        : new YamlDocument(configFile, null, Map.of());
    Map<String, Object> given = doc.root() == null ? Map.of() : doc.rootMap();
    if (given == null) {
      throw new BadRequestException(configFile + ":1: config must be a mapping of option to"
          + " value, not " + Fields.describe(doc.root()));
    }
    List<Problem> problems = new ArrayList<>();
    Map<String, Object> out = apply(schema, given, doc, new ArrayList<>(), problems);
    failOnErrors(problems);
    return out;
  }

  /** A copy of config values with every secret option (nested ones too) shown as "********". */
  public static Map<String, Object> maskSecrets(
      Map<String, ParameterSpec> schema, Map<String, Object> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      ParameterSpec spec = schema.get(k);
      if (spec != null && spec.secret() && v != null) {
        out.put(k, ParameterSchema.MASK);
      } else if (spec != null && v instanceof Map<?, ?> nested
          && spec.schema().get("properties") instanceof Map<?, ?> props) {
        out.put(k, maskSecrets(ParameterSpecs.ofAll(props), cast(nested)));
      } else {
        out.put(k, v);
      }
    });
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, Object> apply(Map<String, ParameterSpec> schema,
      Map<String, Object> given, YamlDocument doc, List<Object> path, List<Problem> problems) {
    Map<String, Object> out = new LinkedHashMap<>(given);
    schema.forEach((key, spec) -> {
      List<Object> at = new ArrayList<>(path);
      at.add(key);
      String dotted = dotted(at);
      Object v = given.get(key);
      if (v == null && spec.defaultValue() != null) {
        v = spec.defaultValue();
        out.put(key, v);
      }
      if (v == null) {
        if (spec.required()) {
          problems.add(Problem.error(doc.file(), path.isEmpty() ? 0 : doc.lineOf(path.toArray()),
              "required config option \"" + dotted + "\" is missing"));
        }
        return;
      }
      if (spec.type() != null && !ParameterSchema.isTemplate(v)
          && !ParameterChecks.matches(v, spec.type())) {
        problems.add(Problem.error(doc.file(), doc.lineOf(at.toArray()), "config option \""
            + dotted + "\" must be of type '" + spec.type() + "', not " + Fields.describe(v)));
        return;
      }
      if (spec.enumValues() != null && !ParameterSchema.isTemplate(v) && !spec.enumValues().contains(v)) {
        problems.add(Problem.error(doc.file(), doc.lineOf(at.toArray()), "config option \""
            + dotted + "\" must be one of " + spec.enumValues() + ", not " + Fields.describe(v)));
        return;
      }
      if (v instanceof Map<?, ?> nested
          && spec.schema().get("properties") instanceof Map<?, ?> props) {
        out.put(key, apply(ParameterSpecs.ofAll(props), cast(nested), doc, at, problems));
      }
    });
    return Collections.unmodifiableMap(out);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static String dotted(List<Object> path) {
    return String.join(".", path.stream().map(String::valueOf).toList());
  }

  private static void failOnErrors(List<Problem> problems) {
    List<String> errors = problems.stream().filter(Problem::isError).map(Problem::toString)
        .toList();
    if (!errors.isEmpty()) {
      throw new BadRequestException(String.join("\n", errors));
    }
  }
}
