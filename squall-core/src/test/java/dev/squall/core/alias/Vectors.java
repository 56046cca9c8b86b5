package dev.squall.core.alias;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/** The spec's test vectors (copied from /work/shared/spec into test resources). */
final class Vectors {

  static final ObjectMapper JSON = new ObjectMapper();

  private Vectors() {}

  static JsonNode load(String name) {
    try (InputStream in = Vectors.class.getResourceAsStream("/alias/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Arguments> byId(String file, String kind) {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode v : load(file)) {
      if (kind == null || kind.equals(v.path("kind").asText())) {
        out.add(Arguments.of(Named.of(v.get("id").asText(), v)));
      }
    }
    return out.stream();
  }

  /** An alias as the vectors write it (StackStorm's YAML/JSON shape). */
  static ActionAlias alias(JsonNode a) {
    List<AliasFormat> formats = new ArrayList<>();
    for (JsonNode f : a.path("formats")) {
      if (f.isTextual()) {
        formats.add(AliasFormat.of(f.asText()));
      } else {
        List<String> reps = new ArrayList<>();
        JsonNode r = f.get("representation");
        if (r != null && r.isTextual()) {
          reps.add(r.asText());
        } else if (r != null) {
          r.forEach(x -> reps.add(x.asText()));
        }
        String display = f.hasNonNull("display") ? f.get("display").asText() : null;
        formats.add(new AliasFormat(display, reps, f.path("match_multiple").asBoolean(false), false));
      }
    }
    return new ActionAlias(a.path("pack").asText("default"), a.get("name").asText(),
        a.path("description").asText(null), a.path("enabled").asBoolean(true),
        a.path("action_ref").asText("core.noop"), formats, map(a.get("ack")), null, null,
        map(a.get("immutable_parameters")), null);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(JsonNode node) {
    return node == null ? null : JSON.convertValue(node, LinkedHashMap.class);
  }

  static Object plain(JsonNode node) {
    return JSON.convertValue(node, Object.class);
  }

  static List<ActionAlias> aliases(JsonNode list) {
    List<ActionAlias> out = new ArrayList<>();
    list.forEach(a -> out.add(alias(a)));
    return out;
  }
}
