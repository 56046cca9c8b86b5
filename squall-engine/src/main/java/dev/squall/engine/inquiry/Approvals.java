package dev.squall.engine.inquiry;

import dev.squall.core.alias.ApprovalRule;
import dev.squall.core.error.SquallException;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Executions that wait {@code pending} for approvals ({@code extra.squall.approval}): created by
 * {@link ExecutionService#submitPending} with their parameters frozen and the rule in their
 * context ({@code context.squall.approval}); each decision is recorded in
 * {@code context.squall.approvals} as {@code {user, chat, decision, at}}. At {@code count}
 * approvals the execution is released to run; one denial cancels it; its {@code ttl} passing
 * cancels it with the reason. Only the rule's approvers decide (a user listed, or one holding a
 * listed {@code role:NAME}), each once, and the requester only with {@code allow_self}.
 *
 * <p>A decision is recorded with a compare-and-set on the context it was made on
 * ({@link ExecutionService#recordPendingContext}), so that nodes sharing the store and deciding the
 * same execution at once never both record: the one that loses reads again and decides on what is
 * there now (another approval counted, or the execution decided already).
 */
public final class Approvals {

  private static final System.Logger LOG = System.getLogger(Approvals.class.getName());

  /** What became of one decision. */
  public sealed interface Decision {
    /** What chat says. */
    String text();

    /** Recorded; still waiting for more approvals. */
    record Waiting(String text, int approved, int needed) implements Decision {}

    /** Recorded; enough approvals: the execution runs now. */
    record Released(String text) implements Decision {}

    /** Recorded; the execution is canceled. */
    record Denied(String text) implements Decision {}

    /** Nothing recorded: not an approver, one's own request, decided already, no longer waiting. */
    record Refused(String text) implements Decision {}
  }

  private final ExecutionService executions;
  private final Function<String, List<String>> rolesOf;
  private final Clock clock;

  /** @param rolesOf the roles a Squall user holds */
  public Approvals(ExecutionService executions, Function<String, List<String>> rolesOf, Clock clock) {
    this.executions = executions;
    this.rolesOf = rolesOf;
    this.clock = clock;
  }

  /** The context of an execution that waits for {@code rule}'s approvals, requested by {@code requester}. */
  public static Map<String, Object> pendingContext(Map<String, Object> context, ApprovalRule rule,
      String requester) {
    return rule.pendingContext(context, requester);
  }

  /** The rule a pending execution waits under, or empty when it waits for no approval. */
  public static Optional<ApprovalRule> ruleOf(Execution e) {
    Map<String, Object> approval = approval(e);
    if (approval == null) {
      return Optional.empty();
    }
    Object ttl = approval.get("ttl");
    return Optional.of(new ApprovalRule(
        approval.get("approvers") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(),
        approval.get("count") instanceof Number n ? n.intValue() : 1,
        ttl instanceof Number n ? Duration.ofSeconds(n.longValue()) : null,
        Boolean.TRUE.equals(approval.get("allow_self"))));
  }

  /** Whether the execution waits for approvals. */
  public static boolean awaitsApproval(Execution e) {
    return e.status() == ExecutionStatus.PENDING && approval(e) != null;
  }

  /** The decisions recorded so far, oldest first. */
  public static List<Map<String, Object>> decisions(Execution e) {
    Object list = e.context().get("squall") instanceof Map<?, ?> s ? s.get("approvals") : null;
    List<Map<String, Object>> out = new ArrayList<>();
    if (list instanceof List<?> l) {
      l.forEach(d -> out.add(typed((Map<?, ?>) d)));
    }
    return out;
  }

  /**
   * Approves ({@code approve}) or denies a pending execution as {@code who}.
   *
   * @throws dev.squall.core.error.NotFoundException no execution has this id
   */
  public Decision decide(String id, Responder who, boolean approve) {
    try {
      for (int attempt = 1; ; attempt++) {
        Execution e = executions.get(id);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("user", who.user());
        d.put("chat", who.chat());
        d.put("decision", approve ? "approved" : "denied");
        d.put("at", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        Optional<Decision> refused = refusal(e, who, approve);
        if (refused.isPresent()) {
          return refused.get();
        }
        List<Map<String, Object>> decisions = decisions(e);
        decisions.add(d);
        // Compare-and-set on the context just read: of nodes deciding at once, one records, the others read again.
        if (executions.recordPendingContext(e, withDecisions(e, decisions)).isEmpty()) {
          if (attempt < MAX_ATTEMPTS) {
            continue;
          }
          return new Decision.Refused("Execution " + id + " changed " + MAX_ATTEMPTS
              + " times while your decision was recorded; try again.");
        }
        LOG.log(System.Logger.Level.INFO, "execution " + id + " " + d.get("decision") + " by " + who.shown());
        return concluded(e, ruleOf(e).orElseThrow(), who, approve, decisions);
      }
    } catch (SquallException raced) {
      return new Decision.Refused(raced.getMessage());
    }
  }

  /** How often a decision is tried again when other decisions were recorded meanwhile. */
  private static final int MAX_ATTEMPTS = 20;

  /** Why {@code who} may not decide {@code e} as it was read, if they may not. */
  private Optional<Decision> refusal(Execution e, Responder who, boolean approve) {
    String id = e.id();
    Optional<ApprovalRule> found = ruleOf(e);
    if (found.isEmpty()) {
      return Optional.of(new Decision.Refused("Execution " + id + " waits for no approval."));
    }
    if (e.status() != ExecutionStatus.PENDING) {
      return Optional.of(new Decision.Refused("Execution " + id + " is " + e.status().wire()
          + "; it no longer waits for approval."));
    }
    ApprovalRule rule = found.get();
    String requester = String.valueOf(approval(e).get("requester"));
    if (!isApprover(rule, who.user())) {
      return Optional.of(new Decision.Refused("You may not answer this: " + id + " needs approval from "
          + rule.shownApprovers() + "."));
    }
    if (approve && who.user().equals(requester) && !rule.allowSelf()) {
      return Optional.of(new Decision.Refused("You may not approve your own request; it needs approval from "
          + rule.shownApprovers() + "."));
    }
    List<Map<String, Object>> decisions = decisions(e);
    if (decisions.stream().anyMatch(d -> who.user().equals(d.get("user")))) {
      return Optional.of(new Decision.Refused(who.user() + " has decided on " + id + " already."));
    }
    // Decided by others a moment ago (the execution's status moves right after): nothing more to record.
    if (decisions.stream().anyMatch(d -> "denied".equals(d.get("decision")))
        || approvedIn(decisions) >= rule.count()) {
      return Optional.of(new Decision.Refused("Execution " + id + " has been decided already."));
    }
    return Optional.empty();
  }

  /** After {@code who}'s decision was recorded: cancels, releases or keeps waiting. */
  private Decision concluded(Execution e, ApprovalRule rule, Responder who, boolean approve,
      List<Map<String, Object>> decisions) {
    String id = e.id();
    if (!approve) {
      executions.conclude(id, ExecutionStatus.CANCELED, Map.of("error", "Denied by " + who.user() + "."));
      return new Decision.Denied("Denied by " + who.user() + ": " + e.actionRef() + " (" + id + ") is canceled.");
    }
    long approved = approvedIn(decisions);
    if (approved >= rule.count()) {
      executions.release(id);
      return new Decision.Released("Approved by " + who.user() + " (" + approved + " of " + rule.count()
          + "): " + e.actionRef() + " (" + id + ") runs now.");
    }
    return new Decision.Waiting("Approved by " + who.user() + " (" + approved + " of " + rule.count()
        + "); waiting for " + (rule.count() - approved) + " more from " + rule.shownApprovers() + ".",
        (int) approved, rule.count());
  }

  private static long approvedIn(List<Map<String, Object>> decisions) {
    return decisions.stream().filter(x -> "approved".equals(x.get("decision"))).count();
  }

  private boolean isApprover(ApprovalRule rule, String user) {
    if (user == null) {
      return false;
    }
    List<String> held = rolesOf.apply(user);
    return rule.approvers().stream().anyMatch(a -> a.equals(user)
        || a.startsWith("role:") && held.contains(a.substring(5)));
  }

  private static Map<String, Object> withDecisions(Execution e, List<Map<String, Object>> decisions) {
    Map<String, Object> ctx = new LinkedHashMap<>(e.context());
    Map<String, Object> squall = new LinkedHashMap<>(typed((Map<?, ?>) ctx.get("squall")));
    squall.put("approvals", decisions);
    ctx.put("squall", squall);
    return ctx;
  }

  /**
   * Cancels, with the reason, every execution whose approval {@code ttl} passed before enough
   * approvers approved.
   *
   * @return how many were canceled
   */
  public int expire(List<Execution> pending) {
    Instant now = clock.instant();
    int n = 0;
    for (Execution e : pending) {
      Optional<ApprovalRule> rule = ruleOf(e);
      if (rule.isEmpty() || rule.get().ttl() == null || now.isBefore(e.startTimestamp().plus(rule.get().ttl()))) {
        continue;
      }
      long approved = decisions(e).stream().filter(x -> "approved".equals(x.get("decision"))).count();
      try {
        executions.conclude(e.id(), ExecutionStatus.CANCELED, Map.of("error", "Approval expired: "
            + approved + " of " + rule.get().count() + " approvals within " + rule.get().ttl().toSeconds() + " s."));
        LOG.log(System.Logger.Level.INFO, "execution " + e.id() + ": approval expired");
        n++;
      } catch (SquallException raced) {
        // decided meanwhile
      }
    }
    return n;
  }

  private static Map<String, Object> approval(Execution e) {
    return e.context().get("squall") instanceof Map<?, ?> s && s.get("approval") instanceof Map<?, ?> a
        ? typed(a) : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> typed(Map<?, ?> m) {
    return new LinkedHashMap<>((Map<String, Object>) m);
  }
}
