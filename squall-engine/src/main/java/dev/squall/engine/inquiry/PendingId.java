package dev.squall.engine.inquiry;

import java.util.List;

/**
 * What an id typed in chat names among the executions waiting for an answer (inquiries and
 * approvals): ids may be shortened to a unique prefix.
 */
public sealed interface PendingId {

  /** Exactly one waiting execution has this id or starts with it. */
  record One(String id) implements PendingId {}

  /** None does. */
  record Unknown(String typed) implements PendingId {}

  /** Several do; the answer must give more of the id. */
  record Ambiguous(String typed, List<String> ids) implements PendingId {
    public Ambiguous {
      ids = List.copyOf(ids);
    }
  }

  /** {@code typed} resolved among {@code waiting}, the ids of the executions waiting now. */
  static PendingId resolve(String typed, List<String> waiting) {
    String t = typed == null ? "" : typed.strip().toLowerCase(java.util.Locale.ROOT);
    if (t.isEmpty()) {
      return new Unknown(typed == null ? "" : typed);
    }
    if (waiting.contains(t)) {
      return new One(t);
    }
    List<String> matches = waiting.stream().filter(id -> id.startsWith(t)).sorted().toList();
    return switch (matches.size()) {
      case 0 -> new Unknown(t);
      case 1 -> new One(matches.getFirst());
      default -> new Ambiguous(t, matches);
    };
  }

  /** What chat says for an id that names no single waiting execution. */
  default String problem() {
    return switch (this) {
      case One one -> null;
      case Unknown u -> "Nothing is waiting for an answer under \"" + u.typed() + "\"; "
          + "squall inquiry list shows what is.";
      case Ambiguous a -> "\"" + a.typed() + "\" could be any of " + String.join(", ", a.ids())
          + "; give more of the id.";
    };
  }
}
