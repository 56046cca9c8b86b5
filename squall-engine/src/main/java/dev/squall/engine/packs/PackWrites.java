package dev.squall.engine.packs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.squall.core.action.ActionDef;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.ConflictException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.LoadedPack;
import dev.squall.core.pack.PackLoader;
import dev.squall.core.problem.Problem;
import dev.squall.engine.policy.Policies;
import dev.squall.engine.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Actions and policies created, replaced and deleted through StackStorm's API, written as pack
 * files: the action's metadata YAML in {@code actions/} (and its {@code data_files}, st2's
 * entry point scripts and workflows), a policy's in {@code policies/}. Pack files stay the one
 * truth: what the API wrote is what a reload reads. Each change is first made in a staged copy
 * of the pack's folder and loaded there by the same {@link PackLoader} as a pack load (or
 * checked as a policy file is); with an error nothing is written and the error names the field.
 * Then the files are written and the pack reloaded, so the action runs at once. Only packs under
 * {@code $SQUALL_HOME/packs} are written; those shipped with Squall (core, chatops…) and others
 * on the pack path are read-only here.
 */
public final class PackWrites {

  /** st2's pack for an action whose body names none. */
  public static final String DEFAULT_PACK = "default";

  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]*$");
  private static final Pattern PACK = Pattern.compile("^[a-z0-9_]+$");
  /** Fields the API adds or that st2 computes; never written into a metadata file. */
  private static final Set<String> COMPUTED = Set.of("id", "ref", "uid", "data_files", "metadata_file");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private final Path installRoot;
  private final Path staging;
  private final Catalog catalog;
  private final PackLoader loader;
  private final Consumer<String> changed;
  private final Object lock = new Object();

  /**
   * @param installRoot the only folder whose packs are written ({@code $SQUALL_HOME/packs})
   * @param staging a private folder for staged copies
   * @param changed told the ref of each pack changed (aliases, rules, policies follow)
   */
  public PackWrites(Path installRoot, Path staging, Catalog catalog, PackLoader loader,
      Consumer<String> changed) {
    this.installRoot = installRoot.toAbsolutePath().normalize();
    this.staging = staging.toAbsolutePath().normalize();
    this.catalog = catalog;
    this.loader = loader;
    this.changed = changed;
  }

  /** A file an action ships (st2's {@code data_files}), its path relative to {@code actions/}. */
  public record DataFile(String path, String content) {}

  /**
   * Creates an action (st2's {@code POST /api/v1/actions}); a pack not there yet is made.
   *
   * @throws BadRequestException the action does not load; the message names the field
   * @throws ConflictException an action of that ref exists
   * @throws BadRequestException also when its pack is read-only here (shipped, or outside the install root)
   */
  public ActionDef createAction(Map<String, Object> body, List<DataFile> files) {
    synchronized (lock) {
      String pack = packOf(body);
      String name = nameOf(body);
      if (catalog.action(pack + "." + name).isPresent()) {
        throw new ConflictException("Action \"" + pack + "." + name + "\" already exists; update it with"
            + " PUT /api/v1/actions/" + pack + "." + name);
      }
      Path dir = writableDir(pack);
      Path metadata = dir.resolve("actions").resolve(name + ".yaml");
      if (Files.exists(metadata)) {
        throw new ConflictException("Action file " + metadata + " exists already (its action does not load:"
            + " see `squall pack validate " + dir + "`)");
      }
      return write(pack, dir, metadata, body, files);
    }
  }

  /**
   * Replaces an action's metadata (st2's {@code PUT}); its entry point files stay unless
   * {@code files} replace them.
   */
  public ActionDef updateAction(String ref, Map<String, Object> body, List<DataFile> files) {
    synchronized (lock) {
      ActionDef current = catalog.action(ref)
          .orElseThrow(() -> new NotFoundException("Action with ref \"" + ref + "\" not found"));
      Map<String, Object> merged = new LinkedHashMap<>(body);
      merged.putIfAbsent("pack", current.pack());
      merged.putIfAbsent("name", current.name());
      if (!current.pack().equals(packOf(merged)) || !current.name().equals(nameOf(merged))) {
        throw new BadRequestException("An update keeps the action's pack and name (" + ref + "); to rename"
            + " it, create the new action and delete this one (fields 'pack', 'name')");
      }
      Path dir = writableDir(current.pack());
      Path metadata = current.metadataFile() != null ? current.metadataFile()
          : dir.resolve("actions").resolve(current.name() + ".yaml");
      return write(current.pack(), dir, metadata, merged, files);
    }
  }

  /**
   * Deletes an action: its metadata file goes (the file is the action); its entry point file
   * too with {@code removeFiles} (st2's {@code remove_files}).
   */
  public void deleteAction(String ref, boolean removeFiles) {
    synchronized (lock) {
      ActionDef current = catalog.action(ref)
          .orElseThrow(() -> new NotFoundException("Action with ref \"" + ref + "\" not found"));
      Path dir = writableDir(current.pack());
      try {
        if (removeFiles && current.entryPoint() != null && !current.entryPoint().isBlank()) {
          Path entry = inside(dir.resolve("actions"), current.entryPoint(), "entry_point");
          // another action may run the same file: then it stays
          boolean shared = catalog.actions().stream().anyMatch(a -> !a.ref().equals(ref)
              && a.pack().equals(current.pack()) && current.entryPoint().equals(a.entryPoint()));
          if (!shared) {
            Files.deleteIfExists(entry);
          }
        }
        if (current.metadataFile() != null) {
          Files.deleteIfExists(current.metadataFile());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the files of " + ref, e);
      }
      reload(current.pack(), dir);
    }
  }

  /**
   * Creates ({@code existing} null) or replaces a policy (st2's {@code POST}/{@code PUT
   * /api/v1/policies}), written to {@code policies/<name>.yaml} of its pack.
   *
   * @param existing the policy replaced, or null for a new one
   */
  public Policy writePolicy(Policy existing, Map<String, Object> body) {
    synchronized (lock) {
      Map<String, Object> doc = metadata(body);
      if (existing != null) {
        doc.putIfAbsent("pack", existing.pack());
        doc.putIfAbsent("name", existing.name());
      }
      String pack = packOf(doc);
      String name = nameOf(doc);
      if (catalog.pack(pack).isEmpty()) {
        throw new BadRequestException("pack: no pack \"" + pack + "\" is loaded (field 'pack')");
      }
      if (existing != null && (!existing.pack().equals(pack) || !existing.name().equals(name))) {
        throw new BadRequestException("An update keeps the policy's pack and name (" + existing.ref()
            + ") (fields 'pack', 'name')");
      }
      Path dir = writableDir(pack);
      Path file = existing != null && existing.file() != null ? existing.file()
          : dir.resolve("policies").resolve(name + ".yaml");
      if (existing == null && Files.exists(file)) {
        throw new ConflictException("Policy \"" + pack + "." + name + "\" already exists (" + file + ")");
      }
      Policy checked = Policies.parse(pack, file, doc);
      if (catalog.action(checked.resourceRef()).isEmpty()) {
        throw new BadRequestException("resource_ref: no action \"" + checked.resourceRef() + "\" is loaded");
      }
      writeFile(file, yaml(doc));
      reload(pack, dir);
      return checked;
    }
  }

  /** Deletes a policy's file. */
  public void deletePolicy(Policy existing) {
    synchronized (lock) {
      Path dir = writableDir(existing.pack());
      try {
        Files.deleteIfExists(existing.file());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + existing.file(), e);
      }
      reload(existing.pack(), dir);
    }
  }

  /** Stages the change, loads the staged pack, and writes it for real when it has no error. */
  private ActionDef write(String pack, Path dir, Path metadata, Map<String, Object> body, List<DataFile> files) {
    Map<String, Object> doc = metadata(body);
    doc.put("pack", pack);
    String text = yaml(doc);
    Path relMetadata = dir.relativize(metadata);
    Path work = tempDir();
    try {
      Path stagedDir = work.resolve(pack);
      if (Files.isDirectory(dir)) {
        PackInstaller.copyTree(dir, stagedDir);
      } else {
        Files.createDirectories(stagedDir);
      }
      writePackYamlIfMissing(stagedDir, pack);
      for (DataFile f : files) {
        writeFile(inside(stagedDir.resolve("actions"), f.path(), "data_files.file_path"), f.content());
      }
      Path stagedMetadata = stagedDir.resolve(relMetadata.toString());
      writeFile(stagedMetadata, text);
      LoadedPack staged = loader.load(stagedDir);
      List<String> errors = new ArrayList<>();
      for (Problem p : staged.problems()) {
        if (p.isError() && p.file() != null && concerns(p.file(), stagedDir, stagedMetadata, files, doc.get("entry_point"))) {
          errors.add(dir.resolve(stagedDir.relativize(p.file().toAbsolutePath().normalize()).toString())
              + (p.line() > 0 ? ":" + p.line() : "") + ": " + p.message());
        }
      }
      if (!errors.isEmpty()) {
        throw new BadRequestException("Action " + pack + "." + doc.get("name") + " was not saved: "
            + String.join("; ", errors));
      }
      if (staged.actions().stream().noneMatch(a -> a.name().equals(doc.get("name")))) {
        throw new BadRequestException("Action " + pack + "." + doc.get("name") + " does not load from "
            + relMetadata + "; it was not saved");
      }
      writePackYamlIfMissing(dir, pack);
      for (DataFile f : files) {
        writeFile(inside(dir.resolve("actions"), f.path(), "data_files.file_path"), f.content());
      }
      writeFile(metadata, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      PackInstaller.deleteTree(work);
    }
    reload(pack, dir);
    return catalog.action(pack + "." + doc.get("name")).orElseThrow(() -> new IllegalStateException(
        "action " + pack + "." + doc.get("name") + " was written but did not load"));
  }

  /** A problem of the metadata file, the pack file, a file the request writes, or the entry point. */
  private static boolean concerns(Path file, Path stagedDir, Path metadata, List<DataFile> files, Object entryPoint) {
    Path f = file.toAbsolutePath().normalize();
    Path actions = stagedDir.resolve("actions");
    return f.equals(metadata.toAbsolutePath().normalize()) || f.equals(stagedDir.resolve("pack.yaml"))
        || files.stream().anyMatch(d -> f.equals(actions.resolve(d.path()).normalize()))
        || entryPoint instanceof String e && !e.isBlank() && f.equals(actions.resolve(e).normalize());
  }

  private void reload(String pack, Path dir) {
    catalog.put(loader.load(dir));
    changed.accept(pack);
  }

  /** The pack's folder, when Squall may write it: under the install root, existing or not. */
  private Path writableDir(String pack) {
    LoadedPack loaded = catalog.pack(pack).orElse(null);
    if (loaded == null) {
      return installRoot.resolve(pack);
    }
    Path dir = loaded.pack().dir().toAbsolutePath().normalize();
    if (!dir.startsWith(installRoot)) {
      throw new BadRequestException("Pack \"" + pack + "\" is read-only here: it is at " + dir
          + ", outside " + installRoot + ", where Squall writes the packs it is given through the API"
          + " (the packs shipped with Squall and those of packs.path are edited as files)");
    }
    return dir;
  }

  private static String packOf(Map<String, Object> body) {
    Object pack = body.get("pack");
    String p = pack == null || String.valueOf(pack).isBlank() ? DEFAULT_PACK : String.valueOf(pack);
    if (!PACK.matcher(p).matches()) {
      throw new BadRequestException("pack: \"" + p + "\" is not a pack ref (lower-case letters, digits and _)"
          + " (field 'pack')");
    }
    return p;
  }

  private static String nameOf(Map<String, Object> body) {
    Object name = body.get("name");
    if (!(name instanceof String n) || n.isBlank()) {
      throw new BadRequestException("name: is required (field 'name')");
    }
    if (!NAME.matcher(n).matches()) {
      throw new BadRequestException("name: \"" + n + "\" may hold letters, digits, _, - and . only"
          + " (field 'name')");
    }
    return n;
  }

  private static Map<String, Object> metadata(Map<String, Object> body) {
    Map<String, Object> doc = new LinkedHashMap<>(body);
    doc.keySet().removeAll(COMPUTED);
    return doc;
  }

  /** {@code rel} under {@code base}, or a 400 naming {@code field} when it would leave it. */
  private static Path inside(Path base, String rel, String field) {
    if (rel == null || rel.isBlank()) {
      throw new BadRequestException(field + ": a path is required (field '" + field + "')");
    }
    Path p = base.resolve(rel).toAbsolutePath().normalize();
    if (!p.startsWith(base.toAbsolutePath().normalize()) || p.equals(base.toAbsolutePath().normalize())) {
      throw new BadRequestException(field + ": \"" + rel + "\" is outside the pack's actions folder"
          + " (field '" + field + "')");
    }
    return p;
  }

  private static void writePackYamlIfMissing(Path dir, String pack) throws IOException {
    Path file = dir.resolve("pack.yaml");
    if (!Files.exists(file)) {
      Files.createDirectories(dir);
      Files.writeString(file, "ref: " + pack + "\nname: " + pack + "\nversion: 0.1.0\n"
          + "description: Actions created through the API\n");
    }
  }

  /** Writes through a temporary file and a rename, so a reader never sees half a file. */
  private static void writeFile(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      PackInstaller.move(tmp, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String yaml(Map<String, Object> doc) {
    try {
      return YAML.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("the action cannot be written as YAML: " + e.getOriginalMessage());
    }
  }

  private Path tempDir() {
    try {
      Files.createDirectories(staging);
      return Files.createTempDirectory(staging, "write-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
