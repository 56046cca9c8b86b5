package dev.squall.core.pack;

import dev.squall.core.alias.ActionAlias;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.problem.Problem;
import dev.squall.core.yaml.YamlDocument;
import dev.squall.core.yaml.YamlReader;
import dev.squall.core.yaml.YamlSyntaxException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Aliases that arrive as a document rather than a pack file (the API's {@code POST/PUT
 * /actionalias} bodies), checked by the same reader as alias files.
 */
public final class AliasDocuments {

  private AliasDocuments() {}

  /**
   * Reads an alias from JSON (or YAML) text. Its pack is the body's {@code pack}.
   *
   * @throws BadRequestException listing every problem
   */
  public static ActionAlias parse(String text) {
    YamlDocument doc;
    try {
      doc = YamlReader.parse(text, null);
    } catch (YamlSyntaxException e) {
      throw new BadRequestException("Request body is not valid JSON: " + e.reason());
    }
    Map<String, Object> root = doc.rootMap();
    if (root == null) {
      throw new BadRequestException("Request body must be a JSON object");
    }
    if (!(root.get("pack") instanceof String pack) || pack.isBlank()) {
      throw new BadRequestException("'pack' is a required property");
    }
    Problems problems = new Problems();
    Pack owner = new Pack(pack, pack, null, null, null, Map.of());
    return new AliasReader(owner, problems).read(doc).orElseThrow(() -> new BadRequestException(
        problems.list().stream().filter(Problem::isError).map(Problem::message)
            .collect(Collectors.joining("\n"))));
  }
}
