package dev.squall.engine.runner;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one process to its end: output read on virtual threads and streamed line by line, a
 * deadline, and the whole process tree killed on timeout or when the calling thread is
 * interrupted (cancel). The process leads a session of its own, recorded through the
 * {@link ProcessRecorder} as soon as it starts.
 *
 * <p>The run ends when the process has exited <em>and</em> its output is closed. A background
 * child that still holds stdout/stderr keeps the action running until the deadline (as in
 * StackStorm); detach it with {@code >/dev/null 2>&1 &} to leave it running on purpose.
 */
final class ProcessRun {

  enum End { EXITED, TIMED_OUT, CANCELED }

  /** How it ended; {@code exitCode} is the process's own (128+signal when killed). */
  record Outcome(End end, int exitCode, String stdout, String stderr) {}

  private static final System.Logger LOG = System.getLogger(ProcessRun.class.getName());

  private final RunnerSettings settings;

  ProcessRun(RunnerSettings settings) {
    this.settings = settings;
  }

  /**
   * @param timeout null for none
   * @throws IOException when the process cannot be started (missing program, bad cwd)
   */
  Outcome run(List<String> argv, Path cwd, Map<String, String> env, Duration timeout,
      OutputSink sink, ProcessRecorder recorder) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(ProcessTree.inNewSession(argv))
        .directory(cwd.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(env);
    return follow(builder.start(), () -> {}, timeout, sink, recorder);
  }

  /**
   * Follows a started process as {@link #run} does; {@code go} runs first (a forked child waits
   * for it before it runs the action).
   */
  Outcome follow(Process process, Runnable go, Duration timeout, OutputSink sink,
      ProcessRecorder recorder) {
    go.run();
    // Before its output is read: once any of it is stored, so is the group. Meanwhile the
    // process runs on, blocking only if it fills a pipe's buffer.
    record(process, recorder);
    StreamCapture out = new StreamCapture("stdout", process.getInputStream(), sink,
        settings.maxOutputChars());
    StreamCapture err = new StreamCapture("stderr", process.getErrorStream(), sink,
        settings.maxOutputChars());
    Thread outReader = Thread.ofVirtual().name("squall-stdout-" + process.pid()).start(out);
    Thread errReader = Thread.ofVirtual().name("squall-stderr-" + process.pid()).start(err);

    Long deadline = timeout == null ? null : System.nanoTime() + timeout.toNanos();
    End end;
    try {
      if (!waitFor(process, deadline) || !join(outReader, deadline) || !join(errReader, deadline)) {
        end = End.TIMED_OUT;
      } else {
        end = End.EXITED;
      }
    } catch (InterruptedException e) {
      end = End.CANCELED;
    }
    if (end != End.EXITED) {
      ProcessTree.kill(process.toHandle(), settings.killGrace());
      boolean interrupted = Thread.interrupted();
      interrupted |= joinQuietly(outReader, settings.killGrace());
      interrupted |= joinQuietly(errReader, settings.killGrace());
      if (interrupted || end == End.CANCELED) {
        Thread.currentThread().interrupt(); // the caller's cancel stays visible to the caller
      }
    }
    int exitCode = process.isAlive() ? -1 : process.exitValue();
    return new Outcome(end, exitCode, out.text(), err.text());
  }

  /** Tells the recorder of the new group; failing to record it must not fail the run. */
  private static void record(Process process, ProcessRecorder recorder) {
    ProcessGroups.ledBy(process.pid()).ifPresent(group -> {
      try {
        recorder.started(group);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "process " + process.pid() + " runs unrecorded:"
            + " a crash of the server now would leave it running", e);
      }
    });
  }

  private static boolean waitFor(Process process, Long deadline) throws InterruptedException {
    if (deadline == null) {
      process.waitFor();
      return true;
    }
    return process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private static boolean join(Thread reader, Long deadline) throws InterruptedException {
    if (deadline == null) {
      reader.join();
      return true;
    }
    long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    return reader.join(Duration.ofMillis(left));
  }

  /** Joins for at most {@code limit}, deferring interrupts; returns whether one came. */
  private static boolean joinQuietly(Thread reader, Duration limit) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + limit.toNanos();
    while (reader.isAlive() && System.nanoTime() < deadline) {
      try {
        reader.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    return interrupted;
  }
}
