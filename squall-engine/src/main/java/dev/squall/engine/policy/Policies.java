package dev.squall.engine.policy;

import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.LoadedPack;
import dev.squall.core.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packs' policies ({@code policies/*.yaml}), by pack, read again when a pack changes
 * ({@link #reload(String)}). A policy file with an error (unknown type, a missing or mistyped
 * parameter) is left out and logged with its file, as a broken action is.
 */
public final class Policies {

  private static final Logger LOG = LoggerFactory.getLogger(Policies.class);

  private final Catalog catalog;
  private final Map<String, List<Policy>> byPack = new ConcurrentHashMap<>();

  public Policies(Catalog catalog) {
    this.catalog = catalog;
    catalog.packs().forEach(p -> reload(p.pack().ref()));
  }

  /** Reads one pack's policies again (none when the pack is gone). */
  public void reload(String pack) {
    Optional<LoadedPack> p = catalog.pack(pack);
    if (p.isEmpty()) {
      byPack.remove(pack);
      return;
    }
    byPack.put(pack, read(pack, p.get().pack().dir().resolve("policies")));
  }

  /** Every policy, by pack then name. */
  public List<Policy> all() {
    return byPack.values().stream().flatMap(List::stream)
        .sorted(Comparator.comparing(Policy::ref)).toList();
  }

  /** The enabled policies of an action. */
  public List<Policy> of(String actionRef) {
    return all().stream().filter(p -> p.enabled() && p.resourceRef().equals(actionRef)).toList();
  }

  public Optional<Policy> find(String ref) {
    return all().stream().filter(p -> p.ref().equals(ref)).findFirst();
  }

  private static List<Policy> read(String pack, Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Policy> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted().toList()) {
        try {
          out.add(check(pack, f, YamlReader.read(f).rootMap()));
        } catch (RuntimeException e) {
          LOG.error("{}: {}", f, e.getMessage());
        }
      }
    } catch (IOException e) {
      LOG.error("cannot read {}: {}", dir, e.toString());
    }
    return List.copyOf(out);
  }

  /**
   * A policy document checked as a policy file is (for one written through the API).
   *
   * @throws dev.squall.core.error.BadRequestException what is wrong, naming the field
   */
  public static Policy parse(String pack, Path file, Map<String, Object> doc) {
    try {
      return check(pack, file, doc);
    } catch (IllegalArgumentException e) {
      throw new dev.squall.core.error.BadRequestException(e.getMessage());
    }
  }

  /** @throws IllegalArgumentException what is wrong with the file, naming the field */
  static Policy check(String pack, Path file, Map<String, Object> doc) {
    String name = required(doc, "name");
    String resource = required(doc, "resource_ref");
    String typeRef = required(doc, "policy_type");
    PolicyType type = PolicyType.of(typeRef).orElseThrow(() -> new IllegalArgumentException(
        "policy_type: unknown policy type \"" + typeRef + "\" (Squall has "
            + String.join(", ", Stream.of(PolicyType.values()).map(PolicyType::ref).toList()) + ")"));
    Map<String, Object> params = new LinkedHashMap<>();
    if (doc.get("parameters") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> params.put(String.valueOf(k), v));
    } else if (doc.get("parameters") != null) {
      throw new IllegalArgumentException("parameters: must be a mapping");
    }
    switch (type) {
      case CONCURRENCY, CONCURRENCY_ATTR -> {
        if (!(params.get("threshold") instanceof Integer t) || t < 0) {
          throw new IllegalArgumentException("parameters.threshold: a whole number of at least 0 is required");
        }
        Object action = params.getOrDefault("action", "delay");
        if (!"delay".equals(action) && !"cancel".equals(action)) {
          throw new IllegalArgumentException("parameters.action: must be delay or cancel, not " + action);
        }
        if (type == PolicyType.CONCURRENCY_ATTR
            && !(params.get("attributes") instanceof List<?> l && !l.isEmpty())) {
          throw new IllegalArgumentException("parameters.attributes: a list of parameter names is required");
        }
      }
      case RETRY -> {
        Object on = params.get("retry_on");
        if (!"failure".equals(on) && !"timeout".equals(on)) {
          throw new IllegalArgumentException("parameters.retry_on: must be failure or timeout, not " + on);
        }
        if (params.containsKey("max_retry_count") && !(params.get("max_retry_count") instanceof Integer)) {
          throw new IllegalArgumentException("parameters.max_retry_count: must be a whole number");
        }
        if (params.containsKey("delay") && !(params.get("delay") instanceof Number)) {
          throw new IllegalArgumentException("parameters.delay: must be a number of seconds");
        }
      }
    }
    Object enabled = doc.getOrDefault("enabled", true);
    Object ownPack = doc.getOrDefault("pack", pack);
    return new Policy(String.valueOf(ownPack), name, String.valueOf(doc.getOrDefault("description", "")),
        resource, type, params, !Boolean.FALSE.equals(enabled), file);
  }

  private static String required(Map<String, Object> doc, String field) {
    Object v = doc.get(field);
    if (v == null || String.valueOf(v).isBlank()) {
      throw new IllegalArgumentException(field + ": is required");
    }
    return String.valueOf(v);
  }
}
