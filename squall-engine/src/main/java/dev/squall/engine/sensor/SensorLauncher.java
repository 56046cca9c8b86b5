package dev.squall.engine.sensor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.sensor.SensorDef;
import dev.squall.engine.runner.ActionApiAccess;
import dev.squall.engine.runner.PackVirtualenvs;
import dev.squall.engine.runner.PythonFiles;
import dev.squall.engine.runner.PythonScriptRunner;
import dev.squall.engine.runner.RunnerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Starts one sensor's process as StackStorm's sensor container does: Squall's sensor wrapper on
 * the pack's virtualenv's interpreter, the compatibility package ({@code st2reactor},
 * {@code st2common}) and the pack's {@code lib} on {@code PYTHONPATH}, the pack config in a
 * private file (never on the command line), and an API token for the datastore calls.
 */
final class SensorLauncher {

  /**
   * A started process and what to undo when it is gone: its input file and its current token,
   * which {@link #refresh} replaces.
   */
  static final class Launch {
    private final Process process;
    private final Path input;
    private ActionApiAccess.Grant grant;
    private boolean released;

    Launch(Process process, Path input, ActionApiAccess.Grant grant) {
      this.process = process;
      this.input = input;
      this.grant = grant;
    }

    Process process() {
      return process;
    }

    synchronized void release() {
      released = true;
      deleteQuietly(input);
      revoke(grant);
      grant = null;
    }
  }

  private final RunnerSettings runner;
  private final PackVirtualenvs virtualenvs;
  private final PythonFiles files;
  private final Function<String, Map<String, Object>> packConfig;
  private final ActionApiAccess api;
  private final String user;
  private final ObjectMapper json = new ObjectMapper();

  SensorLauncher(RunnerSettings runner, PackVirtualenvs virtualenvs,
      Function<String, Map<String, Object>> packConfig, ActionApiAccess api, String user) {
    this.runner = runner;
    this.virtualenvs = virtualenvs;
    this.files = new PythonFiles(runner.workDir().resolve(".squall-python"));
    this.packConfig = packConfig;
    this.api = api == null ? ActionApiAccess.NONE : api;
    this.user = user;
  }

  /**
   * @throws IOException the interpreter cannot be started
   * @throws RuntimeException the entry point is missing, the virtualenv or config is unusable
   */
  Launch launch(SensorDef sensor) throws IOException {
    Path script = sensor.entryPointFile();
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("the sensor's entry point " + script + " does not exist");
    }
    Map<String, Object> config = packConfig.apply(sensor.pack());
    Path venv = PythonScriptRunner.SYSTEM_PACKS.contains(sensor.pack()) ? null
        : virtualenvs.ensure(sensor.pack(), sensor.packDir());
    String interpreter = venv == null ? virtualenvs.python().interpreter()
        : venv.resolve("bin/python").toString();
    Path input = writeInput(config);
    List<String> argv = new ArrayList<>(List.of(interpreter, "-u",
        files.file("squall_sensor_wrapper.py").toString(), "--pack=" + sensor.pack(),
        "--file-path=" + script, "--class-name=" + sensor.className(), "--input-file=" + input));
    if (sensor.pollInterval() != null) {
      argv.add("--poll-interval=" + sensor.pollInterval());
    }
    ProcessBuilder pb = new ProcessBuilder(argv).directory(runner.workDir().toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.putAll(runner.baseEnv());
    Path pack = sensor.packDir().toAbsolutePath().normalize();
    env.put("PYTHONPATH", pack.resolve("lib") + ":" + files.compat());
    env.put("ST2_ACTION_PACK_PATH", pack.toString());
    if (venv != null) {
      env.put("PATH", venv.resolve("bin") + ":" + env.getOrDefault("PATH", ""));
      env.put("VIRTUAL_ENV", venv.toString());
    }
    // a sensor lives as long as it likes: its token is replaced now and then (refresh)
    ActionApiAccess.Grant grant = api.grant(user, null);
    if (grant != null) {
      env.put("ST2_ACTION_API_URL", grant.apiUrl());
      env.put("ST2_ACTION_AUTH_TOKEN", grant.token());
      env.put("ST2_API_URL", grant.apiUrl());
      env.put("ST2_AUTH_TOKEN", grant.token());
    }
    try {
      return new Launch(pb.start(), input, grant);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(input);
      revoke(grant);
      throw e;
    }
  }

  /**
   * Gives the running sensor a fresh token over its stdin ({@code {"type": "token", ...}}) and
   * revokes the one it had; nothing when there is no token to give.
   *
   * @throws IOException the process no longer reads its stdin
   */
  void refresh(Launch launch) throws IOException {
    ActionApiAccess.Grant fresh = api.grant(user, null);
    if (fresh == null) {
      return;
    }
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "token");
    message.put("api_url", fresh.apiUrl());
    message.put("token", fresh.token());
    synchronized (launch) {
      try {
        if (launch.released) {
          throw new IOException("the sensor's process has ended");
        }
        send(launch, message);
      } catch (IOException e) {
        revoke(fresh);
        throw e;
      }
      revoke(launch.grant);
      launch.grant = fresh;
    }
  }

  /**
   * Writes one JSON line to the sensor's stdin.
   *
   * @throws IOException the process no longer reads its stdin
   */
  void send(Launch launch, Map<String, Object> message) throws IOException {
    synchronized (launch) {
      var stdin = launch.process.getOutputStream();
      stdin.write(json.writeValueAsBytes(message));
      stdin.write('\n');
      stdin.flush();
    }
  }

  private static void revoke(ActionApiAccess.Grant grant) {
    if (grant != null) {
      grant.revoke().run();
    }
  }

  private Path writeInput(Map<String, Object> config) throws IOException {
    Files.createDirectories(runner.workDir());
    Path file = Files.createTempFile(runner.workDir(), "sensor-input-", ".json",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("config", config == null ? Map.of() : config);
    Files.write(file, json.writeValueAsBytes(input));
    return file;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the wrapper normally deleted it already; a leftover is private to this user
    }
  }
}
