package dev.squall.core.pack;

import dev.squall.core.alias.ActionAlias;
import dev.squall.core.alias.AliasFormat;
import dev.squall.core.yaml.YamlDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one alias file (spec §2.1–2.2). Formats are only checked for shape here; compiling them
 * into matchers belongs to the alias package.
 */
final class AliasReader {

  private static final Set<String> KNOWN_KEYS = Set.of("name", "pack", "description", "enabled",
      "action_ref", "formats", "ack", "result", "extra", "immutable_parameters", "ref", "uid", "id",
      "metadata_file");

  private final Pack pack;
  private final Problems problems;

  AliasReader(Pack pack, Problems problems) {
    this.pack = pack;
    this.problems = problems;
  }

  Optional<ActionAlias> read(Path file) {
    return problems.read(file).flatMap(doc -> {
      int errorsBefore = problems.errorCount();
      try {
        ActionAlias alias = check(doc);
        return problems.errorCount() == errorsBefore ? Optional.ofNullable(alias) : Optional.empty();
      } catch (RuntimeException e) {
        // a shape no check foresaw must cost this file, never the pack
        problems.error(file, 0, "cannot read alias metadata: " + e);
        return Optional.empty();
      }
    });
  }

  /** Reads an alias from an already parsed document (an API body), reporting into the problems. */
  Optional<ActionAlias> read(YamlDocument doc) {
    int errorsBefore = problems.errorCount();
    ActionAlias alias = check(doc);
    return problems.errorCount() == errorsBefore ? Optional.ofNullable(alias) : Optional.empty();
  }

  private ActionAlias check(YamlDocument doc) {
    Path file = doc.file();
    Map<String, Object> m = doc.rootMap();
    if (m == null) {
      problems.error(file, 1, "alias metadata must be a mapping of name, action_ref, formats…,"
          + " not " + Fields.describe(doc.root()));
      return null;
    }
    Fields.warnUnknownKeys(doc, KNOWN_KEYS, problems);
    Fields f = new Fields(doc, problems);
    String name = f.requiredString("name");
    String actionRef = f.requiredString("action_ref");
    String packField = f.optionalString("pack");
    Fields.checkPack(doc, pack, packField, problems);
    if (actionRef != null && !actionRef.contains(".")) {
      problems.error(file, doc.lineOf("action_ref"), "action_ref \"" + actionRef
          + "\" must be of the form <pack>.<action>");
    }
    String description = f.optionalString("description");
    boolean enabled = f.optionalBoolean("enabled", true);
    Map<String, Object> ack = f.optionalMap("ack");
    Map<String, Object> result = f.optionalMap("result");
    Map<String, Object> extra = f.optionalMap("extra");
    Object approval = dev.squall.core.alias.ApprovalRule.spec(extra);
    if (approval != null) {
      for (String problem : dev.squall.core.alias.ApprovalRule.problems(approval)) {
        problems.error(doc.file(), doc.lineOf("extra", "squall", "approval"), problem);
      }
    }
    Map<String, Object> immutable = f.optionalMap("immutable_parameters");
    List<AliasFormat> formats = formats(doc, m.get("formats"));
    if (name == null || actionRef == null) {
      return null;
    }
    return new ActionAlias(pack.ref(), name, description, enabled, actionRef, formats, ack,
        result, extra, immutable, file);
  }

  private List<AliasFormat> formats(YamlDocument doc, Object raw) {
    if (raw == null) {
      problems.warning(doc.file(), 1, "alias has no formats: no chat command can reach it");
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      problems.error(doc.file(), doc.lineOf("formats"), "\"formats\" must be a list, not "
          + Fields.describe(raw));
      return List.of();
    }
    List<AliasFormat> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object entry = list.get(i);
      int line = doc.lineOf("formats", i);
      if (entry instanceof String s) {
        out.add(AliasFormat.of(s));
      } else if (entry instanceof Map<?, ?> e) {
        format(doc, i, e).ifPresent(out::add);
      } else {
        problems.error(doc.file(), line, "format #" + (i + 1) + " must be a string or a"
            + " mapping of display/representation/match_multiple, not " + Fields.describe(entry));
      }
    }
    return out;
  }

  private Optional<AliasFormat> format(YamlDocument doc, int i, Map<?, ?> e) {
    int errorsBefore = problems.errorCount();
    for (Object key : e.keySet()) {
      if (!Set.of("display", "representation", "match_multiple").contains(String.valueOf(key))) {
        problems.warning(doc.file(), doc.lineOf("formats", i, key), "unknown key \"" + key
            + "\" in format #" + (i + 1) + " is ignored");
      }
    }
    Object display = e.get("display");
    if (display != null && !(display instanceof String)) {
      problems.error(doc.file(), doc.lineOf("formats", i, "display"), "\"display\" of format #"
          + (i + 1) + " must be a string, not " + Fields.describe(display));
    }
    List<String> representations = new ArrayList<>();
    Object rep = e.get("representation");
    if (rep instanceof String s) {
      representations.add(s); // StackStorm accepts a single string though its schema says array
    } else if (rep instanceof List<?> l) {
      for (int j = 0; j < l.size(); j++) {
        if (l.get(j) instanceof String s) {
          representations.add(s);
        } else {
          problems.error(doc.file(), doc.lineOf("formats", i, "representation", j),
              "representation #" + (j + 1) + " of format #" + (i + 1) + " must be a string, not "
                  + Fields.describe(l.get(j)));
        }
      }
    } else if (rep != null) {
      problems.error(doc.file(), doc.lineOf("formats", i, "representation"), "\"representation\""
          + " of format #" + (i + 1) + " must be a string or a list of strings, not "
          + Fields.describe(rep));
    }
    Object multiple = e.get("match_multiple");
    if (multiple != null && !(multiple instanceof Boolean)) {
      problems.error(doc.file(), doc.lineOf("formats", i, "match_multiple"), "\"match_multiple\""
          + " of format #" + (i + 1) + " must be true or false, not " + Fields.describe(multiple));
    }
    if (problems.errorCount() != errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(new AliasFormat((String) display, representations,
        Boolean.TRUE.equals(multiple), false));
  }
}
