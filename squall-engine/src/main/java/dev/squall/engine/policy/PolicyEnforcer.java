package dev.squall.engine.policy;

import dev.squall.engine.execution.ExecutionPolicies;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the packs' policies to executions. Concurrency: an execution takes a slot of each of
 * its action's concurrency policies (per attribute values for {@code action.concurrency.attr})
 * before it starts; over the threshold it waits {@code delayed} (its place in line kept in the
 * store) or is canceled. Retry: a failed (or timed out) execution is run again up to
 * {@code max_retry_count} times, each attempt's context naming the policy, the attempt before
 * it and the count, as StackStorm's {@code policies.retry}.
 */
public final class PolicyEnforcer implements ExecutionPolicies {

  private final Policies policies;
  private final PolicySlots slots;
  /** Executions that took or wait for a slot here: only theirs cost a store write to release. */
  private final java.util.Set<String> inSlots = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public PolicyEnforcer(Policies policies, PolicySlots slots) {
    this.policies = policies;
    this.slots = slots;
  }

  @Override
  public Admission admit(Execution e) {
    for (Policy p : policies.of(e.actionRef())) {
      if (p.type() == PolicyType.RETRY) {
        continue;
      }
      inSlots.add(e.id());
      if (!slots.take(key(p, e), p.integer("threshold", 0), e.id(), e.startTimestamp())) {
        if ("cancel".equals(p.string("action", "delay"))) {
          release(e.id());
          return new Admission.Cancel("Canceled by policy " + p.ref() + ": "
              + p.integer("threshold", 0) + " executions of " + e.actionRef() + " are running already"
              + (p.type() == PolicyType.CONCURRENCY_ATTR ? " with the same " + p.parameters().get("attributes") : ""));
        }
        // Waits for this one without holding another policy's slot meanwhile (no deadlock).
        slots.unhold(e.id());
        return new Admission.Delay();
      }
    }
    return new Admission.Run();
  }

  @Override
  public void release(String executionId) {
    if (inSlots.remove(executionId)) {
      slots.release(executionId);
    }
  }

  @Override
  public Optional<Retry> retry(Execution ended) {
    for (Policy p : policies.of(ended.actionRef())) {
      if (p.type() != PolicyType.RETRY) {
        continue;
      }
      boolean matches = switch (p.string("retry_on", "")) {
        case "failure" -> ended.status() == ExecutionStatus.FAILED;
        case "timeout" -> ended.status() == ExecutionStatus.TIMEOUT;
        default -> false;
      };
      int done = retryCount(ended);
      if (matches && done < p.integer("max_retry_count", 2)) {
        Map<String, Object> retry = new LinkedHashMap<>();
        retry.put("applied_policy", p.ref());
        retry.put("retry_count", done + 1);
        retry.put("retried_liveaction_id", ended.id());
        double delay = p.parameters().get("delay") instanceof Number n ? n.doubleValue() : 0;
        return Optional.of(new Retry(Duration.ofMillis(Math.round(delay * 1000)), Map.of("retry", retry)));
      }
    }
    return Optional.empty();
  }

  /** How many retries came before this attempt ({@code context.policies.retry.retry_count}). */
  private static int retryCount(Execution e) {
    if (e.context().get("policies") instanceof Map<?, ?> pol && pol.get("retry") instanceof Map<?, ?> r
        && r.get("retry_count") instanceof Number n) {
      return n.intValue();
    }
    return 0;
  }

  /** The slot key: the policy, and for {@code action.concurrency.attr} the attribute values. */
  static String key(Policy p, Execution e) {
    if (p.type() != PolicyType.CONCURRENCY_ATTR) {
      return p.ref();
    }
    StringBuilder k = new StringBuilder(p.ref());
    List<?> attrs = (List<?>) p.parameters().get("attributes");
    for (Object a : attrs) {
      k.append('|').append(a).append('=').append(e.parameters().get(String.valueOf(a)));
    }
    // The column holds 700 characters: longer values are counted by their digest.
    return k.length() <= 700 ? k.toString() : p.ref() + "|sha256=" + sha256(k.toString());
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
