package dev.squall.core.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.squall.core.error.BadRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML into plain Java values while recording the line of every key and item. Uses
 * Jackson's streaming YAML parser directly, because data binding throws the locations away.
 * Only the first document of a file is read, as StackStorm's loader does. Maps and lists are
 * unmodifiable (they may hold nulls, so they are not {@code Map.copyOf} copies).
 */
public final class YamlReader {

  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlReader() {}

  /**
   * Reads {@code file}.
   *
   * @throws YamlSyntaxException when the text is not valid YAML
   * @throws UncheckedIOException when the file cannot be read
   */
  public static YamlDocument read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file);
  }

  /** Like {@link #read(Path)}, but a syntax error is a 400 for the request that supplied the file. */
  public static YamlDocument readOrBadRequest(Path file) {
    try {
      return read(file);
    } catch (YamlSyntaxException e) {
      throw new BadRequestException(e.getMessage(), e);
    }
  }

  /** Parses {@code text}; {@code source} only names it in messages (may be null). */
  public static YamlDocument parse(String text, Path source) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      Object root = first == null ? null : value(p, new ArrayList<>(), lines);
      return new YamlDocument(source, root, lines);
    } catch (JsonProcessingException e) {
      throw syntaxError(source, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object value(JsonParser p, List<Object> path, Map<String, Integer> lines)
      throws IOException {
    JsonToken t = p.currentToken();
    return switch (t) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          path.add(name);
          lines.put(YamlDocument.key(path.toArray()), p.currentTokenLocation().getLineNr());
          p.nextToken();
          map.put(name, value(p, path, lines));
          path.removeLast();
        }
        yield java.util.Collections.unmodifiableMap(map);
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          path.add(i++);
          lines.put(YamlDocument.key(path.toArray()), p.currentTokenLocation().getLineNr());
          list.add(value(p, path, lines));
          path.removeLast();
        }
        yield java.util.Collections.unmodifiableList(list);
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
        case INT -> p.getIntValue();
        case LONG -> p.getLongValue();
        default -> p.getBigIntegerValue();
      };
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      case VALUE_EMBEDDED_OBJECT -> {
        Object o = p.getEmbeddedObject();
        yield o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
      }
      default -> throw new IllegalStateException("unexpected YAML token " + t);
    };
  }

  /**
   * Locates the error at SnakeYAML's problem mark (where the parser gave up) rather than at
   * Jackson's last token, and words it for a person who edits YAML, not one who writes parsers.
   */
  private static YamlSyntaxException syntaxError(Path source, JsonProcessingException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
        Mark at = m.getProblemMark();
        return new YamlSyntaxException(source, at.getLine() + 1, at.getColumn() + 1,
            reason(m), e);
      }
    }
    JsonLocation at = e.getLocation();
    int line = at == null ? 0 : Math.max(at.getLineNr(), 0);
    int column = at == null ? 0 : Math.max(at.getColumnNr(), 0);
    String m = e.getOriginalMessage();
    return new YamlSyntaxException(source, line, column, m == null ? "unreadable YAML" : m, e);
  }

  private static String reason(MarkedYAMLException m) {
    String problem = m.getProblem() == null ? "unreadable YAML" : m.getProblem().strip();
    if (problem.contains("<block end>") || problem.contains("<block mapping start>")) {
      problem = "this line's indentation does not fit the lines above (" + problem + ")";
    }
    String context = m.getContext();
    Mark contextMark = m.getContextMark();
    if (context != null && contextMark != null) {
      problem += "; " + context.strip() + " that starts at line " + (contextMark.getLine() + 1);
    }
    return problem;
  }
}
