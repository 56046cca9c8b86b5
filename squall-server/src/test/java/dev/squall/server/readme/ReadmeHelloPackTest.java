package dev.squall.server.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.pack.LoadResult;
import dev.squall.core.pack.PackLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pack the README builds, file by file, loads as written. */
class ReadmeHelloPackTest {

  private static final Pattern PACK_FILE =
      Pattern.compile("```yaml\\n# ~/\\.squall/packs/(hello/[^\\n]+)\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path packs;

  @Test
  void theReadmesHelloPackLoadsWithoutProblems() throws Exception {
    String readme = Files.readString(repoRoot().resolve("README.md"));
    Matcher m = PACK_FILE.matcher(readme);
    int files = 0;
    while (m.find()) {
      Path file = packs.resolve(m.group(1));
      Files.createDirectories(file.getParent());
      Files.writeString(file, m.group(2));
      files++;
    }
    assertThat(files).as("README files under ~/.squall/packs/hello").isGreaterThanOrEqualTo(3);

    LoadResult loaded = new PackLoader().loadAll(List.of(packs));

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.packs()).singleElement().satisfies(p -> {
      assertThat(p.pack().ref()).isEqualTo("hello");
      assertThat(p.actions()).extracting(a -> a.ref()).contains("hello.greet");
      assertThat(p.aliases()).isNotEmpty();
    });
  }

  static Path repoRoot() {
    String root = System.getenv("SQUALL_REPO_ROOT");
    return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
  }
}
