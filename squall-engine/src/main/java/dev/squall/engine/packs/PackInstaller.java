package dev.squall.engine.packs;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.ConflictException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.LoadResult;
import dev.squall.core.pack.LoadedPack;
import dev.squall.core.pack.PackLoader;
import dev.squall.core.problem.Problem;
import dev.squall.engine.runner.PackVirtualenvs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Installs, removes and re-registers packs, as StackStorm's {@code packs.install},
 * {@code packs.uninstall} and {@code packs.load}. A pack is fetched (git clone, folder copy, or
 * through the pack index) into a staging folder, loaded and checked there (no load errors, a
 * compatible {@code stackstorm_version}, its dependencies installed first, its virtualenv made),
 * and only then moved into {@code $SQUALL_HOME/packs/<ref>} by renames on one file system: a
 * failed install leaves the previous version as it was.
 */
public final class PackInstaller {

  private final Path installRoot;
  private final Path staging;
  private final List<Path> roots;
  private final Catalog catalog;
  private final PackLoader loader;
  private final PackIndex index;
  private final PackVirtualenvs virtualenvs;
  private final Consumer<String> changed;
  private final Object lock = new Object();

  /**
   * @param installRoot where installed packs go ({@code $SQUALL_HOME/packs}), one of {@code roots}
   * @param staging a private folder on the same file system, for fetching and checking
   * @param roots the whole pack path, for {@link #register}
   * @param changed told the ref of each pack added, replaced or removed (aliases, rules)
   */
  public PackInstaller(Path installRoot, Path staging, List<Path> roots, Catalog catalog,
      PackLoader loader, PackIndex index, PackVirtualenvs virtualenvs, Consumer<String> changed) {
    this.installRoot = installRoot.toAbsolutePath().normalize();
    this.staging = staging.toAbsolutePath().normalize();
    this.roots = List.copyOf(roots);
    this.catalog = catalog;
    this.loader = loader;
    this.index = index;
    this.virtualenvs = virtualenvs;
    this.changed = changed;
  }

  public PackIndex index() {
    return index;
  }

  /**
   * Installs each source and, first, its dependencies; returns the refs installed, in order.
   *
   * @param force also install a dependency whose installed version does not meet the requirement
   *     and a pack whose {@code stackstorm_version} excludes this Squall
   * @throws BadRequestException a source cannot be fetched, or its pack is broken or incompatible
   * @throws ConflictException a dependency is installed in a version the pack does not accept
   */
  public List<String> install(List<String> sources, boolean force, boolean skipDependencies,
      Consumer<String> progress) {
    synchronized (lock) {
      List<String> installed = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      for (String s : sources) {
        installOne(PackSource.parse(s), force, skipDependencies, progress, seen, installed);
      }
      return installed;
    }
  }

  private void installOne(PackSource source, boolean force, boolean skipDependencies,
      Consumer<String> progress, Set<String> seen, List<String> installed) {
    if (!seen.add(source.text())) {
      return; // a dependency cycle, or the same dependency twice
    }
    Path work = tempDir();
    try {
      progress.accept("Downloading " + source.text());
      Path fetched = fetch(source, work);
      LoadedPack staged = loader.load(fetched);
      List<Problem> errors = staged.problems().stream().filter(Problem::isError).toList();
      if (!errors.isEmpty()) {
        throw new BadRequestException("Pack from " + source.text() + " is broken and was not installed: "
            + String.join("; ", errors.stream().map(Problem::toString).toList()));
      }
      String ref = staged.pack().ref();
      String version = staged.pack().version();
      progress.accept("Checking " + ref + " " + (version == null ? "" : version));
      checkCompatible(ref, staged.pack().metadata(), force);
      LoadedPack current = catalog.pack(ref).orElse(null);
      if (current != null && !current.pack().dir().toAbsolutePath().normalize().startsWith(installRoot)) {
        throw new BadRequestException("Pack " + ref + " is at " + current.pack().dir()
            + ", outside " + installRoot + " where packs are installed; it cannot be replaced by an install");
      }
      if (!skipDependencies) {
        for (String dep : dependencies(staged.pack().metadata())) {
          installDependency(ref, PackSource.parse(dep), force, progress, seen, installed);
        }
      }
      if (needsVirtualenv(staged)) {
        progress.accept("Setting up the virtualenv of " + ref);
        virtualenvs.recreate(ref, fetched);
      }
      Path target = installRoot.resolve(ref);
      swap(fetched, target, work);
      LoadedPack loaded = loader.load(target);
      catalog.put(loaded);
      changed.accept(ref);
      installed.add(ref);
      progress.accept("Installed " + ref + (version == null ? "" : " " + version) + " ("
          + loaded.actions().size() + " actions, " + loaded.aliases().size() + " aliases, "
          + loaded.rules().size() + " rules)");
    } finally {
      deleteTree(work);
    }
  }

  private void installDependency(String of, PackSource dep, boolean force, Consumer<String> progress,
      Set<String> seen, List<String> installed) {
    if (dep instanceof PackSource.Indexed named) {
      LoadedPack have = catalog.pack(named.name()).orElse(null);
      if (have != null) {
        String v = have.pack().version();
        if (named.version() == null || v != null && PackVersion.satisfies(v, named.version())) {
          progress.accept("Dependency " + named.name() + " of " + of + " is installed (" + v + ")");
          return;
        }
        if (!force) {
          throw new ConflictException("Pack " + of + " needs " + named.name() + " " + named.version()
              + " but " + v + " is installed; install that version first, or use force");
        }
      }
    }
    progress.accept("Installing dependency " + dep.text() + " of " + of);
    installOne(dep, force, false, progress, seen, installed);
  }

  private static void checkCompatible(String ref, Map<String, Object> metadata, boolean force) {
    Object wanted = metadata.get("stackstorm_version");
    if (wanted != null && !force) {
      boolean ok;
      try {
        ok = PackVersion.satisfies(PackVersion.STACKSTORM, String.valueOf(wanted));
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("Pack " + ref + ": stackstorm_version: " + e.getMessage());
      }
      if (!ok) {
        throw new BadRequestException("Pack " + ref + " requires StackStorm " + wanted
            + ", and Squall implements StackStorm " + PackVersion.STACKSTORM + " (use force to install anyway)");
      }
    }
  }

  private static List<String> dependencies(Map<String, Object> metadata) {
    return metadata.get("dependencies") instanceof List<?> l
        ? l.stream().map(String::valueOf).toList() : List.of();
  }

  private static boolean needsVirtualenv(LoadedPack p) {
    return Files.isRegularFile(p.pack().dir().resolve("requirements.txt"))
        || p.actions().stream().anyMatch(a -> "python-script".equals(a.runnerType()));
  }

  /** Removes an installed pack, its actions, aliases and rules. */
  public void remove(String ref, Consumer<String> progress) {
    synchronized (lock) {
      LoadedPack p = catalog.pack(ref)
          .orElseThrow(() -> new NotFoundException("Pack \"" + ref + "\" is not installed"));
      Path dir = p.pack().dir().toAbsolutePath().normalize();
      if (!dir.startsWith(installRoot)) {
        throw new BadRequestException("Pack " + ref + " is at " + dir + ", outside " + installRoot
            + " where packs are installed: Squall does not remove it");
      }
      Path work = tempDir();
      try {
        move(dir, work.resolve("removed"));
        catalog.remove(ref);
        changed.accept(ref);
        Path venv = virtualenvs.dir(ref);
        if (Files.isDirectory(venv)) { // nothing else uses it; a reinstall makes a fresh one
          move(venv, work.resolve("virtualenv"));
          progress.accept("Removed the virtualenv of " + ref);
        }
        progress.accept("Removed pack " + ref);
      } finally {
        deleteTree(work);
      }
    }
  }

  /**
   * Reloads packs from disk (all when {@code packs} is empty), drops those whose folder is
   * gone, and returns StackStorm's counts of what is registered.
   */
  public Map<String, Integer> register(List<String> packs) {
    synchronized (lock) {
      // A folder of the path not made yet (no pack installed so far) is no error here.
      LoadResult fresh = loader.loadAll(roots.stream().filter(Files::isDirectory).toList());
      Set<String> found = new LinkedHashSet<>();
      for (LoadedPack p : fresh.packs()) {
        found.add(p.pack().ref());
        if (packs.isEmpty() || packs.contains(p.pack().ref())) {
          catalog.put(p);
          changed.accept(p.pack().ref());
        }
      }
      for (LoadedPack p : catalog.packs()) {
        String ref = p.pack().ref();
        if (!found.contains(ref) && (packs.isEmpty() || packs.contains(ref))) {
          catalog.remove(ref);
          changed.accept(ref);
        }
      }
      List<LoadedPack> now = catalog.packs().stream()
          .filter(p -> packs.isEmpty() || packs.contains(p.pack().ref())).toList();
      Map<String, Integer> counts = new LinkedHashMap<>();
      counts.put("runners", catalog.runnerTypes().size());
      counts.put("packs", now.size());
      counts.put("actions", now.stream().mapToInt(p -> p.actions().size()).sum());
      counts.put("aliases", now.stream().mapToInt(p -> p.aliases().size()).sum());
      counts.put("rules", now.stream().mapToInt(p -> p.rules().size()).sum());
      counts.put("triggers", 0);
      counts.put("sensors", 0);
      counts.put("configs", (int) now.stream().filter(p -> !p.configSchema().isEmpty()).count());
      return counts;
    }
  }

  private Path fetch(PackSource source, Path work) {
    return switch (source) {
      case PackSource.Folder f -> {
        if (!Files.isDirectory(f.dir())) {
          throw new BadRequestException("No pack folder at " + f.dir());
        }
        Path to = work.resolve(f.dir().getFileName().toString());
        copyTree(f.dir(), to);
        yield to;
      }
      case PackSource.Git g -> Git.cloneInto(g.url(), g.ref(), work.resolve(repoName(g.url())));
      case PackSource.Indexed i -> {
        Map<String, Object> entry = index.find(i.name()).orElseThrow(() -> new BadRequestException(
            "No pack named \"" + i.name() + "\" in the pack index " + index.url()));
        Object repo = entry.get("repo_url");
        if (repo == null) {
          throw new BadRequestException("The pack index " + index.url() + " gives no repo_url for " + i.name());
        }
        yield Git.cloneInto(String.valueOf(repo), i.version(), work.resolve(i.name()));
      }
    };
  }

  /** StackStorm's folder name for a repository: its last path part without .git and stackstorm-. */
  static String repoName(String url) {
    String s = url.replaceAll("/+$", "");
    s = s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf(':')) + 1);
    s = s.endsWith(".git") ? s.substring(0, s.length() - 4) : s;
    return s.startsWith("stackstorm-") ? s.substring("stackstorm-".length()) : s;
  }

  private static void swap(Path fetched, Path target, Path work) {
    try {
      Files.createDirectories(target.getParent());
      if (Files.exists(target)) {
        Path previous = work.resolve(".previous");
        move(target, previous);
        try {
          move(fetched, target);
        } catch (UncheckedIOException e) {
          move(previous, target);
          throw e;
        }
      } else {
        move(fetched, target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void move(Path from, Path to) {
    try {
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(from, to);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + from + " to " + to, e);
    }
  }

  private Path tempDir() {
    try {
      Files.createDirectories(staging);
      return Files.createTempDirectory(staging, "pack-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void copyTree(Path from, Path to) {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path rel = from.relativize(p);
        if (rel.getNameCount() > 0 && rel.getName(0).toString().equals(".git")) {
          continue;
        }
        Path dest = to.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
