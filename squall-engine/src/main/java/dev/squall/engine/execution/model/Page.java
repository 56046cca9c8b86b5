package dev.squall.engine.execution.model;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param total how many items match the filters over all pages ({@code X-Total-Count})
 * @param limit the page size asked for; 0 or less means no limit
 */
public record Page<T>(List<T> items, long total, int offset, int limit) {

  public Page {
    items = List.copyOf(items);
  }
}
