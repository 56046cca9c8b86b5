package dev.squall.core.config;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.yaml.YamlDocument;
import dev.squall.core.yaml.YamlReader;
import dev.squall.core.yaml.YamlSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Squall's configuration: {@code squall.yaml} plus environment overrides. Every key path can be
 * overridden by {@code SQUALL_<PATH_IN_UPPER_SNAKE>} ({@code chat.irc.server} →
 * {@code SQUALL_CHAT_IRC_SERVER}); the environment wins over the file. A string value of the form
 * {@code file:/path} is replaced by the file's content (trimmed), so secrets can live outside the
 * config file.
 */
public final class Config {


  private final Map<String, Object> root;
  private final Map<String, String> env;
  private final Path home;
  private final YamlDocument file; // null without a file: for line numbers in messages

  public Config(Map<String, Object> root, Map<String, String> env, Path home) {
    this(root, env, home, null);
  }

  private Config(Map<String, Object> root, Map<String, String> env, Path home, YamlDocument file) {
    this.root = root == null ? Map.of() : root;
    this.env = Map.copyOf(env);
    this.home = home;
    this.file = file;
  }

  /**
   * Top-level keys of the file that are not among {@code known}, each as {@code file:line:
   * warning}, with the closest known name: a misspelt section is otherwise silently ignored.
   */
  public List<String> unknownSections(java.util.Collection<String> known) {
    List<String> out = new java.util.ArrayList<>();
    for (String key : root.keySet()) {
      if (!known.contains(key)) {
        String hint = dev.squall.core.action.Closest.of(key, known)
            .map(c -> " (did you mean \"" + c + "\"?)").orElse("");
        out.add(where(key) + ": unknown section \"" + key + "\"" + hint + "; it is ignored");
      }
    }
    return out;
  }

  /**
   * Reads the configuration with each of {@code readers} (the settings of every part of Squall)
   * and reports every problem they find at once, each with where it comes from — rather than the
   * first one per start, which makes fixing a config file a loop of restarts. A reader that throws
   * a {@link ConfigException} is reported and the next one runs. (Unknown sections are warnings,
   * {@link #unknownSections}: other tools' sections may share the file.)
   *
   * @throws BadRequestException listing every problem, one per line, when there is any
   */
  public void check(List<java.util.function.Consumer<Config>> readers) {
    List<String> problems = new java.util.ArrayList<>();
    for (java.util.function.Consumer<Config> reader : readers) {
      try {
        reader.accept(this);
      } catch (ConfigException e) {
        problems.add(e.located() ? e.getMessage() : where(e.path()) + ": " + e.getMessage());
      } catch (BadRequestException e) { // a problem that spans keys, e.g. a password without its user
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      String source = file == null ? "the configuration" : file.file().toString();
      throw new BadRequestException(problems.size() == 1
          ? problems.get(0)
          : problems.size() + " problems in " + source + ":\n  " + String.join("\n  ", problems));
    }
  }

  /** Where {@code path}'s value comes from: its environment variable, or the file and line. */
  public String where(String path) {
    if (env.containsKey(envName(path))) {
      return envName(path);
    }
    return file == null ? "config" : file.file() + ":" + file.lineOf((Object[]) path.split("\\."));
  }

  /**
   * Loads the configuration for a process: {@code configFile} if given, else
   * {@code $SQUALL_HOME/squall.yaml} when it exists, else defaults only.
   */
  public static Config load(Path configFile, Map<String, String> env) {
    Path home = homeFrom(env);
    Path file = configFile != null ? configFile : home.resolve("squall.yaml");
    if (configFile != null && !Files.isRegularFile(configFile)) {
      throw new BadRequestException("config file " + configFile + " does not exist");
    }
    if (!Files.isRegularFile(file)) {
      return new Config(Map.of(), env, home);
    }
    YamlDocument doc;
    try {
      doc = YamlReader.read(file);
    } catch (YamlSyntaxException e) {
      throw new BadRequestException(e.getMessage(), e); // file:line:column: invalid YAML: …
    } catch (java.io.UncheckedIOException e) {
      throw new BadRequestException(e.getMessage(), e);
    }
    if (doc.root() != null && doc.rootMap() == null) {
      throw new BadRequestException(file + ":1: the top level must be a mapping of keys");
    }
    return new Config(doc.root() == null ? Map.of() : doc.rootMap(), env, home, doc);
  }

  /** {@code $SQUALL_HOME}, else {@code ~/.squall}. */
  public static Path homeFrom(Map<String, String> env) {
    String h = env.get("SQUALL_HOME");
    if (h != null && !h.isBlank()) {
      return Path.of(h).toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".squall");
  }

  public Path home() {
    return home;
  }

  /** The environment variable that overrides {@code path}. */
  public static String envName(String path) {
    return "SQUALL_" + path.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** The raw value at a dotted path, the environment first. */
  public Optional<Object> get(String path) {
    String fromEnv = env.get(envName(path));
    if (fromEnv != null) {
      return Optional.of(resolveFile(fromEnv));
    }
    Object node = root;
    for (String part : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> m) || !m.containsKey(part)) {
        return Optional.empty();
      }
      node = m.get(part);
    }
    return Optional.ofNullable(node instanceof String s ? resolveFile(s) : node);
  }

  public String string(String path, String defaultValue) {
    return get(path).map(String::valueOf).orElse(defaultValue);
  }

  public int integer(String path, int defaultValue) {
    Object v = get(path).orElse(null);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(path, "must be an integer, not '" + v + "'", where(path));
    }
  }

  public boolean bool(String path, boolean defaultValue) {
    Object v = get(path).orElse(null);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    return switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new ConfigException(path, "must be true or false, not '" + v + "'", where(path));
    };
  }

  /**
   * A sub-section as a map, merged with environment overrides of its direct keys
   * ({@code SQUALL_CHAT_IRC_SERVER} appears as {@code server} in section {@code chat.irc}).
   */
  public Map<String, Object> section(String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    get(path).filter(Map.class::isInstance).ifPresent(m -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) m;
      out.putAll(map);
    });
    String prefix = envName(path) + "_";
    env.forEach((k, v) -> {
      if (k.startsWith(prefix) && !k.substring(prefix.length()).contains("__")) {
        out.put(k.substring(prefix.length()).toLowerCase(Locale.ROOT), resolveFile(v));
      }
    });
    return out;
  }

  /** Whether an environment variable sets a key under {@code path} ({@code SQUALL_CHAT_IRC_…}). */
  public boolean setInEnvironment(String path) {
    String prefix = envName(path) + "_";
    return env.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  /** Names of the sub-sections under {@code path} (from the file and the environment). */
  public List<String> sectionNames(String path) {
    return section(path).entrySet().stream()
        .filter(e -> e.getValue() instanceof Map)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static Object resolveFile(String value) {
    if (!value.startsWith("file:")) {
      return value;
    }
    Path p = Path.of(value.substring("file:".length()));
    try {
      return Files.readString(p).trim();
    } catch (IOException e) {
      throw new BadRequestException("cannot read secret file " + p + ": " + e.getMessage(), e);
    }
  }
}
