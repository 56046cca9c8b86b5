package dev.squall.core.rule;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every mapping key in a YAML document, found with Jackson's token locations, so a
 * problem can point at {@code file:line}. Keyed by path, e.g. {@code ["trigger", "type"]}.
 */
final class YamlLines {

  private final Map<String, Integer> lines;

  private YamlLines(Map<String, Integer> lines) {
    this.lines = lines;
  }

  /** @throws IOException on a YAML syntax error, with the location in the exception */
  static YamlLines of(YAMLFactory factory, String text) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = factory.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME) {
          lines.put(p.getParsingContext().pathAsPointer().toString(),
              p.currentTokenLocation().getLineNr());
        }
      }
    }
    return new YamlLines(lines);
  }

  /** The line of the deepest key of {@code path} that exists, or 0. */
  int line(String... path) {
    for (int n = path.length; n > 0; n--) {
      JsonPointer ptr = JsonPointer.empty();
      for (int i = 0; i < n; i++) {
        ptr = ptr.appendProperty(path[i]);
      }
      Integer line = lines.get(ptr.toString());
      if (line != null) {
        return line;
      }
    }
    return 0;
  }
}
