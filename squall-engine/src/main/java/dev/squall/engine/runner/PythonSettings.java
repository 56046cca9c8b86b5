package dev.squall.engine.runner;

import dev.squall.core.config.Config;
import java.util.Objects;

/**
 * How Python actions run.
 *
 * @param interpreter the {@code python3} that runs actions ({@code python.interpreter})
 */
public record PythonSettings(String interpreter) {

  public static final String DEFAULT_INTERPRETER = "python3";

  public PythonSettings {
    Objects.requireNonNull(interpreter, "interpreter");
    if (interpreter.isBlank()) {
      throw new IllegalArgumentException("python.interpreter must not be blank");
    }
  }

  public static PythonSettings defaults() {
    return new PythonSettings(DEFAULT_INTERPRETER);
  }

  public static PythonSettings from(Config config) {
    return new PythonSettings(config.string("python.interpreter", DEFAULT_INTERPRETER));
  }
}
