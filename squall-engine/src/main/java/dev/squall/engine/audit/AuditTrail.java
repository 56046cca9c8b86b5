package dev.squall.engine.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.action.ParameterSchema;
import dev.squall.core.error.NotFoundException;
import dev.squall.engine.audit.model.AuditQuery;
import dev.squall.engine.audit.model.AuditRecord;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.event.Subscription;
import dev.squall.engine.execution.ExecutionIds;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.Page;
import dev.squall.engine.store.AuditStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The audit trail: records what was asked of Squall, by whom and from where, and what came of it.
 *
 * <p>{@link #record} returns at once: the row goes to the store's group-commit writer and the JSON
 * line to the file's writer thread, so a chat command is never slowed by its audit. When the
 * executions a record names have all ended (the trail follows the bus), the record gets their
 * final status and their approvals ({@code context.squall.approvals}), in the store and as one
 * more line of the file that names the record's id. Records left open by an earlier run are
 * taken up at start ({@link #followOpen}).
 */
public final class AuditTrail implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(AuditTrail.class.getName());
  /** Ends remembered for records made after their executions ended (a very fast action). */
  private static final int REMEMBERED_ENDS = 1_000;
  private static final Object STOP = new Object();

  private final AuditStore store;
  private final Clock clock;
  private final ExecutionIds ids = new ExecutionIds();
  private final ObjectMapper json = new ObjectMapper();
  private final Subscription subscription;
  private final LinkedBlockingQueue<Object> lines = new LinkedBlockingQueue<>();
  private final Thread fileWriter;
  private final Path file;

  // guarded by this: records waiting for executions to end, and recent ends nobody waited for
  private final Map<String, Waiting> waitingFor = new HashMap<>();
  private final LinkedHashMap<String, Execution> recentEnds = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Execution> eldest) {
      return size() > REMEMBERED_ENDS;
    }
  };

  /** A record and the executions of it that have ended so far. */
  private static final class Waiting {
    final AuditRecord record;
    final Map<String, Execution> ended = new LinkedHashMap<>();
    /** How many of its executions it waits for (those still in the store, once taken up again). */
    int expected;

    Waiting(AuditRecord record) {
      this.record = record;
      this.expected = record.executionIds().size();
    }
  }

  public AuditTrail(AuditStore store, EventBus bus, Clock clock, AuditSettings settings) {
    this.store = store;
    this.clock = clock;
    this.file = settings.file();
    this.fileWriter = file == null ? null
        : Thread.ofVirtual().name("squall-audit-file").start(this::writeFile);
    this.subscription = bus.subscribe(this::onEvent);
  }

  /**
   * Records what happened; never throws and never waits for the store (a failed write is logged).
   *
   * @return the record with its id and time
   */
  public AuditRecord record(AuditRecord draft) {
    Instant now = clock.instant();
    AuditRecord r = draft.identified(ids.next(now.getEpochSecond()), now);
    store.insert(r).whenComplete((ok, e) -> {
      if (e != null) {
        LOG.log(System.Logger.Level.WARNING, "audit record " + r.id() + " not stored: " + e.getMessage());
      }
    });
    if (file != null) {
      lines.add(line("record", r.wire()));
    }
    if (!r.executionIds().isEmpty()) {
      follow(r);
    }
    return r;
  }

  /**
   * Takes up the records an earlier run left open (it stopped while their executions ran): each
   * gets the final status of its executions once all have ended, read from the store for those
   * that ended meanwhile, followed on the bus for those still running (a workflow continued after
   * the restart). Call it once the execution service has started, so that what its recovery
   * abandoned reads as ended. An execution no longer stored (purged) is not waited for.
   *
   * @param executions an execution by id, as stored now
   * @return how many records were taken up
   */
  public int followOpen(Function<String, Execution> executions) {
    List<AuditRecord> open = store.open();
    for (AuditRecord r : open) {
      Waiting w = new Waiting(r);
      synchronized (this) { // an end published meanwhile finds the waiter, or is in recentEnds
        for (String id : r.executionIds()) {
          Execution e = recentEnds.remove(id);
          if (e == null) {
            try {
              e = executions.apply(id);
            } catch (NotFoundException gone) {
              w.expected--;
              continue;
            }
          }
          if (e.status().isTerminal()) {
            w.ended.put(id, e);
          } else {
            waitingFor.put(id, w);
          }
        }
      }
      finishIfDone(w);
    }
    return open.size();
  }

  public Optional<AuditRecord> find(String id) {
    return store.find(id);
  }

  public Page<AuditRecord> list(AuditQuery q) {
    return store.list(q);
  }

  /** The execution's parameters with its secret ones masked, as the trail keeps them. */
  public static Map<String, Object> maskedParameters(Execution e) {
    Map<String, Object> out = new LinkedHashMap<>(e.parameters());
    e.secretParameters().forEach(name -> out.computeIfPresent(name, (k, v) -> ParameterSchema.MASK));
    return out;
  }

  /**
   * The command text with the values of the executions' secret parameters masked (those of
   * four characters or more: shorter ones would mask ordinary words).
   */
  public static String maskedCommand(String command, List<Execution> executions) {
    List<String> secrets = new ArrayList<>();
    for (Execution e : executions) {
      for (String name : e.secretParameters()) {
        Object v = e.parameters().get(name);
        if (v != null && String.valueOf(v).length() >= 4) {
          secrets.add(String.valueOf(v));
        }
      }
    }
    secrets.sort(Comparator.comparingInt(String::length).reversed());
    String out = command;
    for (String s : secrets) {
      out = out.replace(s, ParameterSchema.MASK);
    }
    return out;
  }

  private void follow(AuditRecord r) {
    Waiting w = new Waiting(r);
    synchronized (this) {
      for (String id : r.executionIds()) {
        Execution ended = recentEnds.remove(id);
        if (ended != null) { // it ended before the record was made
          w.ended.put(id, ended);
        } else {
          waitingFor.put(id, w);
        }
      }
    }
    finishIfDone(w);
  }

  private void onEvent(Event event) {
    if (event instanceof Event.ExecutionUpdated(Execution e) && e.status().isTerminal()) {
      ended(e);
    }
  }

  /** An execution ended (what the bus subscription calls). */
  void ended(Execution e) {
    Waiting w;
    synchronized (this) {
      w = waitingFor.remove(e.id());
      if (w == null) {
        recentEnds.put(e.id(), e);
        return;
      }
      w.ended.put(e.id(), e);
    }
    finishIfDone(w);
  }

  private void finishIfDone(Waiting w) {
    List<Execution> ended;
    synchronized (this) {
      if (w.ended.size() < w.expected) {
        return;
      }
      ended = List.copyOf(w.ended.values());
      w.ended.clear(); // finished once
      if (ended.isEmpty()) {
        return;
      }
    }
    String status = ended.stream().map(Execution::status).filter(s -> s != ExecutionStatus.SUCCEEDED)
        .findFirst().orElse(ExecutionStatus.SUCCEEDED).wire();
    List<Map<String, Object>> approvals = new ArrayList<>();
    ended.forEach(e -> approvals.addAll(approvals(e)));
    AuditRecord done = w.record.ended(status, approvals, clock.instant());
    store.ended(done).whenComplete((ok, error) -> {
      if (error != null) {
        LOG.log(System.Logger.Level.WARNING, "final status of audit record " + done.id() + " not stored: "
            + error.getMessage());
      }
    });
    if (file != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", done.id());
      m.put("status", status);
      m.put("approvals", approvals);
      m.put("ended_at", done.endedAt().toString());
      lines.add(line("ended", m));
    }
  }

  /** {@code context.squall.approvals} of an execution: {@code {user, chat, decision, at}} each. */
  static List<Map<String, Object>> approvals(Execution e) {
    if (e.context().get("squall") instanceof Map<?, ?> squall && squall.get("approvals") instanceof List<?> list) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Object item : list) {
        if (item instanceof Map<?, ?> m) {
          Map<String, Object> a = new LinkedHashMap<>();
          for (String key : List.of("user", "chat", "decision", "at")) {
            if (m.get(key) != null) {
              a.put(key, m.get(key));
            }
          }
          out.add(a);
        }
      }
      return out;
    }
    return List.of();
  }

  private String line(String event, Map<String, Object> fields) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", event);
    m.putAll(fields);
    try {
      return json.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      return "{\"event\":\"" + event + "\",\"error\":\"not JSON\"}";
    }
  }

  /** Appends queued lines, flushing whenever the queue runs dry, until closed. */
  private void writeFile() {
    BufferedWriter out = null;
    try {
      while (true) {
        Object next = lines.poll(1, TimeUnit.SECONDS);
        if (next == null) {
          continue;
        }
        if (next == STOP) {
          break;
        }
        try {
          if (out == null) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
              Files.createDirectories(parent);
            }
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
          }
          out.write((String) next);
          out.write('\n');
          if (lines.isEmpty()) {
            out.flush();
          }
        } catch (IOException e) {
          LOG.log(System.Logger.Level.WARNING, "cannot append to the audit file " + file + ": " + e.getMessage());
          out = closeQuietly(out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(out);
    }
  }

  private static BufferedWriter closeQuietly(BufferedWriter out) {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // the lines written before are flushed or lost with the file
      }
    }
    return null;
  }

  /** Stops following the bus; the file gets every line queued before. */
  @Override
  public void close() {
    subscription.close();
    if (fileWriter != null) {
      lines.add(STOP);
      try {
        fileWriter.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
