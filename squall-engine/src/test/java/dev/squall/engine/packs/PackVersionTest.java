package dev.squall.engine.packs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PackVersionTest {

  @Test
  void requirementsAsPackMetadataWritesThem() {
    assertThat(PackVersion.satisfies("3.9.0", ">=3.0.0")).isTrue();
    assertThat(PackVersion.satisfies("3.9.0", ">2.9,<4")).isTrue();
    assertThat(PackVersion.satisfies("3.9.0", ">=3.10")).isFalse();
    assertThat(PackVersion.satisfies("1.2.0", "1.2")).isTrue();
    assertThat(PackVersion.satisfies("v1.2.1", "==1.2.0")).isFalse();
    assertThat(PackVersion.satisfies("1.0.0", null)).isTrue();
    assertThatThrownBy(() -> PackVersion.satisfies("1.0", "~>1.0")).hasMessageContaining("~>");
  }

  @Test
  void sourcesAreGitUrlsWithAnOptionalRefFoldersOrIndexNames() {
    assertThat(PackSource.parse("https://github.com/StackStorm-Exchange/stackstorm-aws=v1.2.0"))
        .isEqualTo(new PackSource.Git("https://github.com/StackStorm-Exchange/stackstorm-aws=v1.2.0",
            "https://github.com/StackStorm-Exchange/stackstorm-aws", "v1.2.0"));
    assertThat(PackSource.parse("git@github.com:me/pack.git")).isInstanceOf(PackSource.Git.class);
    assertThat(PackSource.parse("/tmp/mypack")).isEqualTo(new PackSource.Folder("/tmp/mypack", Path.of("/tmp/mypack")));
    assertThat(PackSource.parse("aws=1.2.0")).isEqualTo(new PackSource.Indexed("aws=1.2.0", "aws", "1.2.0"));
    assertThat(PackInstaller.repoName("https://github.com/StackStorm-Exchange/stackstorm-aws.git")).isEqualTo("aws");
  }
}
