package dev.squall.chat;

import dev.squall.chat.OutgoingMessage.Kind;
import dev.squall.core.template.HumanTime;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.OutputLine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live progress of executions started from chat: one that still runs after
 * {@link ProgressSettings#after()} gets one progress message in the command's thread (how long it
 * has run, its last output lines, a workflow's tasks with their statuses), edited in place at most
 * every {@link ProgressSettings#interval()} while it runs and a last time to show how it ended.
 * Platforms that cannot edit get nothing, or at most {@code chat.<adapter>.progress_lines} plain
 * lines when asked for.
 *
 * <p>Best-effort and apart from the result: each execution is followed on a virtual thread of its
 * own, the result still goes out through the notifier as before (a crash or a failed edit loses no
 * result), and {@link #close} stops every report at once.
 */
final class ProgressReports implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressReports.class);
  /** How often a followed execution's status is looked at (in memory while it runs here). */
  private static final Duration POLL = Duration.ofMillis(200);
  /** The last output lines a progress message shows. */
  static final int OUTPUT_LINES = 5;
  /** Longer output lines are cut to this many characters. */
  private static final int LINE_WIDTH = 200;
  /** The most workflow tasks a progress message lists (the latest ones). */
  private static final int TASKS = 20;

  private final ProgressSettings settings;
  private final ExecutionService executions;
  private final Clock clock;
  private final Set<Thread> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  ProgressReports(ProgressSettings settings, ExecutionService executions, Clock clock) {
    this.settings = settings;
    this.executions = executions;
    this.clock = clock;
  }

  /**
   * Follows an execution started from chat, in the background; returns at once. Nothing is
   * posted for an adapter that cannot edit unless {@code progress_lines} asks for lines.
   */
  void follow(ChatAdapter adapter, String room, String thread, String executionId) {
    int lines = settings.lines(adapter.name());
    if (closed || executions == null || (!adapter.edits() && lines == 0)) {
      return;
    }
    Thread t = Thread.ofVirtual().name("chat-progress-" + executionId).unstarted(() -> {
      try {
        if (adapter.edits()) {
          editInPlace(adapter, room, thread, executionId);
        } else {
          postLines(adapter, room, thread, executionId, lines);
        }
      } catch (InterruptedException e) {
        // the bot is stopping
      } catch (RuntimeException e) {
        LOG.warn("progress of execution {} in {} {}: {}", executionId, adapter.name(), room, e.toString());
      } finally {
        running.remove(Thread.currentThread());
      }
    });
    running.add(t);
    t.start();
    if (closed) {
      t.interrupt();
    }
  }

  /** The platform edits: one message, edited at most every interval, ending with the final status. */
  private void editInPlace(ChatAdapter adapter, String room, String thread, String id) throws InterruptedException {
    Execution e = awaitFirstReport(id);
    if (e == null) {
      return;
    }
    Tail tail = new Tail(id);
    int width = adapter.limits().maxMessageLength();
    String shown = text(e, tail.read(), width);
    Optional<PostedMessage> posted = adapter.post(new OutgoingMessage(room, thread, shown, Map.of(), Kind.PROGRESS));
    if (posted.isEmpty()) {
      return;
    }
    long lastEdit = System.nanoTime();
    while (true) {
      e = awaitUntil(id, lastEdit + settings.interval().toNanos(), false);
      if (e.status().isTerminal()) {
        awaitUntil(id, lastEdit + settings.interval().toNanos(), true); // the throttle holds for the last edit too
      }
      String text = text(e, tail.read(), width);
      if (!text.equals(shown)) {
        adapter.edit(posted.get(), new OutgoingMessage(room, thread, text, Map.of(), Kind.PROGRESS));
        lastEdit = System.nanoTime();
        shown = text;
      }
      if (e.status().isTerminal()) {
        return;
      }
    }
  }

  /** The platform cannot edit: at most {@code max} one-line reports, one per interval, while it runs. */
  private void postLines(ChatAdapter adapter, String room, String thread, String id, int max)
      throws InterruptedException {
    Execution e = awaitFirstReport(id);
    Tail tail = new Tail(id);
    for (int sent = 0; e != null && !e.status().isTerminal() && sent < max; sent++) {
      List<String> last = tail.read();
      String line = icon(e.status()) + " " + headline(e) + (last.isEmpty() ? "" : ": " + last.getLast());
      adapter.send(new OutgoingMessage(room, thread, cut(line, adapter.limits().maxMessageLength()), Map.of(),
          Kind.PROGRESS));
      e = awaitUntil(id, System.nanoTime() + settings.interval().toNanos(), false);
    }
  }

  /** The execution once {@code after} has passed, or null when it finished before (no report then). */
  private Execution awaitFirstReport(String id) throws InterruptedException {
    Execution e = executions.get(id);
    long due = System.nanoTime() + Math.max(0, settings.after().toMillis()
        - Duration.between(e.startTimestamp(), clock.instant()).toMillis()) * 1_000_000L;
    e = awaitUntil(id, due, false);
    return e.status().isTerminal() ? null : e;
  }

  /**
   * Waits until {@code deadline} (a {@link System#nanoTime} value), or, unless
   * {@code evenIfFinished}, until the execution has finished; returns it as it then is.
   */
  private Execution awaitUntil(String id, long deadline, boolean evenIfFinished) throws InterruptedException {
    while (true) {
      Execution e = executions.get(id);
      long left = deadline - System.nanoTime();
      if (left <= 0 || (!evenIfFinished && e.status().isTerminal())) {
        return e;
      }
      Thread.sleep(Duration.ofNanos(Math.min(left, POLL.toNanos())));
    }
  }

  /** The progress message: status and time, a workflow's tasks, the last output lines. */
  private String text(Execution e, List<String> output, int width) {
    StringBuilder b = new StringBuilder(icon(e.status())).append(' ').append(headline(e));
    List<Execution> tasks = executions.list(ExecutionQuery.all().withParentId(e.id()).page(0, TASKS)).items();
    if (!tasks.isEmpty()) {
      b.append("\nTasks:");
      for (Execution task : tasks.reversed()) {
        b.append("\n").append(icon(task.status())).append(' ').append(taskName(task)).append(": ")
            .append(task.status().wire());
      }
    }
    if (!output.isEmpty()) {
      b.append("\nLast output:");
      output.forEach(line -> b.append("\n    ").append(line));
    }
    return cut(b.toString(), width);
  }

  /** {@code testpack.slow (execution 6650…): running for 12 s}, or how and when it ended. */
  private String headline(Execution e) {
    String what = e.actionRef() + " (execution " + e.id() + ")";
    if (e.status().isTerminal()) {
      Double took = e.elapsedSeconds();
      return what + ": " + e.status().wire() + (took == null ? "" : " after " + HumanTime.duration(took));
    }
    double seconds = Math.max(0, Duration.between(e.startTimestamp(), clock.instant()).toMillis() / 1000.0);
    return what + ": " + e.status().wire() + " for " + HumanTime.duration(Math.floor(seconds));
  }

  /** A workflow task's name (Orquesta's {@code task_name}), else its action. */
  private static String taskName(Execution task) {
    return task.context().get("orquesta") instanceof Map<?, ?> o && o.get("task_name") != null
        ? String.valueOf(o.get("task_name")) : task.actionRef();
  }

  static String icon(ExecutionStatus status) {
    if (!status.isTerminal()) {
      return "⏳";
    }
    return status == ExecutionStatus.SUCCEEDED ? "✅" : "❌";
  }

  private static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, Math.max(0, width - 1)) + "…";
  }

  /** The last output lines of one execution, read on from where the last read stopped. */
  private final class Tail {
    private final String id;
    private final Deque<String> lines = new ArrayDeque<>();
    private long read;

    Tail(String id) {
      this.id = id;
    }

    List<String> read() {
      for (OutputLine line : executions.output(id, null, read)) {
        read++;
        String text = line.line().strip();
        if (!text.isEmpty()) {
          lines.addLast(cut(text, LINE_WIDTH));
          if (lines.size() > OUTPUT_LINES) {
            lines.removeFirst();
          }
        }
      }
      return new ArrayList<>(lines);
    }
  }

  /** How many executions are being followed now. */
  int following() {
    return running.size();
  }

  /** Stops every report (the results still come: they are not sent from here). */
  @Override
  public void close() {
    closed = true;
    running.forEach(Thread::interrupt);
  }
}
