package dev.squall.engine.audit.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What became of one audited request, as the audit trail records and filters it. */
public enum AuditOutcome {
  /** A chat command that started one or more executions. */
  RAN,
  /** A built-in chat command (help, whoami, link…) that was answered. */
  ANSWERED,
  /** An API call that changed something and succeeded. */
  ACCEPTED,
  /** Refused for what was asked: bad parameters, an ambiguous or disabled alias, bad input. */
  REFUSED,
  /** Refused for who asked: a missing permission, an alias limited to other rooms or roles. */
  DENIED,
  /** A chat command no alias matches. */
  UNMATCHED,
  /** The server failed while handling it. */
  FAILED;

  /** The form in the API, the file and the store: {@code ran}, {@code denied}… */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AuditOutcome> of(String wire) {
    return Arrays.stream(values()).filter(o -> o.wire().equals(wire)).findFirst();
  }

  /** The outcome of an API call from its HTTP status. */
  public static AuditOutcome ofHttpStatus(int status) {
    if (status == 401 || status == 403) {
      return DENIED;
    }
    if (status >= 500) {
      return FAILED;
    }
    return status >= 400 ? REFUSED : ACCEPTED;
  }
}
