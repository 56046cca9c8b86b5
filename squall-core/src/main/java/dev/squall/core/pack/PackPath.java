package dev.squall.core.pack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The pack search path, in precedence order: the packs shipped with Squall, then
 * {@code $SQUALL_HOME/packs}, then each entry of {@code SQUALL_PACKS_PATH} (colon-separated).
 * Each entry is a folder of pack folders.
 */
public final class PackPath {

  private PackPath() {}

  /**
   * Resolves the search path from an environment (pass {@code System.getenv()}). The shipped and
   * home folders are left out when they do not exist; {@code SQUALL_PACKS_PATH} entries are kept,
   * so that a mistyped entry is reported by {@link PackLoader#loadAll(List)}.
   */
  public static List<Path> resolve(Path shippedPacks, Map<String, String> env) {
    LinkedHashSet<Path> roots = new LinkedHashSet<>();
    if (shippedPacks != null && Files.isDirectory(shippedPacks)) {
      roots.add(shippedPacks.toAbsolutePath().normalize());
    }
    String home = env.get("SQUALL_HOME");
    if (home != null && !home.isBlank()) {
      Path homePacks = Path.of(home).resolve("packs");
      if (Files.isDirectory(homePacks)) {
        roots.add(homePacks.toAbsolutePath().normalize());
      }
    }
    String extra = env.get("SQUALL_PACKS_PATH");
    if (extra != null) {
      for (String entry : extra.split(":")) {
        if (!entry.isBlank()) {
          roots.add(Path.of(entry.strip()).toAbsolutePath().normalize());
        }
      }
    }
    return List.copyOf(new ArrayList<>(roots));
  }
}
