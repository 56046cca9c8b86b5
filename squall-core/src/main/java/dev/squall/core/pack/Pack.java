package dev.squall.core.pack;

import java.nio.file.Path;
import java.util.Map;

/**
 * A pack's own metadata from {@code pack.yaml}. {@code ref} is the pack's name in references
 * ({@code ref:} in pack.yaml, else {@code name}, else the folder name).
 */
public record Pack(
    String ref, String name, String version, String description, Path dir,
    Map<String, Object> metadata) {

  public Pack {
    metadata = metadata == null ? Map.of() : metadata;
  }
}
