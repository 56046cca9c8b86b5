package dev.squall.core.corpus;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared corpus of real StackStorm packs ({@code shared/corpus/stackstorm-packs} beside or
 * above the repository, or below {@code SQUALL_REPO_ROOT}), for the tests that check Squall
 * against it. Without the corpus such a test is skipped, and fails under
 * {@code SQUALL_REQUIRE_ALL=1}, where nothing may be skipped.
 */
public final class StackStormCorpus {

  private static final String WHERE = "shared/corpus/stackstorm-packs";

  private StackStormCorpus() {}

  /** The corpus directory; skips (or, under {@code SQUALL_REQUIRE_ALL=1}, fails) the test without it. */
  public static Path require() {
    String root = System.getenv("SQUALL_REPO_ROOT");
    return require((root != null ? Path.of(root) : Path.of("")).toAbsolutePath(),
        "1".equals(System.getenv("SQUALL_REQUIRE_ALL")));
  }

  /** The corpus beside or above {@code start}; skips the test without it, or fails it when {@code requireAll}. */
  static Path require(Path start, boolean requireAll) {
    Path found = find(start);
    if (found == null) {
      String missing = "StackStorm pack corpus not found (" + WHERE + " beside or above " + start + ")";
      if (requireAll) {
        fail(missing + "; SQUALL_REQUIRE_ALL=1 forbids skipping");
      }
      Assumptions.abort(missing);
    }
    return found;
  }

  /** One pack of the corpus, such as {@code core}; as {@link #require()} when it is missing. */
  public static Path requirePack(String name) {
    Path pack = require().resolve(name);
    if (!Files.isDirectory(pack)) {
      fail("the StackStorm pack corpus at " + pack.getParent() + " has no pack " + name);
    }
    return pack;
  }

  private static Path find(Path start) {
    for (Path p = start; p != null; p = p.getParent()) {
      Path beside = p.resolve("../" + WHERE).normalize();
      if (Files.isDirectory(beside)) {
        return beside;
      }
      Path below = p.resolve(WHERE);
      if (Files.isDirectory(below)) {
        return below;
      }
    }
    return null;
  }
}
