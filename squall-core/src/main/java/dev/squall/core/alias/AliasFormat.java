package dev.squall.core.alias;

import java.util.List;

/**
 * One entry of an alias's {@code formats} (spec §2.2). A plain string format has
 * {@code display} and a single representation equal to it. An object entry may lack either.
 *
 * @param display shown in help, never matched; null when absent
 * @param representations the patterns that are matched; empty when the object has none
 * @param matchMultiple StackStorm's {@code match_multiple}: every regex match is one execution
 * @param plainString true when the entry was written as a bare string
 */
public record AliasFormat(
    String display, List<String> representations, boolean matchMultiple, boolean plainString) {

  public AliasFormat {
    representations = List.copyOf(representations);
  }

  public static AliasFormat of(String format) {
    return new AliasFormat(format, List.of(format), false, true);
  }
}
