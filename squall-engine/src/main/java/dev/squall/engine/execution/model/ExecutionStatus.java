package dev.squall.engine.execution.model;

import java.util.Locale;

/** StackStorm's execution statuses; {@link #wire()} is the lowercase form the API speaks. */
public enum ExecutionStatus {
  REQUESTED, SCHEDULED, DELAYED, RUNNING, SUCCEEDED, FAILED, TIMEOUT, CANCELING, CANCELED,
  ABANDONED, PENDING, PAUSING, PAUSED, RESUMING;

  /** True once nothing more will happen to the execution. */
  public boolean isTerminal() {
    return switch (this) {
      case SUCCEEDED, FAILED, TIMEOUT, CANCELED, ABANDONED -> true;
      default -> false;
    };
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ExecutionStatus fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
