package dev.squall.core.alias;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An action alias: chat grammar for an action (spec §2.1). Its identity is {@code pack.name}.
 *
 * @param formats every entry of {@code formats}, strings and objects alike, in file order
 * @param ack the raw {@code ack} block ({@code enabled, format, extra, append_url}) or empty
 * @param result the raw {@code result} block ({@code enabled, format, extra}) or empty
 * @param metadataFile where it was read from, or null for aliases created through the API
 */
public record ActionAlias(
    String pack,
    String name,
    String description,
    boolean enabled,
    String actionRef,
    List<AliasFormat> formats,
    Map<String, Object> ack,
    Map<String, Object> result,
    Map<String, Object> extra,
    Map<String, Object> immutableParameters,
    Path metadataFile) {

  public ActionAlias {
    formats = List.copyOf(formats);
    ack = ack == null ? Map.of() : ack;
    result = result == null ? Map.of() : result;
    extra = extra == null ? Map.of() : extra;
    immutableParameters = immutableParameters == null ? Map.of() : immutableParameters;
  }

  public String ref() {
    return pack + "." + name;
  }
}
