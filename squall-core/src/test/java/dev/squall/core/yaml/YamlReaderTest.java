package dev.squall.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlReaderTest {

  private static final String TEXT = """
      ---
      name: demo
      count: 3
      big: 12345678901
      ratio: 0.5
      on: true
      nothing:
      quoted: "42"
      parameters:
        cmd:
          type: string
      formats:
        - "a"
        - display: b
          representation: [c, d]
      """;

  @Test
  void readsPlainValuesInOrder() {
    YamlDocument doc = YamlReader.parse(TEXT, Path.of("x.yaml"));

    Map<String, Object> root = doc.rootMap();
    assertThat(root.keySet()).containsExactly("name", "count", "big", "ratio", "on", "nothing",
        "quoted", "parameters", "formats");
    assertThat(root).containsEntry("name", "demo").containsEntry("count", 3)
        .containsEntry("big", 12345678901L).containsEntry("ratio", 0.5)
        .containsEntry("on", true).containsEntry("nothing", null).containsEntry("quoted", "42");
    assertThat(root.get("formats")).isEqualTo(
        List.of("a", Map.of("display", "b", "representation", List.of("c", "d"))));
  }

  @Test
  void knowsTheLineOfEveryKeyAndItem() {
    YamlDocument doc = YamlReader.parse(TEXT, Path.of("x.yaml"));

    assertThat(doc.lineOf("name")).isEqualTo(2);
    assertThat(doc.lineOf("parameters", "cmd", "type")).isEqualTo(11);
    assertThat(doc.lineOf("formats", 0)).isEqualTo(13);
    assertThat(doc.lineOf("formats", 1)).isEqualTo(14);
    assertThat(doc.lineOf("formats", 1, "representation")).isEqualTo(15);
    assertThat(doc.lineOf("parameters", "cmd", "missing")).as("nearest ancestor").isEqualTo(10);
  }

  @Test
  void malformedYamlNamesFileLineAndReason(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "a: 1\nb:\n  - x\n  y: 2\n");

    assertThatThrownBy(() -> YamlReader.read(file))
        .isInstanceOfSatisfying(YamlSyntaxException.class, e -> {
          assertThat(e.line()).isEqualTo(4);
          assertThat(e.file()).isEqualTo(file);
          assertThat(e.reason()).isNotBlank().doesNotContain("reader");
          assertThat(e.getMessage()).startsWith(file + ":4:");
        });
    assertThatThrownBy(() -> YamlReader.readOrBadRequest(file))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("bad.yaml:4:");
  }

  @Test
  void anEmptyFileHasNoRoot() {
    assertThat(YamlReader.parse("", null).root()).isNull();
    assertThat(YamlReader.parse("# only a comment\n", null).rootMap()).isNull();
  }
}
