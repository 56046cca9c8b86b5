package dev.squall.core.template;

import com.hubspot.jinjava.lib.filter.Filter;
import dev.squall.core.error.BadRequestException;
import java.util.List;
import java.util.Map;

/**
 * StackStorm's expression functions that are also its Jinja filters ({@code
 * st2common/expressions/functions/*.py}: {@code regex_match}, {@code version_compare}, {@code
 * to_json_string}, {@code basename}...), callable as functions: StackStorm's orquesta runner
 * registers the same Python functions as orquesta functions, so the workflow languages call the
 * one implementation the template filters run.
 */
public final class StackStormFunctions {

  private StackStormFunctions() {}

  /** Whether {@code filter} is one of StackStorm's filters that can be called as a function. */
  public static boolean exists(String filter) {
    return StackStormFilters.named(filter) != null;
  }

  /**
   * Calls {@code filter} with {@code args} (the value first, as Python's signature has it) and
   * keyword arguments {@code kwargs}.
   *
   * @throws BadRequestException naming the function for a missing value or a value it rejects
   */
  public static Object call(String function, String filter, List<Object> args, Map<String, Object> kwargs) {
    Filter f = StackStormFilters.named(filter);
    if (f == null) {
      throw new IllegalArgumentException("not a StackStorm filter: " + filter);
    }
    if (args.isEmpty()) {
      throw new BadRequestException("TypeError: " + function + "() missing 1 required positional argument: 'value'");
    }
    Object[] rest = args.subList(1, args.size()).toArray();
    try {
      return StackStormFilters.call(f, args.getFirst(), rest, kwargs == null ? Map.of() : kwargs);
    } catch (BadRequestException e) {
      throw e;
    } catch (RuntimeException e) { // a bad version, pattern, JSON text...: the function's error
      throw new BadRequestException(function + "() failed: " + (e.getMessage() == null
          ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }
}
