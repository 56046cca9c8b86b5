package dev.squall.engine.runner;

import dev.squall.core.template.ShellQuoting;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * What the two remote runners share: hosts, login, environment, sudo, running on every host at
 * once (at most {@code ssh.max_parallel}) and StackStorm's result, one entry per host, keyed by the
 * host as the {@code hosts} parameter spells it. The execution fails when any host fails.
 */
final class RemoteShell {

  /** The work one runner does on one host. */
  @FunctionalInterface
  interface HostWork {
    /**
     * @param wrap turns a plain shell command into the one to send: environment, {@code cwd},
     *     sudo
     */
    RemoteHost.Outcome run(RemoteHost host, Wrap wrap, long deadline) throws IOException;
  }

  /** The shell line for a command on the remote host, and the stdin it needs (sudo's password). */
  record Wrap(String prefix, String sudo, byte[] stdin) {
    String line(String command) {
      // a group, so that no part of a multi-command line runs when cd failed; the newline keeps
      // a trailing comment from swallowing the brace
      String line = prefix + "{ " + command + "\n}";
      // under sudo the whole line (exports, cd, command) becomes one quoted argument of bash -c
      return sudo == null ? line : sudo + ShellQuoting.quote(line);
    }
  }

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final RunnerSettings settings;
  private final SshConnections ssh;

  RemoteShell(RunnerSettings settings, SshConnections ssh) {
    this.settings = settings;
    this.ssh = ssh;
  }

  RunnerResult run(RunContext context, HostWork work) {
    Map<String, Object> params = context.parameters();
    List<SshTarget> targets;
    Wrap wrap;
    try {
      if (params.get("bastion_host") instanceof String b && !b.isBlank()) {
        throw new IllegalArgumentException("bastion_host is not supported by Squall yet");
      }
      targets = SshTarget.parse(params.get("hosts") instanceof String h ? h : null,
          params.get("port") instanceof Number n ? n.intValue() : null);
      wrap = wrap(context);
    } catch (IllegalArgumentException e) {
      return ShellSupport.error(e.getMessage());
    }
    Object timeoutParam = params.getOrDefault("timeout", ShellSupport.DEFAULT_TIMEOUT_SECONDS);
    Duration timeout = ShellSupport.timeout(timeoutParam);
    long deadline = System.nanoTime() + (timeout == null ? Long.MAX_VALUE / 4 : timeout.toNanos());
    SshConnections.Login login = new SshConnections.Login(text(params.get("username")),
        text(params.get("password")), text(params.get("private_key")), text(params.get("passphrase")));
    String killPrefix = Boolean.TRUE.equals(params.get("sudo")) ? "sudo -n " : "";
    OutputSink out = context.output() == null ? OutputSink.DISCARD : context.output();

    Semaphore slots = new Semaphore(ssh.settings().maxParallel());
    Map<SshTarget, RemoteHost[]> live = new LinkedHashMap<>();
    Map<SshTarget, Future<Map<String, Object>>> futures = new LinkedHashMap<>();
    boolean canceled = false;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (SshTarget target : targets) {
        RemoteHost[] holder = new RemoteHost[1];
        live.put(target, holder);
        futures.put(target, pool.submit(() -> {
          slots.acquire();
          try {
            return onHost(target, login, wrap, work, deadline, timeoutParam, killPrefix, out, holder);
          } finally {
            slots.release();
          }
        }));
      }
      Map<String, Object> result = new LinkedHashMap<>();
      for (Map.Entry<SshTarget, Future<Map<String, Object>>> f : futures.entrySet()) {
        Map<String, Object> one;
        try {
          one = canceled ? waitBriefly(f.getValue()) : f.getValue().get();
        } catch (InterruptedException e) {
          canceled = true;
          abortAll(live.values());
          // interrupts hosts still waiting for a slot, so that they never start
          futures.values().forEach(x -> x.cancel(true));
          one = waitBriefly(f.getValue());
        } catch (ExecutionException e) {
          one = hostError(255, "Squall failed on this host: " + e.getCause());
        }
        result.put(f.getKey().label(), one);
      }
      if (canceled) {
        Thread.currentThread().interrupt();
        return new RunnerResult(ExecutionStatus.CANCELED, result);
      }
      return new RunnerResult(status(result), result);
    }
  }

  private Map<String, Object> onHost(SshTarget target, SshConnections.Login login, Wrap wrap,
      HostWork work, long deadline, Object timeoutParam, String killPrefix, OutputSink out,
      RemoteHost[] holder) {
    long left = deadline - System.nanoTime();
    Duration connectTimeout = ssh.settings().connectTimeout();
    if (left < connectTimeout.toNanos()) {
      connectTimeout = Duration.ofNanos(Math.max(left, 1));
    }
    OutputSink tagged = (stream, line) -> out.line(stream, "[" + target.label() + "] " + line);
    try (SshConnections.Lease lease = ssh.open(target, login, connectTimeout)) {
      RemoteHost host = new RemoteHost(lease.session(), tagged, settings.maxOutputChars(), killPrefix);
      synchronized (holder) {
        holder[0] = host;
      }
      try {
        return hostResult(work.run(host, wrap, deadline), timeoutParam);
      } catch (IOException e) {
        if (!lease.session().isOpen()) {
          lease.discard();
        }
        throw e;
      }
    } catch (SshConnections.HostKeyRefused e) {
      return hostError(255, e.getMessage());
    } catch (IOException | RuntimeException e) {
      if (System.nanoTime() - deadline >= 0) {
        Map<String, Object> r = hostError(-9, "Action failed to complete in " + timeoutParam + " seconds");
        r.put("timeout", true);
        return r;
      }
      return hostError(255, "Cannot run on " + target.label() + ": " + describe(e));
    }
  }

  /** StackStorm's per-host entry: stdout, stderr, return_code, succeeded, failed (+ error). */
  private static Map<String, Object> hostResult(RemoteHost.Outcome outcome, Object timeoutParam) {
    Map<String, Object> r = new LinkedHashMap<>();
    Integer code = switch (outcome.end()) {
      case EXITED -> outcome.exitCode() == null ? -1 : outcome.exitCode();
      case TIMED_OUT -> -9;
      case ABORTED -> -15;
    };
    boolean ok = outcome.end() == RemoteHost.End.EXITED && code == 0;
    r.put("failed", !ok);
    r.put("succeeded", ok);
    r.put("return_code", code);
    r.put("stdout", outcome.stdout());
    r.put("stderr", outcome.stderr());
    if (outcome.end() == RemoteHost.End.TIMED_OUT) {
      r.put("timeout", true);
      r.put("error", "Action failed to complete in " + timeoutParam + " seconds");
    }
    return r;
  }

  /** A host where the command could not run: the shell result shape, with why. */
  private static Map<String, Object> hostError(int code, String message) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("failed", true);
    r.put("succeeded", false);
    r.put("return_code", code);
    r.put("stdout", "");
    r.put("stderr", "");
    r.put("error", message);
    return r;
  }

  /** Timeout when any host timed out, else failed when any failed. */
  private static ExecutionStatus status(Map<String, Object> result) {
    boolean failed = false;
    for (Object one : result.values()) {
      Map<?, ?> r = (Map<?, ?>) one;
      if (Boolean.TRUE.equals(r.get("timeout"))) {
        return ExecutionStatus.TIMEOUT;
      }
      failed |= Boolean.TRUE.equals(r.get("failed"));
    }
    return failed ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED;
  }

  /** Kills what runs on every host, all at once: each kill may wait for its process to go. */
  private static void abortAll(java.util.Collection<RemoteHost[]> hosts) {
    List<Thread> killers = new ArrayList<>();
    for (RemoteHost[] h : hosts) {
      RemoteHost host;
      synchronized (h) {
        host = h[0];
      }
      if (host != null) {
        killers.add(Thread.ofVirtual().name("ssh-abort").start(host::abort));
      }
    }
    for (Thread killer : killers) {
      try {
        killer.join(Duration.ofSeconds(20));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Map<String, Object> waitBriefly(Future<Map<String, Object>> f) {
    try {
      return f.get(20, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException
        | java.util.concurrent.CancellationException e) {
      return hostError(-15, "Canceled");
    }
  }

  /**
   * StackStorm's remote command line: {@code export} of the environment, {@code cd} to
   * {@code cwd}, then the command, all under {@code sudo -E -- bash -c} when {@code sudo} is set.
   */
  private static Wrap wrap(RunContext context) {
    Map<String, Object> params = context.parameters();
    StringBuilder prefix = new StringBuilder();
    Map<String, String> env = new LinkedHashMap<>();
    if (params.get("env") instanceof Map<?, ?> extra) {
      extra.forEach((k, v) -> {
        if (k != null && v != null) {
          env.put(String.valueOf(k), ShellSupport.asText(v));
        }
      });
    }
    if (context.action() != null) {
      env.put("ST2_ACTION_PACK_NAME", context.action().pack());
    }
    env.put(ShellSupport.EXECUTION_ID_VARIABLE, String.valueOf(context.executionId()));
    List<String> exports = new ArrayList<>();
    env.forEach((name, value) -> {
      if (!ENV_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("env: \"" + name + "\" is not a valid variable name");
      }
      exports.add(name + "=" + ShellQuoting.quote(value));
    });
    prefix.append("export ").append(String.join(" ", exports)).append(" && ");
    if (params.get("cwd") instanceof String cwd && !cwd.isBlank()) {
      prefix.append("cd ").append(ShellQuoting.quote(cwd)).append(" && ");
    }
    if (!Boolean.TRUE.equals(params.get("sudo"))) {
      return new Wrap(prefix.toString(), null, null);
    }
    String password = text(params.get("sudo_password"));
    return password == null
        ? new Wrap(prefix.toString(), "sudo -n -E -- bash -c ", null)
        : new Wrap(prefix.toString(), "sudo -S -p '' -E -- bash -c ", RemoteHost.utf8(password + "\n"));
  }

  private static String text(Object value) {
    return value instanceof String s && !s.isEmpty() ? s : null;
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
