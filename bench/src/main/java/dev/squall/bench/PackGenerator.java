package dev.squall.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes synthetic packs in StackStorm's layout, for load and memory figures. */
final class PackGenerator {

  private PackGenerator() {}

  static void generate(Path root, int packs, int actionsPerPack) throws IOException {
    for (int p = 0; p < packs; p++) {
      String pack = "bench" + p;
      Path dir = Files.createDirectories(root.resolve(pack).resolve("actions"));
      Files.writeString(root.resolve(pack).resolve("pack.yaml"),
          "ref: " + pack + "\nname: " + pack + "\nversion: 1.0.0\ndescription: generated for benchmarks\n");
      for (int a = 0; a < actionsPerPack; a++) {
        Files.writeString(dir.resolve("act" + a + ".yaml"), """
            name: act%d
            description: Generated action %d of %s
            runner_type: local-shell-cmd
            parameters:
              target:
                type: string
                description: what to act on
                required: true
              count:
                type: integer
                default: 1
              cmd:
                immutable: true
                default: "echo {{ target }} {{ count }}"
            """.formatted(a, a, pack));
      }
    }
  }
}
