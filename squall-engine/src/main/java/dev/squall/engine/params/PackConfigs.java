package dev.squall.engine.params;

import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.LoadedPack;
import dev.squall.core.pack.PackConfig;
import dev.squall.core.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pack configuration values ({@code $SQUALL_HOME/configs/<pack>.yaml}) validated against the pack's
 * {@code config.schema.yaml}, as {@code config_context} for templates. Read again only when the
 * file changes, so executions do not pay for a file read each.
 */
public final class PackConfigs {

  private record Cached(FileTime modified, Map<String, Object> values) {}

  private final Catalog catalog;
  private final Path dir;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public PackConfigs(Catalog catalog, Path dir) {
    this.catalog = catalog;
    this.dir = dir;
  }

  public Path file(String pack) {
    return dir.resolve(pack + ".yaml");
  }

  /** The pack's config with schema defaults applied; empty when it has neither schema nor file. */
  public Map<String, Object> values(String pack) {
    Path file = file(pack);
    FileTime modified = modified(file);
    Cached c = cache.get(pack);
    if (c != null && java.util.Objects.equals(c.modified(), modified)) {
      return c.values();
    }
    Map<String, Object> schemaless = Map.of();
    var schema = catalog.pack(pack).map(LoadedPack::configSchema).orElse(Map.of());
    Map<String, Object> values;
    if (!schema.isEmpty()) {
      values = PackConfig.validate(schema, file);
    } else if (modified != null) {
      Map<String, Object> root = YamlReader.readOrBadRequest(file).rootMap();
      values = root == null ? schemaless : root;
    } else {
      values = schemaless;
    }
    cache.put(pack, new Cached(modified, values));
    return values;
  }

  private static FileTime modified(Path file) {
    try {
      return Files.exists(file) ? Files.getLastModifiedTime(file) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
