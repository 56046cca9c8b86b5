package dev.squall.core.pack;

import dev.squall.core.action.ActionDef;
import dev.squall.core.action.Closest;
import dev.squall.core.alias.ActionAlias;
import dev.squall.core.alias.AliasFormat;
import dev.squall.core.problem.Problem;
import dev.squall.core.rule.Rule;
import dev.squall.core.trigger.SystemTriggerTypes;
import dev.squall.core.trigger.TriggerType;
import dev.squall.core.yaml.YamlDocument;
import dev.squall.core.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What no single file can tell: an alias or a rule naming an action that does not exist, a rule
 * on a trigger type no pack declares, and two aliases with the same format (the matcher could run
 * either). Loading a file checks the file;
 * this checks the packs together, at start and in {@code pack validate}, so such a mistake shows
 * up before someone types the command.
 */
public final class CrossReferences {

  private CrossReferences() {}

  /**
   * @param complete whether {@code packs} is everything installed (at start): then a reference
   *     into a pack that is not there is an error too. {@code pack validate} of a few folders
   *     checks only references into the packs it was given.
   */
  public static List<Problem> check(List<LoadedPack> packs, boolean complete) {
    Set<String> packRefs = packs.stream().map(p -> p.pack().ref()).collect(Collectors.toSet());
    Set<String> actions = packs.stream().flatMap(p -> p.actions().stream()).map(ActionDef::ref)
        .collect(Collectors.toSet());
    Set<String> triggerTypes = java.util.stream.Stream.concat(SystemTriggerTypes.all().stream(),
        packs.stream().flatMap(p -> p.triggerTypes().stream())).map(TriggerType::ref).collect(Collectors.toSet());
    List<Problem> problems = new ArrayList<>();
    Map<String, ActionAlias> formats = new HashMap<>();
    for (LoadedPack pack : packs) {
      for (ActionAlias alias : pack.aliases()) {
        missingAction(alias.actionRef(), alias.metadataFile(), new Object[] {"action_ref"},
            "alias " + alias.ref(), packRefs, actions, complete).ifPresent(problems::add);
        if (alias.enabled()) {
          duplicateFormats(alias, formats, problems);
        }
      }
      for (Rule rule : pack.rules()) {
        if (rule.trigger() != null) {
          unknownTriggerType(rule, packRefs, triggerTypes, complete).ifPresent(problems::add);
        }
        if (rule.action() != null) {
          missingAction(rule.action().ref(), rule.metadataFile(), new Object[] {"action", "ref"},
              "rule " + rule.pack() + "." + rule.name(), packRefs, actions, complete)
              .ifPresent(problems::add);
        }
      }
    }
    return problems;
  }

  private static java.util.Optional<Problem> missingAction(String ref, Path file, Object[] keyPath,
      String what, Set<String> packRefs, Set<String> actions, boolean complete) {
    if (ref == null || ref.isBlank() || actions.contains(ref)) {
      return java.util.Optional.empty();
    }
    int dot = ref.indexOf('.');
    String pack = dot > 0 ? ref.substring(0, dot) : ref;
    if (!complete && !packRefs.contains(pack)) {
      return java.util.Optional.empty();
    }
    String hint = Closest.of(ref, actions).map(c -> "; did you mean \"" + c + "\"?").orElse("");
    String why = packRefs.contains(pack) ? "pack " + pack + " has no such action"
        : "no pack " + pack + " is installed";
    // A warning, not an error: the pack loads and only this alias or rule cannot run, as in
    // StackStorm, which registers it silently (three Exchange packs in the corpus ship one).
    return java.util.Optional.of(Problem.warning(file, line(file, keyPath),
        what + " runs action \"" + ref + "\", which does not exist (" + why + ")" + hint));
  }

  private static java.util.Optional<Problem> unknownTriggerType(Rule rule, Set<String> packRefs,
      Set<String> known, boolean complete) {
    String type = rule.trigger().type();
    if (type == null || type.isBlank() || known.contains(type)) {
      return java.util.Optional.empty();
    }
    int dot = type.indexOf('.');
    String pack = dot > 0 ? type.substring(0, dot) : type;
    if (!complete && !packRefs.contains(pack)) {
      return java.util.Optional.empty();
    }
    String hint = Closest.of(type, known).map(c -> "; did you mean \"" + c + "\"?").orElse("");
    // A warning: the rule loads and never fires, as in StackStorm, where a sensor installed later
    // may still declare the type.
    return java.util.Optional.of(Problem.warning(rule.metadataFile(),
        line(rule.metadataFile(), new Object[] {"trigger", "type"}), "rule " + rule.pack() + "."
            + rule.name() + " waits for trigger type \"" + type + "\", which no pack declares"
            + (packRefs.contains(pack) ? "" : " (no pack " + pack + " is installed)") + hint));
  }

  private static void duplicateFormats(ActionAlias alias, Map<String, ActionAlias> seen,
      List<Problem> problems) {
    for (AliasFormat format : alias.formats()) {
      for (String representation : format.representations()) {
        String key = representation.strip().replaceAll("\\s+", " ");
        ActionAlias first = seen.putIfAbsent(key, alias);
        if (first != null && first != alias) {
          problems.add(Problem.error(alias.metadataFile(), line(alias.metadataFile(), new Object[] {"formats"}),
              "alias " + alias.ref() + " has the format \"" + key + "\" of alias " + first.ref()
                  + " (" + first.metadataFile() + "): a command matching it could run either;"
                  + " change or remove one"));
        }
      }
    }
  }

  private static int line(Path file, Object[] keyPath) {
    if (file == null) {
      return 0;
    }
    try {
      YamlDocument doc = YamlReader.read(file);
      return Math.max(doc.lineOf(keyPath), 0);
    } catch (RuntimeException unreadable) {
      return 0; // the file's own problem was reported when it was loaded
    }
  }
}
