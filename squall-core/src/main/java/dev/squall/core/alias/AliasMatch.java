package dev.squall.core.alias;

import java.util.List;
import java.util.Map;

/**
 * The one alias format a command matched (spec §2.4), and what it parsed to.
 *
 * @param display the format's help text, null when it has none (API field {@code display})
 * @param representation the pattern that matched (API field {@code representation})
 * @param matchMultiple true when every regex match is its own execution
 * @param parameterSets the parsed parameters, strings only: one map, or for {@code
 *     match_multiple} one per regex match, in command order. Immutable parameters and casting are
 *     not applied yet (see {@link AliasParameters}).
 */
public record AliasMatch(
    ActionAlias alias,
    String display,
    String representation,
    boolean matchMultiple,
    List<Map<String, String>> parameterSets) {

  public AliasMatch {
    parameterSets = List.copyOf(parameterSets);
  }

  /** The first (for a plain format, the only) parameter set. */
  public Map<String, String> parameters() {
    return parameterSets.get(0);
  }
}
