package dev.squall.server.http;

import dev.squall.core.error.BadRequestException;
import io.javalin.http.Context;
import java.util.List;

/**
 * StackStorm's paging: {@code offset} and {@code limit} query parameters ({@code limit=-1} means
 * all, which hubot relies on for aliases), answered with {@code X-Total-Count} and
 * {@code X-Limit} headers.
 */
public record Paging(int offset, int limit) {

  public static final int DEFAULT_LIMIT = 100;

  public static Paging of(Context ctx) {
    return new Paging(intParam(ctx, "offset", 0), intParam(ctx, "limit", DEFAULT_LIMIT));
  }

  public boolean all() {
    return limit < 0;
  }

  public <T> List<T> page(List<T> items, Context ctx) {
    headers(ctx, items.size());
    int from = Math.min(offset, items.size());
    int to = all() ? items.size() : Math.min(items.size(), from + limit);
    return items.subList(from, to);
  }

  public void headers(Context ctx, long total) {
    ctx.header("X-Total-Count", String.valueOf(total));
    ctx.header("X-Limit", String.valueOf(limit));
  }

  private static int intParam(Context ctx, String name, int dflt) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (name.equals("offset") && n < 0 || name.equals("limit") && n < -1) {
        throw new BadRequestException("'" + name + "' must be " + (name.equals("offset") ? ">= 0" : ">= -1"));
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequestException("'" + v + "' is not a valid integer for '" + name + "'");
    }
  }
}
