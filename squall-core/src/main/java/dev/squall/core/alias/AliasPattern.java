package dev.squall.core.alias;

import java.util.ArrayList;
import java.util.List;

/**
 * One (display, representation) pair of an alias, as StackStorm's
 * {@code list_format_strings_from_aliases} expands {@code formats} (spec §2.2): a string format
 * gives itself twice; an object gives one pair per representation; an object with a display but
 * no representation gives representation {@code ""}, which matches an empty command or one made
 * only of {@code key=value} pairs.
 *
 * @param display shown in help; null when the entry has none
 */
public record AliasPattern(String display, String representation, boolean matchMultiple) {

  public static List<AliasPattern> of(ActionAlias alias) {
    List<AliasPattern> patterns = new ArrayList<>();
    for (AliasFormat format : alias.formats()) {
      if (format.representations().isEmpty()) {
        patterns.add(new AliasPattern(format.display(), "", format.matchMultiple()));
      }
      for (String representation : format.representations()) {
        patterns.add(new AliasPattern(format.display(), representation, format.matchMultiple()));
      }
    }
    return List.copyOf(patterns);
  }
}
