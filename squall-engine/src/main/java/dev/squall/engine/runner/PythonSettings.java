package dev.squall.engine.runner;

import dev.squall.core.config.Config;
import java.nio.file.Path;
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
 */
public record PythonSettings(String interpreter, boolean systemSitePackages, List<String> pipArgs,
    Path virtualenvs) {

  public static final String DEFAULT_INTERPRETER = "python3";

  public PythonSettings {
    Objects.requireNonNull(interpreter, "interpreter");
    if (interpreter.isBlank()) {
      throw new IllegalArgumentException("python.interpreter must not be blank");
    }
    pipArgs = List.copyOf(pipArgs == null ? List.of() : pipArgs);
    Objects.requireNonNull(virtualenvs, "virtualenvs");
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
        config.home().resolve("virtualenvs"));
  }

  public PythonSettings withInterpreter(String python) {
    return new PythonSettings(python, systemSitePackages, pipArgs, virtualenvs);
  }
}
