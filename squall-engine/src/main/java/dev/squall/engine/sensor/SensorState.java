package dev.squall.engine.sensor;

import java.time.Instant;

/**
 * What a sensor is doing now, for {@code /sensortypes} and {@code squall sensor list}.
 *
 * @param deaths how many times in a row its process died (0 once it ran long enough)
 * @param lastError why it last died (exit code and the end of its stderr), null if it never did
 * @param pid the running process, or null
 */
public record SensorState(String ref, Status status, int deaths, String lastError, Instant since,
    Long pid) {

  /** The states a sensor moves through; {@code name().toLowerCase()} is what the API shows. */
  public enum Status {
    /** its process is starting (or restarting after a death that does not make it failing) */
    STARTING,
    /** setup() returned and run() is running */
    RUNNING,
    /** it died {@code sensors.failing_after} times in a row; restarts go on, with back-off */
    FAILING,
    /** switched off (its file or an operator); no process */
    DISABLED,
    /** the container is off or stopping; no process */
    STOPPED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
