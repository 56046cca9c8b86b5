package dev.squall.engine.rules;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.ConflictException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.problem.Problem;
import dev.squall.core.rule.Rule;
import dev.squall.core.rule.RuleYaml;
import dev.squall.engine.jdbc.Jdbc;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rules created, replaced or deleted through the API, kept in the store beside the pack files'
 * (as API aliases are): a stored rule with the ref of a file rule overrides it until deleted. Each
 * change is checked as a rule file is (the errors name the field); the caller reloads the rules.
 */
public final class ApiRules {

  private static final Logger LOG = LoggerFactory.getLogger(ApiRules.class);
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  /** StackStorm's pack for a rule whose body names none. */
  static final String DEFAULT_PACK = "default";

  private final Jdbc jdbc;
  private final Clock clock;
  private final Supplier<List<Rule>> current;

  /** @param current the rules running now (files and API, switches applied) */
  public ApiRules(DataSource db, Clock clock, Supplier<List<Rule>> current) {
    this.jdbc = new Jdbc(db, "API rules");
    this.clock = clock;
    this.current = current;
  }

  /** The pack files' rules with the stored ones over them (a stored ref replaces a file's). */
  public List<Rule> over(List<Rule> fileRules) {
    Map<String, Rule> byRef = new LinkedHashMap<>();
    fileRules.forEach(r -> byRef.put(r.ref(), r));
    jdbc.query("SELECT pack, body, ref FROM api_rules ORDER BY ref", ps -> { }, rs -> {
      while (rs.next()) {
        if (RuleYaml.parse(rs.getString(1), null, rs.getString(2)) instanceof RuleYaml.Loaded l) {
          byRef.put(l.rule().ref(), l.rule());
        } else {
          LOG.error("stored rule {} no longer reads as a rule; left out", rs.getString(3));
        }
      }
      return null;
    });
    return new ArrayList<>(byRef.values());
  }

  /** @throws ConflictException a rule with that ref exists */
  public synchronized Rule create(String body) {
    Rule rule = parse(body);
    if (find(rule.ref()) != null) {
      throw new ConflictException("Rule with ref \"" + rule.ref() + "\" already exists");
    }
    save(rule, body);
    return rule;
  }

  /** Replaces rule {@code ref} by the body's (which must keep its pack and name). */
  public synchronized Rule replace(String ref, String body) {
    if (find(ref) == null) {
      throw new NotFoundException("Rule with ref \"" + ref + "\" not found");
    }
    Rule rule = parse(body);
    if (!rule.ref().equals(ref)) {
      throw new BadRequestException("The body's pack and name (" + rule.ref() + ") must match the rule " + ref);
    }
    save(rule, body);
    return rule;
  }

  /** Deletes a rule made through the API; a file's rule is removed by removing its file. */
  public synchronized void delete(String ref) {
    Rule rule = find(ref);
    if (rule == null) {
      throw new NotFoundException("Rule with ref \"" + ref + "\" not found");
    }
    if (rule.metadataFile() != null) {
      throw new ConflictException("Rule \"" + ref + "\" is defined in the file " + rule.metadataFile()
          + "; remove the file (or set enabled: false) instead");
    }
    jdbc.update("DELETE FROM api_rules WHERE ref = ?", ps -> ps.setString(1, ref));
  }

  /** Parses an API body as a rule file is read; every error names its field. */
  public static Rule parse(String body) {
    String pack = DEFAULT_PACK;
    try {
      if (JSON.readValue(body, Object.class) instanceof Map<?, ?> m && m.get("pack") instanceof String p && !p.isBlank()) {
        pack = p;
      }
    } catch (java.io.IOException notJson) {
      // RuleYaml says what is wrong with it
    }
    return switch (RuleYaml.parse(pack, null, body)) {
      case RuleYaml.Loaded l -> l.rule();
      case RuleYaml.Failed f -> throw new BadRequestException(f.problems().stream()
          .filter(p -> p.severity() == Problem.Severity.ERROR).map(Problem::message)
          .collect(Collectors.joining("; ")));
    };
  }

  private Rule find(String ref) {
    return current.get().stream().filter(r -> r.ref().equals(ref)).findFirst().orElse(null);
  }

  private void save(Rule rule, String body) {
    jdbc.update("DELETE FROM api_rules WHERE ref = ?", ps -> ps.setString(1, rule.ref()));
    jdbc.update("INSERT INTO api_rules (ref, pack, body, updated_at) VALUES (?, ?, ?, ?)", ps -> {
      ps.setString(1, rule.ref());
      ps.setString(2, rule.pack());
      ps.setString(3, body);
      ps.setObject(4, Jdbc.ts(clock.instant()));
    });
  }
}
