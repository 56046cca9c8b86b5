package dev.squall.engine.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.action.ActionDef;
import dev.squall.core.action.Runners;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * StackStorm's {@code python-script}: runs the action class of {@code <pack>/actions/<entry_point>}
 * in a Python process through Squall's wrapper ({@code python/squall_action_wrapper.py}), with
 * StackStorm's contract: {@code run(**parameters)} gets every declared action parameter
 * ({@code None} when absent), the pack config is {@code self.config}, {@code (bool, result)}
 * decides the status, an exception fails the execution with its traceback in {@code stderr}.
 * The result is {@code {stdout, stderr, exit_code, result}} (+ {@code error} on timeout).
 */
public final class PythonScriptRunner implements Runner, AutoCloseable {

  /** StackStorm's {@code ACTION_OUTPUT_RESULT_DELIMITER}, around the wrapper's result envelope. */
  static final String DELIMITER = "%%%%%~=~=~=************=~=~=~%%%%";

  /** The python runner's default timeout (its runner.yaml), unlike the shell runners' 60 s. */
  static final int DEFAULT_TIMEOUT_SECONDS = 600;

  /** The wrapper's exit code for a 2-tuple whose status is not a bool. */
  static final int INVALID_STATUS_EXIT_CODE = 220;

  /** StackStorm's system packs, which run on the interpreter itself, without a virtualenv. */
  public static final Set<String> SYSTEM_PACKS = Set.of("core", "packs", "linux", "chatops");

  private static final Pattern REPR_RESULT = Pattern.compile("'result': (.*?)$");

  private final RunnerSettings settings;
  private final PythonSettings python;
  private final Function<String, Map<String, Object>> packConfig;
  private final ActionApiAccess api;
  private final ShellSupport shell;
  private final ProcessRun processes;
  private final PythonFiles files;
  private final PackVirtualenvs virtualenvs;
  private final PythonWorkers workers;
  private final Set<String> runnerParameters =
      Runners.find("python-script").orElseThrow().parameters().keySet();
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param virtualenvs the packs' virtualenvs, made on first use
   * @param packConfig the pack's config with schema defaults applied, by pack name
   * @param api how actions call back into Squall (for {@code self.action_service})
   */
  public PythonScriptRunner(RunnerSettings settings, PackVirtualenvs virtualenvs,
      Function<String, Map<String, Object>> packConfig, ActionApiAccess api) {
    this.settings = settings;
    this.python = virtualenvs.python();
    this.packConfig = packConfig;
    this.api = api == null ? ActionApiAccess.NONE : api;
    this.shell = new ShellSupport(settings);
    this.processes = new ProcessRun(settings);
    this.files = new PythonFiles(settings.workDir().resolve(".squall-python"));
    this.virtualenvs = virtualenvs;
    this.workers = new PythonWorkers(settings, files, python.warmWorkers(),
        python.workerIdleTimeout());
  }

  @Override
  public String name() {
    return "python-script";
  }

  /** Stops the warm workers; actions they still run finish in processes of their own. */
  @Override
  public void close() {
    workers.close();
  }

  @Override
  public RunnerResult run(RunContext context) {
    ActionDef action = context.action();
    Optional<String> missing = context.missingEntryPoint();
    if (missing.isPresent()) {
      return error(missing.get());
    }
    Path script;
    Map<String, Object> config;
    Path venv = null;
    try {
      script = LocalShellScriptRunner.resolve(action);
      config = packConfig.apply(action.pack());
      if (!SYSTEM_PACKS.contains(action.pack())) {
        venv = virtualenvs.ensure(action.pack(), action.packDir());
      }
    } catch (RuntimeException e) {
      return error(e.getMessage());
    }
    String interpreter = venv == null ? python.interpreter() : venv.resolve("bin/python").toString();
    Path input = null;
    ActionApiAccess.Grant grant = null;
    try {
      input = writeInput(actionParameters(action, context.parameters()), config);
      List<String> args = new ArrayList<>(List.of("--pack=" + action.pack(),
          "--file-path=" + script, "--user=" + user(context), "--input-file=" + input));
      Object level = context.parameters().get("log_level");
      if (level instanceof String l && !l.equalsIgnoreCase("DEBUG")) {
        args.add("--log-level=" + l);
      }
      Object timeoutParam = context.parameters().getOrDefault("timeout", DEFAULT_TIMEOUT_SECONDS);
      Duration timeout = ShellSupport.timeout(timeoutParam);
      Map<String, String> env = environment(context, action);
      if (venv != null) {
        env.put("PATH", venv.resolve("bin") + ":" + env.getOrDefault("PATH", ""));
        env.put("VIRTUAL_ENV", venv.toString());
      }
      grant = api.grant(user(context), timeout == null ? null : timeout.plus(settings.killGrace()));
      if (grant != null) {
        // StackStorm's names: the runner's own pair, and the pair st2client and the st2 CLI read
        env.put("ST2_ACTION_API_URL", grant.apiUrl());
        env.put("ST2_ACTION_AUTH_TOKEN", grant.token());
        env.put("ST2_API_URL", grant.apiUrl());
        env.put("ST2_AUTH_TOKEN", grant.token());
      }
      OutputSink sink = withoutEnvelope(context.output());
      Optional<ForkedProcess> warm = workers.fork(interpreter,
          venv == null ? "" : PackVirtualenvs.version(venv), args, env, settings.workDir());
      if (warm.isEmpty()) {
        List<String> argv = new ArrayList<>(List.of(interpreter, "-u",
            files.wrapper().toString()));
        argv.addAll(args);
        return result(processes.run(argv, settings.workDir(), env, timeout, sink,
            context.processes()), timeoutParam);
      }
      try (ForkedProcess child = warm.get()) {
        ProcessRun.Outcome outcome = processes.follow(child, child::release, timeout, sink,
            context.processes());
        if (child.workerDied()) {
          Map<String, Object> out = base(outcome.stdout(), outcome.stderr(), -1, "None");
          out.put("error", "The Python worker running this action (" + interpreter
              + ") died before it ended; what was left of the action was killed."
              + " The next execution starts a new worker.");
          return new RunnerResult(ExecutionStatus.FAILED, out);
        }
        return result(outcome, timeoutParam);
      }
    } catch (IOException e) {
      return error("Cannot start " + interpreter + " for action " + action.ref() + ": "
          + e.getMessage());
    } finally {
      deleteQuietly(input);
      if (grant != null) {
        grant.revoke().run();
      }
    }
  }

  /** Every declared action parameter, absent ones as null (StackStorm's {@code _split_params}). */
  Map<String, Object> actionParameters(ActionDef action, Map<String, Object> given) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : action.parameters().keySet()) {
      if (!runnerParameters.contains(name)) {
        out.put(name, given.get(name));
      }
    }
    return out;
  }

  /** A private file holding parameters and config: never on argv, where anyone sees them. */
  private Path writeInput(Map<String, Object> parameters, Map<String, Object> config)
      throws IOException {
    Files.createDirectories(settings.workDir());
    Path file = Files.createTempFile(settings.workDir(), "python-input-", ".json",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("parameters", parameters);
    input.put("config", config == null ? Map.of() : config);
    Files.write(file, json.writeValueAsBytes(input));
    return file;
  }

  /**
   * The shell runners' environment, then StackStorm's python additions: the pack's
   * {@code actions/lib} and Squall's st2common on {@code PYTHONPATH} (a user's own PYTHONPATH
   * is dropped, as StackStorm does).
   */
  private Map<String, String> environment(RunContext context, ActionDef action) {
    Map<String, String> env = shell.environment(context);
    env.keySet().removeIf(k -> k.equalsIgnoreCase("PYTHONPATH"));
    Path pack = action.packDir().toAbsolutePath().normalize();
    env.put("PYTHONPATH", pack.resolve("actions").resolve("lib") + ":" + files.compat());
    env.put("ST2_ACTION_PACK_PATH", pack.toString());
    // Bytecode caches in our work folder, not in the pack's, where the pack watcher sees them.
    env.put("PYTHONPYCACHEPREFIX", files.pycache().toString());
    return env;
  }

  private static String user(RunContext context) {
    Object user = context.context() == null ? null : context.context().get("user");
    return user == null ? "" : String.valueOf(user);
  }

  /** The envelope is the result, not output: its lines are not streamed (as in StackStorm). */
  private static OutputSink withoutEnvelope(OutputSink sink) {
    OutputSink target = sink == null ? OutputSink.DISCARD : sink;
    return (stream, line) -> {
      if (!line.contains(DELIMITER)) {
        target.line(stream, line);
      }
    };
  }

  /** StackStorm's {@code _get_output_values} and {@code _get_final_status}. */
  RunnerResult result(ProcessRun.Outcome outcome, Object timeoutParam) {
    boolean timedOut = outcome.end() == ProcessRun.End.TIMED_OUT;
    int exitCode = timedOut ? -9 : outcome.exitCode();
    String stdout = outcome.stdout();
    String envelope = null;
    if (stdout.contains(DELIMITER)) {
      String[] parts = stdout.split(Pattern.quote(DELIMITER), -1);
      if (parts.length != 3) {
        return error("The result delimiter was not found exactly twice in the action's stdout:"
            + " an action must not print it itself");
      }
      envelope = parts[1].strip();
      stdout = parts[0] + parts[2];
    }
    if (outcome.end() == ProcessRun.End.EXITED && exitCode == INVALID_STATUS_EXIT_CODE
        && envelope == null) {
      Map<String, Object> failed = base(stdout, outcome.stderr(), exitCode, "None");
      failed.put("error", outcome.stderr());
      return new RunnerResult(ExecutionStatus.FAILED, failed);
    }
    Object result = "None";
    Object status = null;
    if (envelope != null && !envelope.isEmpty()) {
      Object parsed = parse(envelope);
      if (parsed instanceof Map<?, ?> m) {
        result = m.get("result");
        status = m.get("status");
      } else {
        Matcher match = REPR_RESULT.matcher(envelope);
        result = match.find() ? match.group(1) : envelope;
      }
    }
    Map<String, Object> out = base(stdout, outcome.stderr(), exitCode, result);
    ExecutionStatus finalStatus = switch (outcome.end()) {
      case TIMED_OUT -> {
        out.put("error", "Action failed to complete in " + timeoutParam + " seconds");
        yield ExecutionStatus.TIMEOUT;
      }
      case CANCELED -> ExecutionStatus.CANCELED;
      case EXITED -> {
        boolean ok = exitCode == 0 && (status == null || Boolean.TRUE.equals(status));
        yield ok ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED;
      }
    };
    return new RunnerResult(finalStatus, out);
  }

  /** The envelope as JSON, or its text when it is the wrapper's Python-repr fallback. */
  private Object parse(String envelope) {
    try {
      return json.readValue(envelope, Object.class);
    } catch (JsonProcessingException e) {
      return envelope;
    }
  }

  private static Map<String, Object> base(String stdout, String stderr, int exitCode,
      Object result) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("stdout", stdout);
    out.put("stderr", stderr);
    out.put("exit_code", exitCode);
    out.put("result", result);
    return out;
  }

  /** A run that never started, in this runner's result shape. */
  private static RunnerResult error(String message) {
    Map<String, Object> out = base("", "", -1, "None");
    out.put("error", message);
    return new RunnerResult(ExecutionStatus.FAILED, out);
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // the wrapper normally deleted it already; a leftover is private to this user
      }
    }
  }
}
