package dev.squall.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small pack a test writes into its packs folder (the one it gives the server in
 * {@code SQUALL_PACKS_PATH}): {@code pack.yaml}, then orquesta actions with their workflows,
 * aliases, or any other file.
 */
public final class TestPack {

  private final Path dir;

  private TestPack(Path dir) {
    this.dir = dir;
  }

  /** The pack {@code ref} in {@code packs}, with its {@code pack.yaml} (version 1.0.0). */
  public static TestPack in(Path packs, String ref) {
    TestPack pack = new TestPack(packs.resolve(ref));
    return pack.file("pack.yaml", "ref: " + ref + "\nname: " + ref + "\nversion: 1.0.0\n");
  }

  /**
   * An orquesta action {@code name} running {@code workflow} ({@code actions/workflows/NAME.yaml});
   * {@code parameters} is the YAML of its {@code parameters} mapping, or null for none.
   */
  public TestPack workflow(String name, String parameters, String workflow) {
    StringBuilder metadata = new StringBuilder("name: " + name + "\nrunner_type: orquesta\n"
        + "entry_point: workflows/" + name + ".yaml\n");
    if (parameters != null) {
      metadata.append("parameters:\n");
      parameters.lines().forEach(line -> metadata.append("  ").append(line).append('\n'));
    }
    file("actions/" + name + ".yaml", metadata.toString());
    return file("actions/workflows/" + name + ".yaml", workflow);
  }

  /** The alias {@code aliases/NAME.yaml}. */
  public TestPack alias(String name, String yaml) {
    return file("aliases/" + name + ".yaml", yaml);
  }

  /** Any file of the pack, by its path inside it. */
  public TestPack file(String path, String content) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dir() {
    return dir;
  }
}
