package dev.squall.core.yaql;

import java.util.ArrayList;
import java.util.Collection;

/**
 * A collection yaql would hold as a lazy Python object: the result of a query ({@code where},
 * {@code select}, {@code range}, ... are iterators; {@code orderBy} and a dictionary's {@code keys()}
 * are iterables). Materialised here, but it behaves as yaql's does where a workflow can tell: it
 * cannot be indexed ({@code $.xs.select($.a)[0]} fails; {@code .first()} or {@code .toList()[0]}
 * work), it equals only itself, and {@code list()} spreads an iterator's items. The result of an
 * evaluation holds plain lists instead (yaql's output conversion).
 */
class Lazy extends ArrayList<Object> {

  private final transient boolean iterator;

  Lazy(Collection<?> items, boolean iterator) {
    super(items);
    this.iterator = iterator;
  }

  /** A Python iterator's items (what a generator, map, filter, zip or range gives). */
  static Lazy iterator(Collection<?> items) {
    return new Lazy(items, true);
  }

  /** A Python iterable that is no iterator (orderBy's, a dictionary's views). */
  static Lazy iterable(Collection<?> items) {
    return new Lazy(items, false);
  }

  boolean isIterator() {
    return iterator;
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
