package dev.squall.core.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class StackStormCorpusTest {

  @TempDir
  Path dir;

  @Test
  void aMissingCorpusSkipsTheTest() {
    assertThatThrownBy(() -> StackStormCorpus.require(dir.resolve("repo"), false))
        .isInstanceOf(TestAbortedException.class).hasMessageContaining("StackStorm pack corpus not found");
  }

  @Test
  void aMissingCorpusFailsTheTestWhenNothingMayBeSkipped() {
    assertThatThrownBy(() -> StackStormCorpus.require(dir.resolve("repo"), true))
        .isInstanceOf(AssertionFailedError.class).hasMessageContaining("SQUALL_REQUIRE_ALL=1 forbids skipping");
  }

  @Test
  void theCorpusIsFoundBesideAnAncestorOfTheRepository() throws IOException {
    Path corpus = Files.createDirectories(dir.resolve("shared/corpus/stackstorm-packs"));
    Path module = Files.createDirectories(dir.resolve("work/repo/squall-core"));

    assertThat(StackStormCorpus.require(module, true)).isEqualTo(corpus);
  }
}
