package dev.squall.core.pack;

import static dev.squall.core.pack.PackLoaderTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.action.ParameterSpec;
import dev.squall.core.error.BadRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackConfigTest {

  private final Map<String, ParameterSpec> schema =
      PackConfig.readSchema(resource("packs/demo/config.schema.yaml"));

  @Test
  void appliesDefaultsIncludingNestedOnes() {
    Map<String, Object> values = PackConfig.validate(schema, resource("configs/demo-good.yaml"));

    assertThat(values).containsEntry("api_url", "https://api.example.com")
        .containsEntry("api_token", "s3cret")
        .containsEntry("retries", 3)
        .containsEntry("sensor", Map.of("password", "hunter2", "interval", 30));
  }

  @Test
  void reportsMissingRequiredAndWrongTypesWithFileKeyAndLine() {
    assertThatThrownBy(() -> PackConfig.validate(schema, resource("configs/demo-bad.yaml")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("required config option \"api_token\" is missing")
        .hasMessageContaining("demo-bad.yaml:2: error: config option \"retries\" must be of type"
            + " 'integer', not the string 'three'")
        .hasMessageContaining("demo-bad.yaml:4: error: config option \"sensor.interval\"");
  }

  @Test
  void refusesAValueOutsideTheSchemasEnum(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path schemaFile = dir.resolve("config.schema.yaml");
    java.nio.file.Files.writeString(schemaFile, "region:\n  type: string\n  enum: [eu, us]\n");
    java.nio.file.Path config = dir.resolve("demo.yaml");
    java.nio.file.Files.writeString(config, "region: mars\n");

    assertThatThrownBy(() -> PackConfig.validate(PackConfig.readSchema(schemaFile), config))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("demo.yaml:1: error: config option \"region\" must be one of [eu, us],"
            + " not the string 'mars'");
    java.nio.file.Files.writeString(config, "region: us\n");
    assertThat(PackConfig.validate(PackConfig.readSchema(schemaFile), config)).containsEntry("region", "us");
  }

  @Test
  void masksSecretsAtEveryLevel() {
    Map<String, Object> values = PackConfig.validate(schema, resource("configs/demo-good.yaml"));

    Map<String, Object> masked = PackConfig.maskSecrets(schema, values);

    assertThat(masked).containsEntry("api_token", "********")
        .containsEntry("api_url", "https://api.example.com")
        .containsEntry("sensor", Map.of("password", "********", "interval", 30));
  }
}
