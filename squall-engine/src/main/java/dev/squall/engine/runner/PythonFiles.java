package dev.squall.engine.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The Python files Squall ships (the action wrapper and the {@code st2common} compatibility
 * package), copied out of the jar into a folder once per runner, since a Python process cannot
 * import from a jar. The list is {@code python/files.txt} beside them.
 */
public final class PythonFiles {

  private static final String BASE = "python/";

  private final Path dir;
  private boolean copied;

  public PythonFiles(Path dir) {
    this.dir = dir;
  }

  /** The wrapper script, after copying every shipped file if not done yet. */
  synchronized Path wrapper() {
    return file("squall_action_wrapper.py");
  }

  /** A shipped file by its name in {@code files.txt}, after copying every one if not done yet. */
  public synchronized Path file(String name) {
    if (!copied) {
      copyAll();
      copied = true;
    }
    return dir.resolve(name);
  }

  /** The warm workers' fork server, after copying every shipped file if not done yet. */
  Path forkServer() {
    return wrapper().resolveSibling("squall_fork_server.py");
  }

  /** Where actions' bytecode caches go ({@code PYTHONPYCACHEPREFIX}). */
  Path pycache() {
    return dir.resolve("pycache");
  }

  /** The folder that goes on the action's {@code PYTHONPATH}. */
  public Path compat() {
    return dir.resolve("compat");
  }

  private void copyAll() {
    try {
      for (String name : resource("files.txt").lines().map(String::strip)
          .filter(l -> !l.isEmpty()).toList()) {
        Path target = dir.resolve(name).normalize();
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.writeString(part, resource(name), StandardCharsets.UTF_8);
        // Atomically: a process of a previous server may be importing the old copy right now.
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy Squall's Python files to " + dir, e);
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = PythonFiles.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IOException("resource " + BASE + name + " is missing from Squall's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
