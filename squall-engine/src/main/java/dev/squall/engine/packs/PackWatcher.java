package dev.squall.engine.packs;

import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.LoadedPack;
import dev.squall.core.pack.PackLoader;
import dev.squall.core.problem.Problem;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a pack the moment its files change, so a new or edited action or alias is usable at
 * once — no polling interval, no restart. Changes are collected for a short quiet period, then
 * each touched pack is loaded again and replaces its old content atomically in the catalog; the
 * listener (alias index, rules, sensors) hears which pack changed. A pack that now fails to load
 * keeps its previous content and the problems are logged; a pack whose folder is deleted is removed.
 */
public final class PackWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PackWatcher.class);
  private static final long QUIET_MS = 100;
  private static final List<String> WATCHED_SUBDIRS = List.of("actions", "aliases", "rules", "sensors", "triggers");
  /** How often a pack folder of the path that does not exist yet is looked for. */
  private static final long PENDING_ROOT_MS = 500;

  private final List<Path> roots;
  private final Set<Path> pendingRoots = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Catalog catalog;
  private final PackLoader loader;
  private final Consumer<String> changed;
  private final WatchService watcher;
  private final Thread thread;

  /** @param changed told the ref of each pack that was reloaded */
  public PackWatcher(List<Path> roots, Catalog catalog, PackLoader loader, Consumer<String> changed)
      throws IOException {
    this.roots = roots.stream().filter(java.util.Objects::nonNull)
        .map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    this.catalog = catalog;
    this.loader = loader;
    this.changed = changed;
    this.watcher = FileSystems.getDefault().newWatchService();
    for (Path root : this.roots) {
      if (Files.isDirectory(root)) {
        registerRoot(root);
      } else {
        pendingRoots.add(root);
      }
    }
    this.thread = Thread.ofPlatform().daemon().name("squall-pack-watcher").start(this::run);
  }

  /** @return the pack folders in it */
  private List<Path> registerRoot(Path root) throws IOException {
    register(root);
    try (Stream<Path> packs = Files.list(root)) {
      List<Path> found = packs.filter(Files::isDirectory).toList();
      for (Path pack : found) {
        registerPack(pack);
      }
      return found;
    }
  }

  private void registerPack(Path pack) throws IOException {
    register(pack);
    for (String sub : WATCHED_SUBDIRS) {
      if (Files.isDirectory(pack.resolve(sub))) {
        register(pack.resolve(sub));
      }
    }
  }

  private void register(Path dir) throws IOException {
    dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
  }

  private void run() {
    try {
      while (true) {
        WatchKey first = watcher.poll(PENDING_ROOT_MS, TimeUnit.MILLISECONDS);
        Set<Path> packs = new LinkedHashSet<>();
        appearedRoots(packs);
        if (first == null) {
          packs.forEach(this::reload);
          continue;
        }
        collect(first, packs);
        WatchKey next;
        while ((next = watcher.poll(QUIET_MS, TimeUnit.MILLISECONDS)) != null) {
          collect(next, packs);
        }
        packs.forEach(this::reload);
      }
    } catch (InterruptedException | ClosedWatchServiceException stopped) {
      // closing
    }
  }

  /**
   * A folder of the pack path that did not exist at start (created since, by hand or by the
   * first pack install) is watched from when it appears, and its packs loaded.
   */
  private void appearedRoots(Set<Path> packs) {
    for (Path root : List.copyOf(pendingRoots)) {
      if (Files.isDirectory(root)) {
        try {
          packs.addAll(registerRoot(root));
          pendingRoots.remove(root);
          LOG.info("watching pack folder {}, created after start", root);
        } catch (IOException e) {
          LOG.warn("cannot watch {}: {}", root, e.toString());
        }
      }
    }
  }

  private void collect(WatchKey key, Set<Path> packs) {
    Path dir = (Path) key.watchable();
    for (var event : key.pollEvents()) {
      if (event.context() instanceof Path name && !isBytecodeCache(name)) {
        Path changedPath = dir.resolve(name);
        packOf(changedPath).ifPresent(pack -> {
          packs.add(pack);
          if (Files.isDirectory(changedPath)) {
            try {
              if (changedPath.equals(pack)) {
                registerPack(pack);
              } else if (WATCHED_SUBDIRS.contains(name.toString())) {
                register(changedPath);
              }
            } catch (IOException e) {
              LOG.warn("cannot watch {}: {}", changedPath, e.toString());
            }
          }
        });
      }
    }
    key.reset();
  }

  /**
   * Python writes {@code __pycache__} beside the actions it imports: that is the runner at work,
   * not the pack changing, and reloading for it would reload at every first run.
   */
  private static boolean isBytecodeCache(Path name) {
    String n = name.toString();
    return n.equals("__pycache__") || n.endsWith(".pyc");
  }

  /** The pack folder a changed path belongs to: the first level below one of the roots. */
  private java.util.Optional<Path> packOf(Path p) {
    for (Path root : roots) {
      if (p.startsWith(root) && !p.equals(root)) {
        return java.util.Optional.of(root.resolve(root.relativize(p).getName(0)));
      }
    }
    return java.util.Optional.empty();
  }

  private void reload(Path packDir) {
    if (!Files.isRegularFile(packDir.resolve("pack.yaml"))) {
      // its folder (or pack.yaml) is gone: so is the pack, and what it ran (sensors) stops
      catalog.packs().stream().filter(p -> p.pack().dir().equals(packDir)).findFirst().ifPresent(lp -> {
        catalog.remove(lp.pack().ref());
        changed.accept(lp.pack().ref());
        LOG.info("removed pack {}: {} is gone", lp.pack().ref(), packDir.resolve("pack.yaml"));
      });
      return;
    }
    try {
      LoadedPack lp = loader.load(packDir);
      lp.problems().stream().filter(Problem::isError).forEach(p -> LOG.error("{}", p));
      catalog.put(lp);
      changed.accept(lp.pack().ref());
      LOG.info("reloaded pack {} ({} actions, {} aliases)", lp.pack().ref(), lp.actions().size(), lp.aliases().size());
    } catch (RuntimeException e) {
      LOG.error("reloading {} failed; its previous content stays: {}", packDir, e.toString());
    }
  }

  @Override
  public void close() {
    try {
      watcher.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
    thread.interrupt();
  }
}
