package dev.squall.core.alias;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.regex.BoundedCharSequence;
import dev.squall.core.regex.PythonRegex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code GET /api/v1/actionalias/help} (spec §2.7): the help line of every format display of
 * every enabled alias, filtered by a case-insensitive regex and a pack, and paged with
 * {@code offset}/{@code limit}. {@code available} counts every line that passed
 * the filters, whatever the page.
 */
public final class AliasHelp {

  /** One help line; serializes as StackStorm's {@code {"pack", "display", "description"}}. */
  public record HelpString(String pack, String display, String description) {}

  /** The response body: {@code {"available": N, "helpstrings": [...]}}. */
  public record HelpResult(int available, List<HelpString> helpstrings) {
    public HelpResult {
      helpstrings = List.copyOf(helpstrings);
    }
  }

  /**
   * The query. A negative {@code limit} or {@code offset} means no window, as does 0 for both.
   *
   * @param filter a (Python-syntax) regex searched case-insensitively in each display; "" for all
   * @param pack only this pack's aliases; "" for all
   */
  public record Query(String filter, String pack, int limit, int offset) {

    /** The HTTP API's default limit (StackStorm's OpenAPI default); the library's is 0 (all). */
    public static final int API_DEFAULT_LIMIT = 100;

    public Query {
      filter = filter == null ? "" : filter;
      pack = pack == null ? "" : pack;
    }

    /**
     * A query from loosely typed input (query-string values or JSON), checked as StackStorm's
     * handler does: missing values take the library defaults (limit 0, offset 0).
     *
     * @throws BadRequestException when the filter or pack is not a string, or the limit or offset
     *     is not an integer
     */
    public static Query of(Object filter, Object pack, Object limit, Object offset) {
      return new Query(text("filter", filter), text("pack", pack), integer("limit", limit),
          integer("offset", offset));
    }

    private static String text(String name, Object value) {
      if (value == null || value instanceof String) {
        return (String) value;
      }
      throw new BadRequestException("Help \"" + name + "\" must be a string, got: " + value);
    }

    private static int integer(String name, Object value) {
      if (value == null) {
        return 0;
      }
      if (value instanceof Integer || value instanceof Long || value instanceof Short) {
        return ((Number) value).intValue();
      }
      if (value instanceof String s) {
        try {
          return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      throw new BadRequestException("Help \"" + name + "\" must be an integer, got: " + value);
    }

    boolean inWindow(int index) {
      if (limit < 0 || offset < 0 || (limit == 0 && offset == 0)) {
        return true;
      }
      if (offset == 0) {
        return index < limit;
      }
      if (limit == 0) {
        return index >= offset;
      }
      return index >= offset && index < offset + limit;
    }
  }

  private AliasHelp() {}

  /**
   * The order the HTTP API lists aliases in ({@code _get_all}: by pack, then name); pass the
   * result to {@link #help}.
   */
  public static List<ActionAlias> byPackAndName(Collection<ActionAlias> aliases) {
    List<ActionAlias> sorted = new ArrayList<>(aliases);
    sorted.sort(Comparator.comparing(ActionAlias::pack).thenComparing(ActionAlias::name));
    return sorted;
  }

  /**
   * StackStorm's {@code generate_helpstring_result}: help lines in the order the aliases are
   * given (the API gives them {@link #byPackAndName}).
   *
   * @throws BadRequestException when the filter is not a valid regex or is too slow
   */
  public static HelpResult help(Collection<ActionAlias> aliases, Query query) {
    Pattern filter = compileFilter(query.filter());
    List<HelpString> lines = new ArrayList<>();
    int count = 0;
    for (ActionAlias alias : aliases) {
      if (!alias.enabled() || (!query.pack().isEmpty() && !query.pack().equals(alias.pack()))) {
        continue;
      }
      for (AliasFormat format : alias.formats()) {
        String display = format.display();
        if (display == null || !matchesFilter(filter, query.filter(), display)) {
          continue;
        }
        if (query.inWindow(count)) {
          lines.add(new HelpString(alias.pack(), display, alias.description() == null ? "" : alias.description()));
        }
        count++;
      }
    }
    return new HelpResult(count, lines);
  }

  private static Pattern compileFilter(String filter) {
    if (filter.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(PythonRegex.toJava(filter).pattern(),
          CompiledFormat.FLAGS | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    } catch (IllegalArgumentException e) { // PatternSyntaxException is one
      String reason = e instanceof PatternSyntaxException p ? p.getDescription() : e.getMessage();
      throw new BadRequestException("Invalid help filter \"" + filter + "\": " + reason, e);
    }
  }

  private static boolean matchesFilter(Pattern filter, String source, String display) {
    if (filter == null) {
      return true;
    }
    try {
      return filter.matcher(new BoundedCharSequence(display, AliasFormatParser.DEFAULT_STEP_BUDGET))
          .find();
    } catch (BoundedCharSequence.BudgetExceeded | StackOverflowError e) {
      throw new BadRequestException("Help filter \"" + source + "\" took too long to match \""
          + display + "\"; simplify the regex");
    }
  }
}
