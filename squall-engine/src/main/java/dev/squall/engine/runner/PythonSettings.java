package dev.squall.engine.runner;

import dev.squall.core.config.ConfigException;
import dev.squall.core.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How Python actions run.
 *
 * @param interpreter the {@code python3} that creates the packs' virtualenvs
 *     ({@code python.interpreter})
 * @param systemSitePackages whether those virtualenvs see the interpreter's own packages, e.g.
 *     Debian's python3-openpyxl ({@code python.system_site_packages})
 * @param pipArgs extra arguments for {@code pip install -r requirements.txt}, such as an index
 *     URL or {@code --no-index --find-links DIR} ({@code python.pip_args})
 * @param virtualenvs the folder holding one virtualenv per pack ({@code $SQUALL_HOME/virtualenvs})
 * @param warmWorkers whether actions run in children forked by a warm worker per virtualenv
 *     rather than in a fresh interpreter each ({@code python.warm_workers})
 * @param workerIdleTimeout how long a warm worker without executions lives on; zero: for ever
 *     ({@code python.worker_idle_timeout}, seconds)
 */
public record PythonSettings(String interpreter, boolean systemSitePackages, List<String> pipArgs,
    Path virtualenvs, boolean warmWorkers, Duration workerIdleTimeout) {

  public static final String DEFAULT_INTERPRETER = "python3";

  public static final Duration DEFAULT_WORKER_IDLE_TIMEOUT = Duration.ofMinutes(10);

  public PythonSettings {
    Objects.requireNonNull(interpreter, "interpreter");
    if (interpreter.isBlank()) {
      throw new ConfigException("python.interpreter", "must not be blank");
    }
    pipArgs = List.copyOf(pipArgs == null ? List.of() : pipArgs);
    Objects.requireNonNull(virtualenvs, "virtualenvs");
    Objects.requireNonNull(workerIdleTimeout, "workerIdleTimeout");
    if (workerIdleTimeout.isNegative()) {
      throw new ConfigException("python.worker_idle_timeout", "must not be negative, not "
          + workerIdleTimeout.toSeconds());
    }
  }

  /** Settings without warm-worker choices: workers on, stopping after the default idle time. */
  public PythonSettings(String interpreter, boolean systemSitePackages, List<String> pipArgs,
      Path virtualenvs) {
    this(interpreter, systemSitePackages, pipArgs, virtualenvs, true,
        DEFAULT_WORKER_IDLE_TIMEOUT);
  }

  /** {@code python3} from PATH, no system site packages, no pip arguments, venvs in {@code dir}. */
  public static PythonSettings defaults(Path virtualenvs) {
    return new PythonSettings(DEFAULT_INTERPRETER, false, List.of(), virtualenvs);
  }

  public static PythonSettings from(Config config) {
    Object args = config.get("python.pip_args").orElse(null);
    List<String> pipArgs = switch (args) {
      case null -> List.of();
      case List<?> list -> list.stream().map(String::valueOf).toList();
      default -> Arrays.stream(String.valueOf(args).strip().split("\\s+"))
          .filter(s -> !s.isEmpty()).toList();
    };
    return new PythonSettings(config.string("python.interpreter", DEFAULT_INTERPRETER),
        config.bool("python.system_site_packages", false), pipArgs,
        config.home().resolve("virtualenvs"), config.bool("python.warm_workers", true),
        Duration.ofSeconds(config.integer("python.worker_idle_timeout",
            (int) DEFAULT_WORKER_IDLE_TIMEOUT.toSeconds())));
  }

  public PythonSettings withInterpreter(String python) {
    return new PythonSettings(python, systemSitePackages, pipArgs, virtualenvs, warmWorkers,
        workerIdleTimeout);
  }

  public PythonSettings withWarmWorkers(boolean warm, Duration idleTimeout) {
    return new PythonSettings(interpreter, systemSitePackages, pipArgs, virtualenvs, warm,
        idleTimeout);
  }
}
