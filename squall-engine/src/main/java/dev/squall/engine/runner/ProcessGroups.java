package dev.squall.engine.runner;

import dev.squall.engine.execution.model.ProcessGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Process groups as recorded in the store, and killing one safely after the server that started
 * it is gone (a crash leaves the action running, reparented to init).
 *
 * <p>Safe means: only on the host and boot that started it, and only while its leader is the very
 * process that was recorded (same pid <em>and</em> same start time), so a pid reused by an
 * unrelated process is never hit. While the leader lives its pid cannot be reused, so the
 * processes in its session are the action's too, background children included. A group whose
 * leader has exited is left alone: its pid may already name someone else's session.
 */
public final class ProcessGroups {

  /** What {@link #kill} found. */
  public enum Outcome {
    /** The leader was running and matched: it and its session were killed. */
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

  /** Kills the recorded group if, and only if, it is still the one recorded. Never throws. */
  public Outcome kill(ProcessGroup group) {
    if (HERE.isEmpty() || !HERE.get().host().equals(group.host())) {
      return Outcome.ELSEWHERE;
    }
    if (!HERE.get().boot().equals(group.boot())) {
      return Outcome.GONE;
    }
    Optional<ProcessHandle> leader = ProcessHandle.of(group.leader());
    long start = ProcessTree.startTicksOf(group.leader());
    if (leader.isEmpty() || start < 0 || !ProcessTree.running(leader.get())) {
      return Outcome.GONE;
    }
    if (start != group.startTicks()) {
      return Outcome.REUSED;
    }
    ProcessTree.kill(leader.get(), grace);
    return Outcome.KILLED;
  }
}
