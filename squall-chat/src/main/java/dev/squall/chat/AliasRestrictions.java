package dev.squall.chat;

import dev.squall.core.alias.ActionAlias;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Squall's alias-level limits beyond StackStorm's: {@code extra.squall.rooms}, the rooms (names or
 * ids as the platform gives them, or {@code adapter:room}) an alias works in, and
 * {@code extra.squall.roles}, the roles whose holders may use it (administrators always may).
 * Absent means no limit.
 */
record AliasRestrictions(List<String> rooms, List<String> roles) {

  static AliasRestrictions of(ActionAlias alias) {
    Object squall = alias.extra().get("squall");
    if (!(squall instanceof java.util.Map<?, ?> m)) {
      return new AliasRestrictions(null, null);
    }
    return new AliasRestrictions(strings(m.get("rooms")), strings(m.get("roles")));
  }

  private static List<String> strings(Object o) {
    if (o == null) {
      return null;
    }
    return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(o));
  }

  /** Whether the alias works in {@code room} of {@code adapter}. */
  boolean worksIn(String adapter, String room) {
    if (rooms == null) {
      return true;
    }
    String r = String.valueOf(room).toLowerCase(Locale.ROOT);
    return rooms.stream().map(s -> s.toLowerCase(Locale.ROOT))
        .anyMatch(s -> s.equals(r) || s.equals(adapter.toLowerCase(Locale.ROOT) + ":" + r));
  }

  /** Whether a user holding {@code held} may use the alias. */
  boolean allows(List<String> held) {
    return roles == null || held.stream().anyMatch(r -> roles.contains(r) || r.equals("admin") || r.equals("system_admin"));
  }

  /** Why {@code cmd} is refused here to a user holding {@code held}, or empty when it is not. */
  Optional<String> refusal(String cmd, ActionAlias alias, String adapter, String room, String user, List<String> held) {
    if (!worksIn(adapter, room)) {
      return Optional.of("\"" + cmd + "\" (alias " + alias.ref() + ") works only in " + String.join(", ", rooms)
          + ", not here.");
    }
    if (!allows(held)) {
      return Optional.of("You may not run \"" + cmd + "\" (alias " + alias.ref() + " is for the roles "
          + String.join(", ", roles) + "; " + user + " holds " + (held.isEmpty() ? "none" : String.join(", ", held)) + ")");
    }
    return Optional.empty();
  }
}
