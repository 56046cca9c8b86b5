package dev.squall.core.orquesta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.orquesta.WorkflowSpec.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orquesta's inline parameters ({@code orquesta/utils/parameters.py}): {@code name=value} pairs in
 * an action string ({@code core.echo message=<% ctx(x) %>}) or a string-form {@code publish}.
 * A value is a bracketed list, a quoted string, a number, true/false (any case), null or one
 * expression; anything else (a bare word) is not a parameter at all. Unquoted values are read as
 * JSON; quoted ones stay strings.
 */
final class InlineParams {

  private static final String VALUE = String.join("|",
      "\\[.*\\]\\s*", "\"[^\"]*\"\\s*", "'[^']*'\\s*", "[-]?\\d*\\.\\d+", "[-]?\\d+",
      "(?i:true)", "(?i:false)", "null", "\\{\\{.*?\\}\\}", "<%.*?%>");
  private static final Pattern PARAM =
      Pattern.compile("(\\w+)=(" + VALUE + ")", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"\\s*|'[^']*'\\s*");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private InlineParams() {}

  /** The parameters in {@code text}, in order (empty when there are none). */
  static List<Named> parse(String text) {
    List<Named> params = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return params;
    }
    Matcher m = PARAM.matcher(text);
    while (m.find()) {
      params.add(new Named(m.group(1), value(m.group(2).strip())));
    }
    return params;
  }

  private static Object value(String v) {
    boolean quotedParam = QUOTED.matcher(v).find();
    v = v.replaceFirst("^\"", "").replaceFirst("\"$", "").replaceFirst("^'", "")
        .replaceFirst("'$", "");
    boolean quotedString = false;
    if (!v.isEmpty()) {
      boolean braces = v.charAt(0) == '{' && v.charAt(v.length() - 1) == '}';
      quotedString = quotedParam && !braces;
    }
    if (quotedString) {
      return v;
    }
    String json = v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? v.toLowerCase() : v;
    try {
      return Values.plain(JSON.readValue(json, Object.class));
    } catch (JsonProcessingException e) {
      return v; // not JSON: the text itself, as orquesta keeps it
    }
  }
}
