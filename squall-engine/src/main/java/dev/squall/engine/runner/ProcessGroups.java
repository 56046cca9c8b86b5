package dev.squall.engine.runner;

import dev.squall.engine.execution.model.ProcessGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Process groups as recorded in the store, and killing one safely after the server that started
 * it is gone (a crash leaves the action running, reparented to init).
 *
 * <p>Safe means: only on the host and boot that started it, and only what is provably the
 * action's, so a pid reused by an unrelated process is never hit. While the leader runs with the
 * recorded start time it is the recorded process, and as its pid cannot be reused meanwhile, the
 * processes in its session (its id is the leader's pid) are the action's too. Once the leader has
 * exited, processes of its session may still run (a background child holding the output); the
 * pid may also have been freed and reused for someone else's session since, so only those whose
 * environment carries the execution's id ({@code ST2_ACTION_EXECUTION_ID}) are killed.
 */
public final class ProcessGroups {

  /** What {@link #kill} found. */
  public enum Outcome {
    /** Processes of the group were still running: they were killed. */
    KILLED,
    /** Nothing of it runs any more (leader exited, or the machine rebooted since). */
    GONE,
    /** The pid now belongs to another process (its start time differs): left alone. */
    REUSED,
    /** It ran on another host, where this one cannot reach: nothing done. */
    ELSEWHERE
  }

  /** This machine as processes are recorded on it; empty without {@code /proc} and setsid. */
  private static final Optional<Machine> HERE = Machine.read();

  private record Machine(String host, String boot) {
    static Optional<Machine> read() {
      if (!ProcessTree.usesSessions()) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Machine(
            Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(),
            Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip()));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
  }

  private final Duration grace;

  /** @param grace how long the group gets between TERM and KILL */
  public ProcessGroups(Duration grace) {
    this.grace = Objects.requireNonNull(grace, "grace");
  }

  /** This host's name as recorded in {@link ProcessGroup#host()}; empty where none is recorded. */
  public static Optional<String> host() {
    return HERE.map(Machine::host);
  }

  /**
   * The group led by {@code pid}, a process that {@link ProcessTree#inNewSession} started; empty
   * where groups are not recorded (no {@code /proc} or setsid) or the process is already gone.
   */
  static Optional<ProcessGroup> ledBy(long pid) {
    if (HERE.isEmpty()) {
      return Optional.empty();
    }
    long start = ProcessTree.startTicksOf(pid);
    return start < 0 ? Optional.empty()
        : Optional.of(new ProcessGroup(HERE.get().host(), HERE.get().boot(), pid, start));
  }

  /** The group of a running process, for tests that need a real one. */
  public static Optional<ProcessGroup> of(ProcessHandle leader) {
    return ledBy(leader.pid());
  }

  /**
   * Kills what still runs of the group recorded for execution {@code executionId}, and nothing
   * else. Never throws.
   */
  public Outcome kill(String executionId, ProcessGroup group) {
    if (HERE.isEmpty() || !HERE.get().host().equals(group.host())) {
      return Outcome.ELSEWHERE;
    }
    if (!HERE.get().boot().equals(group.boot())) {
      return Outcome.GONE;
    }
    Optional<ProcessHandle> leader = ProcessHandle.of(group.leader());
    long start = ProcessTree.startTicksOf(group.leader());
    if (leader.isPresent() && start >= 0 && start != group.startTicks()) {
      return Outcome.REUSED; // and as the pid was free to reuse, nothing of the session is left
    }
    if (leader.isPresent() && start >= 0 && ProcessTree.running(leader.get())) {
      ProcessTree.kill(leader.get(), grace);
      return Outcome.KILLED;
    }
    String marker = ShellSupport.EXECUTION_ID_VARIABLE + "=" + executionId;
    Supplier<Set<ProcessHandle>> left = () -> {
      Set<ProcessHandle> ours = ProcessTree.inSession(group.leader());
      ours.removeIf(p -> !ProcessTree.startedWith(p.pid(), marker));
      return ours;
    };
    if (left.get().isEmpty()) {
      return Outcome.GONE;
    }
    ProcessTree.kill(left, grace);
    return Outcome.KILLED;
  }
}
