package dev.squall.server.http;

import dev.squall.engine.rbac.PermissionType;
import dev.squall.engine.rbac.Target;
import io.javalin.http.Context;
import java.util.function.Function;

/**
 * What a {@link Access#USER} route needs beyond a credential: a StackStorm permission on the
 * resource the request names ({@link #target} reads it from the path or body), or
 * {@link #OWN} for routes whose handler limits the caller to what is theirs (their API keys,
 * their user-scope datastore keys, who they are).
 */
public record Permission(PermissionType type, Function<Context, Target> target) {

  /** Only what is the caller's own; the handler sees to it. */
  public static final Permission OWN = new Permission(null, ctx -> Target.GLOBAL);

  /** A global permission, such as {@code action_list} or {@code stream_view}. */
  public static Permission global(PermissionType type) {
    return new Permission(type, ctx -> Target.GLOBAL);
  }

  public static Permission on(PermissionType type, Function<Context, Target> target) {
    return new Permission(type, target);
  }
}
