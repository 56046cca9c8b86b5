package dev.squall.engine.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finds and kills everything an action started.
 *
 * <p>Where {@code setsid} exists, actions start in a session of their own (StackStorm does the
 * same with {@code os.setsid}): a background child that outlived its parent is reparented away
 * from our process tree but keeps the session id, so it is still found through {@code /proc}.
 * Elsewhere, {@link ProcessHandle#descendants()} is what we have.
 */
final class ProcessTree {

  private static final Optional<Path> SETSID =
      List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid")).stream()
          .filter(Files::isExecutable)
          .findFirst();

  private ProcessTree() {}

  /** {@code argv}, run in a new session when the platform allows it. */
  static List<String> inNewSession(List<String> argv) {
    if (SETSID.isEmpty()) {
      return argv;
    }
    List<String> out = new ArrayList<>(argv.size() + 1);
    out.add(SETSID.get().toString());
    out.addAll(argv);
    return out;
  }

  /** True when {@link #inNewSession} makes the started process the leader of its own session. */
  static boolean usesSessions() {
    return SETSID.isPresent() && Files.isDirectory(Path.of("/proc/self"));
  }

  /**
   * The root (if running), its descendants, and every process in the session it leads. The
   * session id is the root's pid: {@code setsid} execs in place, as our child is never a process
   * group leader. Once the root has exited, a live process holding its pid means the pid was
   * reused, and that process's session is not ours to kill.
   */
  static Set<ProcessHandle> members(ProcessHandle root) {
    Set<ProcessHandle> out = new LinkedHashSet<>();
    boolean pidReused = !root.isAlive() && ProcessHandle.of(root.pid()).isPresent();
    if (usesSessions() && !pidReused) {
      out.addAll(inSession(root.pid()));
    }
    root.descendants().forEach(out::add);
    out.add(root);
    out.removeIf(p -> !running(p));
    return out;
  }

  /** The running processes of session {@code sid}, this JVM aside (empty without sessions). */
  static Set<ProcessHandle> inSession(long sid) {
    Set<ProcessHandle> out = new LinkedHashSet<>();
    if (usesSessions()) {
      ProcessHandle.allProcesses()
          .filter(p -> p.pid() != ProcessHandle.current().pid() && sessionOf(p.pid()) == sid)
          .filter(ProcessTree::running)
          .forEach(out::add);
    }
    return out;
  }

  /**
   * TERM to every member, then KILL to whatever still runs after {@code grace}; a second scan
   * catches anything forked meanwhile. Never throws; an interrupt is kept for the caller.
   */
  static void kill(ProcessHandle root, Duration grace) {
    kill(() -> members(root), grace);
  }

  /** As {@link #kill(ProcessHandle, Duration)}, for the processes {@code scan} finds. */
  static void kill(Supplier<Set<ProcessHandle>> scan, Duration grace) {
    boolean interrupted = Thread.interrupted();
    Set<ProcessHandle> targets = scan.get();
    targets.forEach(ProcessHandle::destroy);
    interrupted |= awaitGone(targets, grace);
    Set<ProcessHandle> left = new LinkedHashSet<>(scan.get());
    left.addAll(targets);
    left.removeIf(p -> !running(p));
    left.forEach(ProcessHandle::destroyForcibly);
    interrupted |= awaitGone(left, Duration.ofSeconds(2));
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Polls, because a non-child's exit cannot be awaited and a zombie never "exits". */
  private static boolean awaitGone(Set<ProcessHandle> processes, Duration limit) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + limit.toNanos();
    while (processes.stream().anyMatch(ProcessTree::running) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    return interrupted;
  }

  /** Alive and not a zombie: a zombie has finished and only waits for its parent to reap it. */
  static boolean running(ProcessHandle p) {
    if (!p.isAlive()) {
      return false;
    }
    return stateOf(p.pid()) != 'Z';
  }

  /** The session id from {@code /proc/<pid>/stat}, or -1 when it cannot be read. */
  static long sessionOf(long pid) {
    String[] fields = statFields(pid);
    return fields == null ? -1 : Long.parseLong(fields[3]);
  }

  /** The state letter from {@code /proc/<pid>/stat} ({@code Z} for a zombie), or '?'. */
  static char stateOf(long pid) {
    String[] fields = statFields(pid);
    return fields == null ? '?' : fields[0].charAt(0);
  }

  /**
   * When the process started, in clock ticks since boot (field 22 of {@code /proc/<pid>/stat}),
   * or -1 when it cannot be read. Unlike the pid, this is never the same for two processes of
   * one boot that share a pid.
   */
  static long startTicksOf(long pid) {
    String[] fields = statFields(pid);
    return fields == null || fields.length < 20 ? -1 : Long.parseLong(fields[19]);
  }

  /**
   * Whether the environment the process started with holds {@code entry} ({@code NAME=value});
   * false when it cannot be read (gone, or another user's).
   */
  static boolean startedWith(long pid, String entry) {
    try {
      byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
      return List.of(new String(environ, StandardCharsets.UTF_8).split("\0")).contains(entry);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The fields after the command name: state, ppid, pgrp, session, ... or null. */
  private static String[] statFields(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // "pid (comm) state ppid pgrp session ..."; comm may hold spaces and parentheses
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
