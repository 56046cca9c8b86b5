package dev.squall.engine.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.NotFoundException;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.event.Subscription;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.OutputLine;
import dev.squall.engine.jdbc.Jdbc;
import dev.squall.engine.store.StoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The event bus across the nodes of one PostgreSQL store: what happens on one node is published
 * on every node's {@link EventBus} ({@link EventBus#publishRelayed}), so the stream, the web chat,
 * the bot and the web UI of each node see every node's executions, output lines and
 * announcements. A notification ({@code LISTEN/NOTIFY}, one channel per kind) carries ids only;
 * the receiver reads the rows from the store, so an event of any size fits and a missed
 * notification loses nothing stored. Reloads ({@link #reload}) tell the other nodes that rules,
 * aliases or a pack changed, so their matcher and rules engine read them again.
 *
 * <p>On H2 (one process) it does nothing: {@link #start} returns at once.
 */
public final class ClusterBus implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ClusterBus.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  static final String EXECUTIONS = "squall_executions";
  static final String OUTPUT = "squall_output";
  static final String ANNOUNCEMENTS = "squall_announcements";
  static final String RELOADS = "squall_reloads";
  /** How long after a line its execution's output is announced: lines are stored within 200 ms. */
  private static final Duration OUTPUT_DELAY = Duration.ofMillis(400);
  /** How long announcement rows are kept for the other nodes to read. */
  private static final Duration ANNOUNCEMENTS_KEPT = Duration.ofMinutes(5);

  private final StoreConfig config;
  private final Jdbc jdbc;
  private final EventBus bus;
  private final ExecutionService executions;
  private final Clock clock;
  private final String node;
  private final List<Consumer<String>> reloads = new CopyOnWriteArrayList<>();
  /** Executions whose output is about to be announced (one notification per burst of lines). */
  private final Set<String> outputDue = ConcurrentHashMap.newKeySet();
  /** How many output lines of each running execution of another node were relayed here. */
  private final Map<String, Long> relayedLines = new ConcurrentHashMap<>();
  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(
      Thread.ofVirtual().name("squall-cluster-bus-later").factory());
  private final CountDownLatch stop = new CountDownLatch(1);
  private Subscription subscription;
  private Thread listener;

  public ClusterBus(StoreConfig config, DataSource db, EventBus bus, ExecutionService executions,
      Clock clock) {
    this.config = config;
    this.jdbc = new Jdbc(db, "cluster bus");
    this.bus = bus;
    this.executions = executions;
    this.clock = clock;
    this.node = executions.nodeId();
  }

  /** Whether events cross nodes: on PostgreSQL, not on H2. */
  public boolean spans() {
    return !config.isH2();
  }

  /**
   * Calls {@code onReload} with what another node changed ({@code rules}, {@code aliases},
   * {@code pack:<ref>}).
   */
  public void onReload(Consumer<String> onReload) {
    reloads.add(onReload);
  }

  /** Tells the other nodes that {@code what} changed here ({@code rules}, {@code aliases}, …). */
  public void reload(String what) {
    if (spans()) {
      notify(RELOADS, what);
    }
  }

  /** Relays this node's events to the others and theirs to this one. Idempotent. */
  public synchronized void start() {
    if (!spans() || subscription != null) {
      return;
    }
    subscription = bus.subscribeOrigin(this::send);
    listener = Thread.ofVirtual().name("squall-cluster-bus").start(this::listen);
  }

  @Override
  public void close() {
    stop.countDown();
    synchronized (this) {
      if (subscription != null) {
        subscription.close();
      }
    }
    Thread l = listener;
    if (l != null) {
      try {
        l.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    later.shutdownNow();
  }

  // Sending: this node's events, as ids.

  private void send(Event event) {
    try {
      switch (event) {
        case Event.ExecutionCreated c -> notify(EXECUTIONS, "created " + c.execution().id());
        case Event.ExecutionUpdated u -> notify(EXECUTIONS, "updated " + u.execution().id());
        case Event.ExecutionOutput o -> {
          String id = o.line().executionId();
          if (outputDue.add(id)) {
            later.schedule(() -> {
              outputDue.remove(id);
              notify(OUTPUT, id);
            }, OUTPUT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
          }
        }
        case Event.Announcement a -> notify(ANNOUNCEMENTS, storeAnnouncement(a));
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not tell the other nodes about " + event.getClass()
          .getSimpleName() + ": " + e.getMessage());
    }
  }

  private String storeAnnouncement(Event.Announcement a) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", a.name());
    body.put("data", a.data());
    body.put("result_status", a.resultStatus() == null ? null : a.resultStatus().wire());
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("an announcement cannot be stored as JSON: "
          + e.getOriginalMessage(), e);
    }
    jdbc.update("DELETE FROM cluster_announcements WHERE created_at < ?",
        ps -> ps.setObject(1, Jdbc.ts(now.minus(ANNOUNCEMENTS_KEPT))));
    jdbc.update("INSERT INTO cluster_announcements (id, node_id, body, created_at) VALUES (?, ?, ?, ?)",
        ps -> {
          ps.setString(1, id);
          ps.setString(2, node);
          ps.setString(3, json);
          ps.setObject(4, Jdbc.ts(now));
        });
    return id;
  }

  /** {@code pg_notify(channel, "<node> <what>")}, committed at once. */
  private void notify(String channel, String what) {
    jdbc.query("SELECT pg_notify(?, ?)", ps -> {
      ps.setString(1, channel);
      ps.setString(2, node + " " + what);
    }, rs -> null);
  }

  // Receiving: the other nodes' ids, read from the store.

  private void listen() {
    while (stop.getCount() > 0) {
      try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.username(),
          config.password())) {
        try (Statement s = c.createStatement()) {
          for (String channel : List.of(EXECUTIONS, OUTPUT, ANNOUNCEMENTS, RELOADS)) {
            s.execute("LISTEN " + channel);
          }
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        while (stop.getCount() > 0) {
          PGNotification[] got = pg.getNotifications(500);
          if (got != null) {
            for (PGNotification n : got) {
              receive(n.getName(), n.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        LOG.log(System.Logger.Level.WARNING, "cluster bus: lost its connection to the store ("
            + e.getMessage() + "); listening again in a second. Events of other nodes meanwhile"
            + " are not relayed (what they stored is)");
        try {
          if (stop.await(1, TimeUnit.SECONDS)) {
            return;
          }
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private void receive(String channel, String payload) {
    int space = payload.indexOf(' ');
    if (space < 0 || payload.substring(0, space).equals(node)) {
      return; // ours: already on this node's bus
    }
    String what = payload.substring(space + 1);
    try {
      switch (channel) {
        case EXECUTIONS -> execution(what);
        case OUTPUT -> output(what);
        case ANNOUNCEMENTS -> announcement(what);
        case RELOADS -> reloads.forEach(r -> r.accept(what));
        default -> LOG.log(System.Logger.Level.DEBUG, "cluster bus: unknown channel " + channel);
      }
    } catch (NotFoundException gone) {
      // purged meanwhile: nothing to show
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cluster bus: could not relay " + channel + " " + what, e);
    }
  }

  private void execution(String what) {
    String[] kindAndId = what.split(" ", 2);
    Execution e = executions.get(kindAndId[1]);
    if (kindAndId[0].equals("created")) {
      bus.publishRelayed(new Event.ExecutionCreated(e));
      return;
    }
    if (e.status().isTerminal()) {
      output(e.id()); // its last lines before its end
      relayedLines.remove(e.id());
    }
    bus.publishRelayed(new Event.ExecutionUpdated(e));
  }

  private void output(String executionId) {
    synchronized (relayedLines) {
      long from = relayedLines.getOrDefault(executionId, 0L);
      List<OutputLine> lines = executions.output(executionId, null, from);
      for (OutputLine l : lines) {
        bus.publishRelayed(new Event.ExecutionOutput(l));
      }
      if (!executions.get(executionId).status().isTerminal()) {
        relayedLines.put(executionId, from + lines.size());
      }
    }
  }

  private void announcement(String id) {
    String body = jdbc.query("SELECT body FROM cluster_announcements WHERE id = ?",
        ps -> ps.setString(1, id), rs -> rs.next() ? rs.getString(1) : null);
    if (body == null) {
      return;
    }
    Map<String, Object> a;
    try {
      a = JSON.readValue(body, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored announcement " + id + " is not JSON", e);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> data = a.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
    Object status = a.get("result_status");
    bus.publishRelayed(new Event.Announcement(String.valueOf(a.get("name")), data,
        status == null ? null : ExecutionStatus.fromWire(String.valueOf(status))));
  }
}
