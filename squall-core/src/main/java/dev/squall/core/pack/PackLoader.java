package dev.squall.core.pack;

import dev.squall.core.action.ActionDef;
import dev.squall.core.action.ParameterSpec;
import dev.squall.core.alias.ActionAlias;
import dev.squall.core.problem.Problem;
import dev.squall.core.rule.Rule;
import dev.squall.core.rule.RuleYaml;
import dev.squall.core.sensor.SensorDef;
import dev.squall.core.trigger.TriggerType;
import dev.squall.core.yaml.YamlDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads packs from disk. Lenient the way StackStorm's registrar is: a broken file is reported
 * and skipped, the rest of its pack still loads, and one broken pack never stops the others.
 * Only the top level of {@code actions/}, {@code aliases/} and {@code rules/} holds metadata
 * (workflow and chain definitions live below it); {@code sensors/} holds sensor metadata beside
 * the Python files. Policies are not read yet.
 */
public final class PackLoader {

  private static final Pattern REF = Pattern.compile("^[a-z0-9_]+$");

  /**
   * Loads one pack folder. When its {@code pack.yaml} is missing or unusable, the result holds a
   * placeholder {@link Pack} named after the folder, no content, and the error.
   */
  public LoadedPack load(Path packDir) {
    Path dir = packDir.toAbsolutePath().normalize();
    Problems problems = new Problems();
    return loadIfPack(dir, problems).orElseGet(() -> {
      Pack placeholder = new Pack(folderName(dir), folderName(dir), null, null, dir, Map.of());
      return new LoadedPack(placeholder, List.of(), List.of(), Map.of(), problems.list());
    });
  }

  /** The pack in {@code dir}, or empty (with the error in {@code problems}) when it is none. */
  private Optional<LoadedPack> loadIfPack(Path dir, Problems problems) {
    Pack pack = readPack(dir, problems);
    if (pack == null) {
      return Optional.empty();
    }
    List<ActionDef> actions = new ArrayList<>();
    Map<String, Path> actionFiles = new HashMap<>();
    ActionReader actionReader = new ActionReader(pack, problems);
    for (Path file : metadataFiles(dir.resolve("actions"), problems)) {
      actionReader.read(file).ifPresent(a -> {
        Path first = actionFiles.putIfAbsent(a.name(), file);
        if (first != null) {
          problems.error(file, 0, "action \"" + a.ref() + "\" is already defined in " + first
              + "; this file is ignored");
        } else {
          actions.add(a);
        }
      });
    }
    List<ActionAlias> aliases = new ArrayList<>();
    Map<String, Path> aliasFiles = new HashMap<>();
    AliasReader aliasReader = new AliasReader(pack, problems);
    for (Path file : metadataFiles(dir.resolve("aliases"), problems)) {
      aliasReader.read(file).ifPresent(a -> {
        Path first = aliasFiles.putIfAbsent(a.name(), file);
        if (first != null) {
          problems.error(file, 0, "alias \"" + a.ref() + "\" is already defined in " + first
              + "; this file is ignored");
          return;
        }
        aliases.add(a);
        boolean ownPack = a.actionRef().startsWith(pack.ref() + ".");
        if (ownPack && !actionFiles.containsKey(a.actionRef().substring(pack.ref().length() + 1))) {
          problems.warning(file, 0, "alias \"" + a.ref() + "\" refers to action \""
              + a.actionRef() + "\", which this pack does not define");
        }
      });
    }
    List<Rule> rules = readRules(dir, pack, problems);
    Map<String, ParameterSpec> configSchema = Map.of();
    Path schemaFile = dir.resolve("config.schema.yaml");
    if (Files.isRegularFile(schemaFile)) {
      configSchema = PackConfig.readSchema(schemaFile, problems);
    }
    List<SensorDef> sensors = readSensors(dir, pack, problems);
    List<TriggerType> triggers = readTriggerTypes(dir, pack, problems);
    return Optional.of(new LoadedPack(pack, actions, aliases, configSchema, problems.list(),
        rules, sensors, triggers, actionReader.refused()));
  }

  /** {@code triggers/*.yaml}: trigger types a pack declares without a sensor (webhooks post them). */
  private static List<TriggerType> readTriggerTypes(Path dir, Pack pack, Problems problems) {
    List<TriggerType> out = new ArrayList<>();
    TriggerTypeReader reader = new TriggerTypeReader(pack, problems);
    for (Path file : metadataFiles(dir.resolve("triggers"), problems)) {
      problems.read(file).flatMap(doc -> reader.read(doc, doc.root(), new Object[0], "trigger type"))
          .ifPresent(out::add);
    }
    return out;
  }

  /** {@code sensors/*.yaml}; a sensor with errors is left out, and so are its trigger types. */
  private static List<SensorDef> readSensors(Path dir, Pack pack, Problems problems) {
    List<SensorDef> sensors = new ArrayList<>();
    Map<String, Path> sensorFiles = new HashMap<>();
    Map<String, Path> triggerFiles = new HashMap<>();
    SensorReader reader = new SensorReader(pack, problems);
    for (Path file : metadataFiles(dir.resolve("sensors"), problems)) {
      reader.read(file).ifPresent(s -> {
        Path first = sensorFiles.putIfAbsent(s.name(), file);
        if (first != null) {
          problems.error(file, 0, "sensor \"" + s.ref() + "\" is already defined in " + first
              + "; this file is ignored");
          return;
        }
        for (var t : s.triggerTypes()) {
          Path other = triggerFiles.putIfAbsent(t.ref(), file);
          if (other != null) {
            problems.warning(file, 0, "trigger type \"" + t.ref() + "\" is also declared in "
                + other + "; the first declaration is used");
          }
        }
        sensors.add(s);
      });
    }
    return sensors;
  }

  /** {@code rules/*.yaml}, read by {@link RuleYaml}; a rule with errors is left out. */
  private List<Rule> readRules(Path dir, Pack pack, Problems problems) {
    List<Rule> rules = new ArrayList<>();
    Map<String, Path> ruleFiles = new HashMap<>();
    for (Path file : metadataFiles(dir.resolve("rules"), problems)) {
      RuleYaml.Result result = RuleYaml.read(pack.ref(), file);
      result.problems().forEach(problems::add);
      if (result instanceof RuleYaml.Loaded loaded) {
        Path first = ruleFiles.putIfAbsent(loaded.rule().name(), file);
        if (first != null) {
          problems.error(file, 0, "rule \"" + loaded.rule().ref() + "\" is already defined in "
              + first + "; this file is ignored");
        } else {
          rules.add(loaded.rule());
        }
      }
    }
    return rules;
  }

  /**
   * Loads every pack folder found directly under each root, in order. When two folders hold a
   * pack of the same ref, the first wins and a warning names both. A folder without a usable
   * {@code pack.yaml} is reported and left out of the packs.
   */
  public LoadResult loadAll(List<Path> roots) {
    List<Problem> problems = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        problems.add(Problem.warning(root, 0, "pack directory does not exist; skipped"));
        continue;
      }
      for (Path dir : list(root, problems)) {
        if (Files.isDirectory(dir) && !dir.getFileName().toString().startsWith(".")) {
          dirs.add(dir.toAbsolutePath().normalize());
        }
      }
    }
    // Packs are independent, so they are read in parallel (start-up time grows with their
    // number); which copy of a duplicated pack wins is then decided in pack-path order.
    List<Attempt> attempts = dirs.parallelStream().map(this::attempt).toList();
    Map<String, LoadedPack> byRef = new LinkedHashMap<>();
    for (Attempt a : attempts) {
      problems.addAll(a.problems());
      if (a.pack().isEmpty()) {
        continue;
      }
      LoadedPack loaded = a.pack().get();
      LoadedPack first = byRef.putIfAbsent(loaded.pack().ref(), loaded);
      if (first != null) {
        problems.add(Problem.warning(loaded.pack().dir(), 0, "pack \"" + loaded.pack().ref()
            + "\" is also in " + first.pack().dir() + ", which comes first on the pack path;"
            + " this copy is ignored"));
      }
    }
    return new LoadResult(List.copyOf(byRef.values()), problems);
  }

  private record Attempt(Optional<LoadedPack> pack, List<Problem> problems) {}

  private Attempt attempt(Path dir) {
    Problems packProblems = new Problems();
    Optional<LoadedPack> read;
    try {
      read = loadIfPack(dir, packProblems);
    } catch (RuntimeException e) {
      // one pack's unforeseen failure must not stop the others
      packProblems.error(dir, 0, "cannot load pack: " + e);
      read = Optional.empty();
    }
    return new Attempt(read, packProblems.list());
  }


  private Pack readPack(Path dir, Problems problems) {
    Path file = dir.resolve("pack.yaml");
    if (!Files.isRegularFile(file)) {
      problems.error(file, 0, "not a pack: pack.yaml is missing");
      return null;
    }
    Optional<YamlDocument> read = problems.read(file);
    if (read.isEmpty()) {
      return null;
    }
    YamlDocument doc = read.get();
    Map<String, Object> m = doc.rootMap();
    if (m == null) {
      problems.error(file, 1, "pack.yaml must be a mapping of name, version, description…, not "
          + Fields.describe(doc.root()));
      return null;
    }
    Fields f = new Fields(doc, problems);
    int errorsBefore = problems.errorCount();
    String name = f.requiredString("name");
    String ref = f.optionalString("ref");
    String version = f.optionalString("version");
    String description = f.optionalString("description");
    if (problems.errorCount() != errorsBefore) {
      return null;
    }
    if (version == null) {
      problems.warning(file, 1, "pack.yaml has no \"version\"");
    }
    if (ref == null) {
      ref = REF.matcher(name).matches() ? name : folderName(dir);
      if (!REF.matcher(name).matches()) {
        problems.warning(file, doc.lineOf("name"), "pack name \"" + name + "\" is not a valid"
            + " ref (lower case letters, digits and _); using the folder name \"" + ref
            + "\". Add \"ref:\" to pack.yaml to choose one.");
      }
    } else if (!REF.matcher(ref).matches()) {
      problems.warning(file, doc.lineOf("ref"), "pack ref \"" + ref + "\" should contain only"
          + " lower case letters, digits and _");
    }
    return new Pack(ref, name, version, description, dir, m);
  }

  /** The YAML/JSON files directly in {@code dir}, sorted; none when it does not exist. */
  private static List<Path> metadataFiles(Path dir, Problems problems) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    return list(dir, problems).stream()
        .filter(Files::isRegularFile)
        .filter(p -> {
          String n = p.getFileName().toString();
          return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
        })
        .toList();
  }

  private static List<Path> list(Path dir, Problems problems) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      problems.error(dir, 0, "cannot list directory: " + e.getMessage());
      return List.of();
    }
  }

  private static List<Path> list(Path dir, List<Problem> problems) {
    Problems p = new Problems();
    List<Path> out = list(dir, p);
    problems.addAll(p.list());
    return out;
  }

  private static String folderName(Path dir) {
    return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
  }
}
