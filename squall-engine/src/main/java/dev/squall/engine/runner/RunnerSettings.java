package dev.squall.engine.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the built-in runners behave on this node.
 *
 * @param maxOutputChars how much of each of stdout and stderr a shell runner keeps in the result
 *     (and streams); the excess is dropped and a marker says how much
 * @param killGrace how long a process tree gets between TERM and KILL on timeout or cancel
 * @param workDir working directory of shell actions that give no {@code cwd}
 * @param baseEnv the environment every shell action starts from; deliberately not the server's
 *     whole environment, which holds the server's own secrets
 * @param apiUrl exported to actions as {@code ST2_ACTION_API_URL} when not null, as StackStorm does
 */
public record RunnerSettings(
    int maxOutputChars, Duration killGrace, Path workDir, Map<String, String> baseEnv, String apiUrl) {

  /** The variables of the server's environment that shell actions inherit by default. */
  public static final List<String> INHERITED_ENV =
      List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "TZ", "TMPDIR");

  /** How long a process tree gets between TERM and KILL unless configured otherwise. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);

  private static final String FALLBACK_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  public RunnerSettings {
    if (maxOutputChars <= 0) {
      throw new IllegalArgumentException("maxOutputChars must be positive, not " + maxOutputChars);
    }
    Objects.requireNonNull(killGrace, "killGrace");
    Objects.requireNonNull(workDir, "workDir");
    baseEnv = Map.copyOf(baseEnv == null ? Map.of() : baseEnv);
  }

  /** 1 MiB of output per stream, 5 s grace, the JVM's temp dir, a minimal inherited environment. */
  public static RunnerSettings defaults() {
    return new RunnerSettings(
        1 << 20, DEFAULT_KILL_GRACE, Path.of(System.getProperty("java.io.tmpdir")),
        minimalEnv(System.getenv()), null);
  }

  /** The {@link #INHERITED_ENV} subset of {@code env}, with a sane PATH when it has none. */
  public static Map<String, String> minimalEnv(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : INHERITED_ENV) {
      String value = env.get(key);
      if (value != null) {
        out.put(key, value);
      }
    }
    out.putIfAbsent("PATH", FALLBACK_PATH);
    return out;
  }

  public RunnerSettings withMaxOutputChars(int chars) {
    return new RunnerSettings(chars, killGrace, workDir, baseEnv, apiUrl);
  }

  public RunnerSettings withKillGrace(Duration grace) {
    return new RunnerSettings(maxOutputChars, grace, workDir, baseEnv, apiUrl);
  }

  public RunnerSettings withWorkDir(Path dir) {
    return new RunnerSettings(maxOutputChars, killGrace, dir, baseEnv, apiUrl);
  }

  public RunnerSettings withApiUrl(String url) {
    return new RunnerSettings(maxOutputChars, killGrace, workDir, baseEnv, url);
  }
}
