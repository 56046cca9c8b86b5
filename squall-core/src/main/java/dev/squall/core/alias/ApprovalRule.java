package dev.squall.core.alias;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two-person rule an alias or an action may declare under {@code extra.squall.approval}:
 * {@code {approvers: [user, "role:NAME"…], count: N, ttl: SECONDS, allow_self: false}}. Its
 * executions wait {@code pending} until {@code count} approvers approve; one denial, or the
 * {@code ttl} passing, cancels them; whoever asked may approve their own only with
 * {@code allow_self}.
 *
 * @param approvers user names, and {@code role:NAME} for anyone holding that role
 * @param ttl how long the request waits, or null for no limit
 */
public record ApprovalRule(List<String> approvers, int count, Duration ttl, boolean allowSelf) {

  /** The key under {@code extra.squall}. */
  public static final String KEY = "approval";

  public ApprovalRule {
    approvers = List.copyOf(approvers);
  }

  /** The rule an alias's {@code extra} declares, if any (a wrong shape is reported at pack load). */
  public static Optional<ApprovalRule> of(Map<String, Object> extra) {
    Object spec = spec(extra);
    if (spec == null || !problems(spec).isEmpty()) {
      return Optional.empty();
    }
    Map<?, ?> m = (Map<?, ?>) spec;
    List<String> approvers = ((List<?>) m.get("approvers")).stream().map(String::valueOf).toList();
    int count = m.get("count") instanceof Number n ? n.intValue() : 1;
    Duration ttl = m.get("ttl") instanceof Number n ? Duration.ofSeconds(n.longValue()) : null;
    return Optional.of(new ApprovalRule(approvers, count, ttl, Boolean.TRUE.equals(m.get("allow_self"))));
  }

  /** {@code extra.squall.approval} as written, or null. */
  public static Object spec(Map<String, Object> extra) {
    return extra != null && extra.get("squall") instanceof Map<?, ?> squall ? squall.get(KEY) : null;
  }

  /** What is wrong with a declared {@code extra.squall.approval}; empty when it is right. */
  public static List<String> problems(Object spec) {
    List<String> out = new ArrayList<>();
    if (!(spec instanceof Map<?, ?> m)) {
      out.add("extra.squall.approval must be a mapping of approvers, count, ttl, allow_self");
      return out;
    }
    for (Object key : m.keySet()) {
      if (!List.of("approvers", "count", "ttl", "allow_self").contains(String.valueOf(key))) {
        out.add("extra.squall.approval has an unknown key \"" + key + "\" (known: approvers, count, ttl, allow_self)");
      }
    }
    if (!(m.get("approvers") instanceof List<?> l) || l.isEmpty()
        || l.stream().anyMatch(a -> !(a instanceof String s) || s.isBlank() || s.equals("role:"))) {
      out.add("extra.squall.approval.approvers must be a non-empty list of user names and \"role:NAME\"");
    }
    Object count = m.get("count");
    if (count != null && !(count instanceof Integer || count instanceof Long) || count instanceof Number n && n.longValue() < 1) {
      out.add("extra.squall.approval.count must be a whole number of at least 1, not " + count);
    }
    Object ttl = m.get("ttl");
    if (ttl != null && !(ttl instanceof Integer || ttl instanceof Long) || ttl instanceof Number n && n.longValue() < 1) {
      out.add("extra.squall.approval.ttl must be a whole number of seconds of at least 1, not " + ttl);
    }
    Object self = m.get("allow_self");
    if (self != null && !(self instanceof Boolean)) {
      out.add("extra.squall.approval.allow_self must be true or false, not " + self);
    }
    return out;
  }

  /**
   * {@code context} with this rule written under {@code squall.approval} (and no approvals yet
   * under {@code squall.approvals}): the context of an execution that waits for it.
   */
  public Map<String, Object> pendingContext(Map<String, Object> context, String requester) {
    Map<String, Object> ctx = new java.util.LinkedHashMap<>(context);
    Map<String, Object> squall = new java.util.LinkedHashMap<>();
    if (ctx.get("squall") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> squall.put(String.valueOf(k), v));
    }
    Map<String, Object> approval = new java.util.LinkedHashMap<>();
    approval.put("approvers", approvers);
    approval.put("count", count);
    approval.put("ttl", ttl == null ? null : ttl.toSeconds());
    approval.put("allow_self", allowSelf);
    approval.put("requester", requester);
    squall.put("approval", approval);
    squall.put("approvals", List.of());
    ctx.put("squall", squall);
    return ctx;
  }

  /** The approvers as chat shows them: {@code bob, role ops}. */
  public String shownApprovers() {
    return String.join(", ", approvers.stream().map(a -> a.startsWith("role:") ? "role " + a.substring(5) : a).toList());
  }
}
