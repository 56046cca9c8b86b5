package dev.squall.core.pack;

import dev.squall.core.action.ActionDef;
import dev.squall.core.action.ParameterSchema;
import dev.squall.core.action.ParameterSpec;
import dev.squall.core.action.ParameterSpecs;
import dev.squall.core.action.RunnerType;
import dev.squall.core.action.Runners;
import dev.squall.core.chain.ChainParser;
import dev.squall.core.chain.ChainProblem;
import dev.squall.core.problem.Problem;
import dev.squall.core.orquesta.Expressions;
import dev.squall.core.orquesta.InspectionError;
import dev.squall.core.orquesta.Inspector;
import dev.squall.core.template.TemplateEngine;
import dev.squall.core.yaml.YamlDocument;
import dev.squall.core.yaml.YamlReader;
import dev.squall.core.yaml.YamlSyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and validates one action metadata file. Rejects (with an error) what StackStorm's
 * registrar rejects; warns about what it tolerates but is probably a mistake.
 */
final class ActionReader {

  private static final Set<String> KNOWN_KEYS = Set.of("name", "pack", "description", "enabled",
      "runner_type", "entry_point", "parameters", "notify", "output_schema", "output_key", "tags",
      "ref", "uid", "id", "metadata_file", "extra");

  /** Runners whose {@code entry_point} names a file of the pack. */
  private static final Set<String> FILE_RUNNERS = Set.of("local-shell-script",
      "remote-shell-script", "python-script", "orquesta", "action-chain", "winrm-ps-script",
      "mistral-v2", "cloudslang");

  private final Pack pack;
  private final Problems problems;

  private Expressions expressions; // made on the first workflow: building its engine costs
  private ChainParser chains; // likewise, on the first action chain

  /** The actions whose files had errors, by ref, with those errors: they did not load. */
  private final Map<String, List<Problem>> refused = new java.util.LinkedHashMap<>();

  ActionReader(Pack pack, Problems problems) {
    this.pack = pack;
    this.problems = problems;
  }

  Optional<ActionDef> read(Path file) {
    return problems.read(file).flatMap(doc -> {
      int errorsBefore = problems.errorCount();
      int problemsBefore = problems.list().size();
      try {
        ActionDef action = check(doc);
        if (problems.errorCount() == errorsBefore) {
          return Optional.ofNullable(action);
        }
        if (doc.rootMap() != null && doc.rootMap().get("name") instanceof String name) {
          refused.put(pack.ref() + "." + name, problems.list().subList(problemsBefore, problems.list().size())
              .stream().filter(Problem::isError).toList());
        }
        return Optional.empty();
      } catch (RuntimeException e) {
        // a shape no check foresaw must cost this file, never the pack
        problems.error(file, 0, "cannot read action metadata: " + e);
        return Optional.empty();
      }
    });
  }

  /** The actions that did not load because their files had errors, by ref, with those errors. */
  Map<String, List<Problem>> refused() {
    return refused;
  }

  private ActionDef check(YamlDocument doc) {
    Path file = doc.file();
    Map<String, Object> m = doc.rootMap();
    if (m == null) {
      problems.error(file, 1, "action metadata must be a mapping of name, runner_type,"
          + " parameters…, not " + Fields.describe(doc.root()));
      return null;
    }
    Fields.warnUnknownKeys(doc, KNOWN_KEYS, problems);
    Fields f = new Fields(doc, problems);
    String name = f.requiredString("name");
    String runnerName = f.requiredString("runner_type");
    String packField = f.optionalString("pack");
    Fields.checkPack(doc, pack, packField, problems);
    String description = f.optionalString("description");
    String entryPoint = f.optionalString("entry_point");
    boolean enabled = f.optionalBoolean("enabled", true);
    Map<String, Object> notify = f.optionalMap("notify");
    Map<String, Object> params = f.optionalMap("parameters");
    Map<String, Object> extra = f.optionalMap("extra");
    Object approval = dev.squall.core.alias.ApprovalRule.spec(extra);
    if (approval != null) {
      for (String problem : dev.squall.core.alias.ApprovalRule.problems(approval)) {
        problems.error(file, doc.lineOf("extra", "squall", "approval"), problem);
      }
    }
    Map<String, ParameterSpec> specs = params == null ? Map.of() : parameters(doc, params);

    RunnerType runner = null;
    if (runnerName != null) {
      runner = Runners.find(runnerName).orElse(null);
      if (runner == null) {
        problems.error(file, doc.lineOf("runner_type"), "RunnerType \"" + runnerName
            + "\" is not found. Did you mean \"" + Runners.closest(runnerName) + "\"?");
      } else {
        checkAgainstRunner(doc, runner, specs, name);
      }
    }
    if (runner != null && entryPoint != null && !entryPoint.isBlank()
        && FILE_RUNNERS.contains(runner.name())) {
      Path script = pack.dir().resolve("actions").resolve(entryPoint);
      if (!Files.exists(script)) {
        problems.warning(file, doc.lineOf("entry_point"), "entry_point file "
            + pack.dir().relativize(script) + " does not exist");
      } else if (runner.name().equals("orquesta")) {
        inspectWorkflow(script);
      } else if (runner.name().equals("action-chain")) {
        inspectChain(script);
      }
    }
    if (name == null || runner == null) {
      return null;
    }
    return new ActionDef(pack.ref(), name, description, runner.name(), entryPoint, enabled,
        specs, notify, pack.dir(), file, extra);
  }

  /** Orquesta's inspection of a workflow file: a broken workflow never runs, so it is an error. */
  private void inspectWorkflow(Path script) {
    if (expressions == null) {
      expressions = Expressions.standard();
    }
    try {
      for (InspectionError e : Inspector.inspect(YamlReader.read(script), expressions,
          Inspector.ST2_CONTEXT)) {
        problems.error(script, e.line(), "workflow " + e.category() + " error: " + e.message()
            + (e.expression() != null ? " (" + e.expression() + ")" : ""));
      }
    } catch (YamlSyntaxException e) {
      problems.error(script, e.line(), e.getMessage());
    }
  }

  /** The action-chain runner's checks of a chain file: a broken chain never runs, so it is an error. */
  private void inspectChain(Path script) {
    if (chains == null) {
      chains = new ChainParser(new TemplateEngine());
    }
    try {
      for (ChainProblem p : chains.inspect(YamlReader.read(script)).problems()) {
        if (p.error()) {
          problems.error(script, p.line(), "action-chain error: " + p.message());
        } else {
          problems.warning(script, p.line(), "action-chain: " + p.message());
        }
      }
    } catch (YamlSyntaxException e) {
      problems.error(script, e.line(), e.getMessage());
    }
  }

  private void checkAgainstRunner(
      YamlDocument doc, RunnerType runner, Map<String, ParameterSpec> specs, String name) {
    if (!runner.supported()) {
      problems.warning(doc.file(), doc.lineOf("runner_type"), "runner \"" + runner.name()
          + "\" not supported yet: action \"" + pack.ref() + "." + name
          + "\" loads but cannot run");
    }
    for (ParameterSchema.Violation v
        : ParameterSchema.checkOverrides(pack.ref() + "." + name, runner.parameters(), specs)) {
      problems.error(doc.file(), doc.lineOf("parameters", v.parameter(), v.attribute()),
          v.message());
    }
  }

  private Map<String, ParameterSpec> parameters(YamlDocument doc, Map<String, Object> params) {
    Map<Integer, String> positions = new HashMap<>();
    params.forEach((pname, decl) -> {
      if (decl instanceof Map<?, ?> d) {
        ParameterChecks.check(doc, List.of("parameters", pname), d, problems);
        Object pos = d.get("position");
        if (pos instanceof Integer p) {
          String other = positions.putIfAbsent(p, pname);
          if (other != null) {
            problems.error(doc.file(), doc.lineOf("parameters", pname, "position"),
                "Parameters " + pname + " and " + other + " have same position " + p
                    + ". Position values have to be unique.");
          }
        }
      } else if (decl != null) {
        problems.error(doc.file(), doc.lineOf("parameters", pname), "parameter \"" + pname
            + "\" must be a mapping (type, description, default…), not " + Fields.describe(decl));
      }
    });
    TreeSet<Integer> sorted = new TreeSet<>(positions.keySet());
    if (!sorted.isEmpty() && sorted.last() - sorted.first() != sorted.size() - 1) {
      problems.error(doc.file(), doc.lineOf("parameters"), "Positions supplied " + sorted
          + " for parameters are not contiguous.");
    }
    return ParameterSpecs.ofAll(params);
  }
}
