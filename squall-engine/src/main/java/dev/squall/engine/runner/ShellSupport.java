package dev.squall.engine.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the two local shell runners share: parameters, environment, sudo, the result object. */
final class ShellSupport {

  /** StackStorm's {@code LOCAL_RUNNER_DEFAULT_ACTION_TIMEOUT}. */
  static final int DEFAULT_TIMEOUT_SECONDS = 60;

  /** StackStorm's name for it; also how a recorded group's processes are told from others'. */
  static final String EXECUTION_ID_VARIABLE = "ST2_ACTION_EXECUTION_ID";

  private final RunnerSettings settings;
  private final ProcessRun processes;
  private static final ObjectMapper JSON = new ObjectMapper();

  ShellSupport(RunnerSettings settings) {
    this.settings = settings;
    this.processes = new ProcessRun(settings);
  }

  /** Runs {@code argv} with the shell runner parameters of {@code context}, as StackStorm does. */
  RunnerResult run(RunContext context, List<String> argv) {
    Map<String, Object> params = context.parameters();
    if (params.get("sudo_password") instanceof String pw && !pw.isEmpty()) {
      return error("sudo_password is not supported: Squall runs sudo non-interactively (sudo -n). "
          + "Allow passwordless sudo for user \"" + currentUser() + "\" instead.");
    }
    List<String> command = argv;
    if (Boolean.TRUE.equals(params.get("sudo"))) {
      String refusal = sudoRefusal();
      if (Thread.currentThread().isInterrupted()) {
        return new RunnerResult(ExecutionStatus.CANCELED, Map.of());
      }
      if (refusal != null) {
        return error(refusal);
      }
      command = new ArrayList<>(List.of("sudo", "-E", "-n", "--"));
      command.addAll(argv);
    }
    Object timeoutParam = params.getOrDefault("timeout", DEFAULT_TIMEOUT_SECONDS);
    Duration timeout = timeout(timeoutParam);
    ProcessRun.Outcome outcome;
    try {
      outcome = processes.run(command, cwd(params), environment(context), timeout,
          context.output() == null ? OutputSink.DISCARD : context.output(),
          context.processes());
    } catch (IOException e) {
      return error("Cannot start " + argv.getFirst() + ": " + e.getMessage());
    }
    return result(outcome, timeoutParam);
  }

  /** StackStorm's result: stdout, stderr, return_code, succeeded, failed (+ error). */
  static RunnerResult result(ProcessRun.Outcome outcome, Object timeoutParam) {
    Map<String, Object> result = new LinkedHashMap<>();
    int code = outcome.end() == ProcessRun.End.TIMED_OUT ? -9 : outcome.exitCode();
    boolean succeeded = outcome.end() == ProcessRun.End.EXITED && code == 0;
    result.put("failed", !succeeded);
    result.put("succeeded", succeeded);
    result.put("return_code", code);
    result.put("stdout", outcome.stdout());
    result.put("stderr", outcome.stderr());
    ExecutionStatus status = switch (outcome.end()) {
      case EXITED -> succeeded ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED;
      case TIMED_OUT -> {
        result.put("error", "Action failed to complete in " + timeoutParam + " seconds");
        yield ExecutionStatus.TIMEOUT;
      }
      case CANCELED -> ExecutionStatus.CANCELED;
    };
    return new RunnerResult(status, result);
  }

  /** A run that never started: the shell result shape, so result templates still work. */
  static RunnerResult error(String message) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("failed", true);
    result.put("succeeded", false);
    result.put("return_code", -1);
    result.put("stdout", "");
    result.put("stderr", "");
    result.put("error", message);
    return new RunnerResult(ExecutionStatus.FAILED, result);
  }

  /** The {@code timeout} parameter in seconds; zero or less means none (Python's falsy 0). */
  static Duration timeout(Object value) {
    double seconds;
    if (value instanceof Number n) {
      seconds = n.doubleValue();
    } else {
      try {
        seconds = Double.parseDouble(String.valueOf(value).strip());
      } catch (NumberFormatException e) {
        seconds = DEFAULT_TIMEOUT_SECONDS;
      }
    }
    return seconds <= 0 ? null : Duration.ofMillis(Math.round(seconds * 1000));
  }

  Path cwd(Map<String, Object> params) {
    Object cwd = params.get("cwd");
    if (cwd instanceof String s && !s.isBlank()) {
      return settings.workDir().resolve(s);
    }
    return settings.workDir();
  }

  /**
   * The base environment, then the action's {@code env} parameter, then StackStorm's common
   * {@code ST2_ACTION_*} variables, later ones winning (StackStorm's order).
   */
  Map<String, String> environment(RunContext context) {
    Map<String, String> env = new LinkedHashMap<>(settings.baseEnv());
    if (context.parameters().get("env") instanceof Map<?, ?> extra) {
      extra.forEach((k, v) -> {
        if (k != null && v != null) {
          env.put(String.valueOf(k), asText(v));
        }
      });
    }
    if (context.action() != null) {
      env.put("ST2_ACTION_PACK_NAME", context.action().pack());
    }
    env.put(EXECUTION_ID_VARIABLE, String.valueOf(context.executionId()));
    if (settings.apiUrl() != null) {
      env.put("ST2_ACTION_API_URL", settings.apiUrl());
    }
    return env;
  }

  /** Strings as they are, anything else as JSON (so a list or map reaches a script intact). */
  static String asText(Object value) {
    if (value instanceof String s) {
      return s;
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  /** Null when {@code sudo -n true} works; otherwise why sudo cannot be used here. */
  private String sudoRefusal() {
    String prefix = "The action asks for sudo, but passwordless sudo is not available to user \""
        + currentUser() + "\" on this host: ";
    try {
      Process p = new ProcessBuilder("sudo", "-n", "true").redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return prefix + "\"sudo -n true\" did not finish in 10 seconds.";
      }
      if (p.exitValue() == 0) {
        return null;
      }
      String why = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return prefix + "\"sudo -n true\" failed" + (why.isEmpty() ? "." : ": " + why);
    } catch (IOException e) {
      return prefix + "sudo is not installed.";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return prefix + "interrupted while checking sudo.";
    }
  }

  private static String currentUser() {
    return System.getProperty("user.name");
  }
}
