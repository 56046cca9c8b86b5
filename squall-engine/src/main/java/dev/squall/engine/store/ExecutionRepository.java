package dev.squall.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.NotFoundException;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.Execution.StatusChange;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.Page;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@code executions} table (its output, nodes and process groups have stores of their own,
 * reached from here: {@link #outputs()}, {@link #nodes()}, {@link #processGroups()}). Writes are group-committed by {@link Database}; a
 * status change is optimistic (it names the status it expects to replace) and never leaves a
 * terminal status, so a late runner can never overwrite a cancel or an abandon.
 */
public final class ExecutionRepository {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<Map<String, String>>> LOG = new TypeReference<>() {};
  /** What a secret parameter's value is in the parameters column (StackStorm's mask). */
  private static final String SECRET_MASK = "********";
  private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};
  /** The node_id column of {@link #orphans}, after {@link #COLUMNS}. */
  private static final int NODE_COLUMN = 13;
  private static final String COLUMNS = "id, action_ref, runner_type, status, parameters, context,"
      + " result, log, start_ts, end_ts, secret_names, secret_values";

  private static final System.Logger LOGGER =
      System.getLogger(ExecutionRepository.class.getName());

  private final Database db;
  private final SecretCipher box;
  private final ObjectMapper json = new ObjectMapper();
  private final OutputStore outputs;
  private final NodeStore nodes;
  private final ProcessGroupStore processGroups;
  private final WorkflowStateStore workflows;

  /**
   * @param box encrypts the values of secret parameters (the datastore's key, so that they
   *     survive a restart)
   */
  public ExecutionRepository(Database db, SecretCipher box) {
    this.db = db;
    this.box = box;
    this.outputs = new OutputStore(db);
    this.nodes = new NodeStore(db);
    this.processGroups = new ProcessGroupStore(db);
    this.workflows = new WorkflowStateStore(db, box);
  }

  /** A repository without a key: it refuses executions with secret parameters. */
  public ExecutionRepository(Database db) {
    this(db, SecretCipher.NONE);
  }

  /** The executions' output, on the same database and group commit. */
  public OutputStore outputs() {
    return outputs;
  }

  /** The nodes sharing this store, on the same database and group commit. */
  public NodeStore nodes() {
    return nodes;
  }

  /** The process groups the executions' runners started. */
  public ProcessGroupStore processGroups() {
    return processGroups;
  }

  /** The workflow executions' conductor states, so that a restart continues them. */
  public WorkflowStateStore workflows() {
    return workflows;
  }

  /**
   * An execution whose holder is gone, as read from the store.
   *
   * @param nodeId the node that held it, null when it had no known holder
   */
  public record Orphan(Execution execution, String nodeId) {}

  /**
   * Whether only one process can open this store (embedded H2): then every other node recorded
   * in it is gone, whatever its last heartbeat says.
   */
  public boolean isSingleProcess() {
    return db.config().isH2();
  }

  /**
   * Stores a new execution.
   *
   * @throws IllegalArgumentException a parameter or context value cannot be written as JSON
   */
  public void insert(Execution e) {
    insert(e, null);
  }

  /**
   * Stores a new execution held by node {@code nodeId} (null: no holder, so any node's recovery
   * takes it).
   *
   * @throws IllegalArgumentException a parameter or context value cannot be written as JSON
   */
  public void insert(Execution e, String nodeId) {
    // JSON is written on the caller's thread: the single writer thread only binds values.
    String parameters = toJson(clearParameters(e));
    boolean secret = !e.secretParameters().isEmpty() || !e.secretTexts().isEmpty();
    String secretNames = secret ? toJson(new TreeSet<>(e.secretParameters())) : null;
    String secretValues = secret ? box.encrypt(toJson(secretDocument(e))) : null;
    String context = toJson(e.context());
    String result = toJson(e.resultValue());
    String log = logJson(e.log());
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO executions (" + COLUMNS
          + ", username, parent_id, node_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, e.id());
        ps.setString(2, e.actionRef());
        ps.setString(3, e.runnerType());
        ps.setString(4, e.status().wire());
        ps.setString(5, parameters);
        ps.setString(6, context);
        ps.setString(7, result);
        ps.setString(8, log);
        ps.setObject(9, Timestamps.ts(e.startTimestamp()));
        ps.setObject(10, Timestamps.ts(e.endTimestamp()));
        ps.setString(11, secretNames);
        ps.setString(12, secretValues);
        ps.setString(13, stringOrNull(e.context().get("user")));
        ps.setString(14, parentId(e.context()));
        ps.setString(15, nodeId);
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Replaces status, result, log and end time with those of {@code next}, if the stored status
   * is still {@code expected}.
   *
   * @return false when the row is missing or its status has moved on (nothing was written)
   */
  public boolean transition(Execution next, ExecutionStatus expected) {
    return transition(next, expected, null);
  }

  /**
   * As {@link #transition(Execution, ExecutionStatus)}, and only while node {@code holder}
   * still holds the execution (null: whoever holds it). A node starts an execution this way, so
   * one that another node claimed meanwhile never runs twice.
   */
  public boolean transition(Execution next, ExecutionStatus expected, String holder) {
    if (expected.isTerminal()) {
      return false;
    }
    String result = toJson(next.resultValue());
    String log = logJson(next.log());
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE executions SET status = ?,"
          + " result = ?, log = ?, end_ts = ? WHERE id = ? AND status = ?"
          + (holder == null ? "" : " AND node_id = ?"))) {
        ps.setString(1, next.status().wire());
        ps.setString(2, result);
        ps.setString(3, log);
        ps.setObject(4, Timestamps.ts(next.endTimestamp()));
        ps.setString(5, next.id());
        ps.setString(6, expected.wire());
        if (holder != null) {
          ps.setString(7, holder);
        }
        return ps.executeUpdate() == 1;
      }
    });
  }

  /**
   * Replaces a pending execution's context with {@code next}, only if it is still pending and its
   * stored context is still {@code expected} (what the caller read): a compare-and-set, so that of
   * two nodes recording a decision on the same execution at once exactly one writes and the other
   * reads again.
   *
   * @return false when the row is missing, no longer pending, or its context changed meanwhile
   * @throws IllegalArgumentException a value cannot be written as JSON
   */
  public boolean updatePendingContext(String id, Map<String, Object> expected, Map<String, Object> next) {
    String was = toJson(expected);
    String json = toJson(next);
    return db.write(c -> {
      // CAST: H2 does not compare large-object columns; PostgreSQL compares TEXT as VARCHAR anyway.
      try (PreparedStatement ps = c.prepareStatement("UPDATE executions SET context = ? WHERE id = ? AND status = ?"
          + " AND CAST(context AS VARCHAR(1000000)) = ?")) {
        ps.setString(1, json);
        ps.setString(2, id);
        ps.setString(3, ExecutionStatus.PENDING.wire());
        ps.setString(4, was);
        return ps.executeUpdate() == 1;
      }
    });
  }

  /** The node that holds an execution; empty when none does or the execution does not exist. */
  public Optional<String> holder(String executionId) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT node_id FROM executions WHERE id = ?")) {
        ps.setString(1, executionId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  /**
   * Executions in any of these statuses whose holder is gone, oldest first: held by no node, by
   * a node without a row, or by one whose last heartbeat is before {@code aliveSince} (null:
   * every node but {@code self} is gone). Never those of {@code self}.
   */
  public List<Orphan> orphans(Collection<ExecutionStatus> statuses, String self,
      Instant aliveSince) {
    if (statuses.isEmpty()) {
      return List.of();
    }
    String marks = String.join(", ", statuses.stream().map(s -> "?").toList());
    String sql = "SELECT " + COLUMNS + ", node_id FROM executions e WHERE status IN (" + marks
        + ") AND (node_id IS NULL OR node_id <> ?)"
        + (aliveSince == null ? "" : " AND NOT EXISTS (SELECT 1 FROM nodes n"
            + " WHERE n.id = e.node_id AND n.heartbeat_at >= ?)")
        + " ORDER BY start_ts, id";
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 0;
        for (ExecutionStatus s : statuses) {
          ps.setString(++i, s.wire());
        }
        ps.setString(++i, self);
        if (aliveSince != null) {
          ps.setObject(++i, Timestamps.ts(aliveSince));
        }
        List<Orphan> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Orphan(read(rs), rs.getString(NODE_COLUMN)));
          }
        }
        return List.copyOf(out);
      }
    });
  }

  /**
   * Moves an execution from node {@code from} (null: no holder) to node {@code to}, if it is
   * still {@code status} and still held by {@code from}: of several nodes claiming one orphan,
   * exactly one gets true.
   */
  public boolean claim(String executionId, ExecutionStatus status, String from, String to) {
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE executions SET node_id = ?"
          + " WHERE id = ? AND status = ? AND " + (from == null ? "node_id IS NULL"
              : "node_id = ?"))) {
        ps.setString(1, to);
        ps.setString(2, executionId);
        ps.setString(3, status.wire());
        if (from != null) {
          ps.setString(4, from);
        }
        return ps.executeUpdate() == 1;
      }
    });
  }

  public Optional<Execution> find(String id) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM executions WHERE id = ?")) {
        ps.setString(1, id);
        List<Execution> found = readAll(ps);
        return found.stream().findFirst();
      }
    });
  }

  /** @throws NotFoundException {@code Execution with id "X" not found} */
  public Execution get(String id) {
    return find(id).orElseThrow(
        () -> new NotFoundException("Execution with id \"" + id + "\" not found"));
  }

  /** Executions matching the query, newest first, with the total count over all pages. */
  public Page<Execution> list(ExecutionQuery q) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    filter(where, args, "action_ref = ?", q.actionRef());
    filter(where, args, "status = ?", q.status() == null ? null : q.status().wire());
    filter(where, args, "username = ?", q.user());
    filter(where, args, "start_ts >= ?", Timestamps.ts(q.since()));
    filter(where, args, "start_ts < ?", Timestamps.ts(q.until()));
    filter(where, args, "parent_id = ?", q.parentId());
    if (q.topLevel()) {
      where.append(" AND parent_id IS NULL");
    }
    return db.read(c -> {
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM executions" + where)) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      String sql = "SELECT " + COLUMNS + " FROM executions" + where
          + " ORDER BY start_ts DESC, id DESC OFFSET ? ROWS"
          + (q.limit() > 0 ? " FETCH NEXT ? ROWS ONLY" : "");
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int n = bind(ps, args);
        ps.setInt(++n, q.offset());
        if (q.limit() > 0) {
          ps.setInt(++n, q.limit());
        }
        return new Page<>(readAll(ps), total, q.offset(), q.limit());
      }
    });
  }

  private static void filter(StringBuilder where, List<Object> args, String clause, Object value) {
    if (value != null) {
      where.append(" AND ").append(clause);
      args.add(value);
    }
  }

  private static int bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
    return args.size();
  }

  private List<Execution> readAll(PreparedStatement ps) throws SQLException {
    List<Execution> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(read(rs));
      }
    }
    return out;
  }

  /** The execution in the current row, whose first columns are {@link #COLUMNS}. */
  private Execution read(ResultSet rs) throws SQLException {
    Map<String, Object> parameters = fromJson(rs.getString(5));
    Set<String> secretNames = Set.of();
    Set<String> secretTexts = Set.of();
    if (rs.getString(11) != null) {
      secretNames = readSecretNames(rs.getString(11));
      Map<String, Object> document = decryptSecrets(rs.getString(1), rs.getString(12));
      Map<String, Object> secrets = document.get("parameters") instanceof Map<?, ?> m
          ? cast(m) : Map.of();
      if (document.get("texts") instanceof List<?> texts) {
        secretTexts = texts.stream().map(String::valueOf).collect(
            Collectors.toUnmodifiableSet());
      }
      Map<String, Object> all = new LinkedHashMap<>();
      parameters.forEach((k, v) -> all.put(k, secrets.containsKey(k) ? secrets.get(k) : v));
      parameters = Collections.unmodifiableMap(all);
    }
    return new Execution(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        parameters,
        fromJson(rs.getString(6)),
        ExecutionStatus.fromWire(rs.getString(4)),
        Timestamps.instant(rs, 9),
        Timestamps.instant(rs, 10),
        resultFromJson(rs.getString(7)),
        readLog(rs.getString(8)),
        secretNames,
        secretTexts);
  }

  /** The parameters as the row shows them: each secret one's value replaced by the mask. */
  private static Map<String, Object> clearParameters(Execution e) {
    Map<String, Object> out = new LinkedHashMap<>(e.parameters());
    e.secretParameters().forEach(n -> out.computeIfPresent(n, (k, v) -> SECRET_MASK));
    return out;
  }

  /** What is encrypted: the secret parameters' values and the secret texts to redact. */
  private static Map<String, Object> secretDocument(Execution e) {
    Map<String, Object> values = new LinkedHashMap<>();
    e.secretParameters().forEach(n -> {
      if (e.parameters().containsKey(n)) {
        values.put(n, e.parameters().get(n));
      }
    });
    return Map.of("parameters", values, "texts", List.copyOf(new TreeSet<>(e.secretTexts())));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private Set<String> readSecretNames(String text) {
    try {
      return Set.copyOf(json.readValue(text, NAMES));
    } catch (JsonProcessingException e) {
      throw new StoreException("stored secret names are corrupt: " + e.getMessage(), e);
    }
  }

  /**
   * The decrypted secret document, or empty when this repository's key cannot read it (the key
   * file was replaced): the execution is then read with its secrets masked, as the row holds
   * them, rather than making every listing that includes it fail.
   */
  private Map<String, Object> decryptSecrets(String id, String sealed) {
    if (sealed == null) {
      return Map.of();
    }
    try {
      return fromJson(box.decrypt(sealed));
    } catch (IllegalStateException e) {
      LOGGER.log(System.Logger.Level.WARNING, "the secret parameters of execution " + id
          + " cannot be decrypted (" + e.getMessage() + "); they read as masked");
      return Map.of();
    }
  }

  /** The parent execution id from StackStorm's {@code context.parent.execution_id}. */
  static String parentId(Map<String, Object> context) {
    return Execution.parentId(context);
  }

  private static String stringOrNull(Object o) {
    return o == null ? null : o.toString();
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be stored as JSON: " + e.getMessage(), e);
    }
  }

  private Map<String, Object> fromJson(String text) {
    try {
      return Collections.unmodifiableMap(json.readValue(text, MAP));
    } catch (JsonProcessingException e) {
      throw new StoreException("stored JSON is corrupt: " + e.getMessage(), e);
    }
  }

  /** A stored result: a runner's result is an object, but may be any JSON value. */
  @SuppressWarnings("unchecked")
  private Object resultFromJson(String text) {
    if (text == null) {
      return null;
    }
    try {
      Object value = json.readValue(text, Object.class);
      return value instanceof Map<?, ?> m ? Collections.unmodifiableMap((Map<String, Object>) m) : value;
    } catch (JsonProcessingException e) {
      throw new StoreException("stored JSON is corrupt: " + e.getMessage(), e);
    }
  }

  private String logJson(List<StatusChange> log) {
    List<Map<String, String>> entries = new ArrayList<>(log.size());
    for (StatusChange s : log) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("status", s.status().wire());
      m.put("timestamp", s.timestamp().toString());
      entries.add(m);
    }
    return toJson(entries);
  }

  private List<StatusChange> readLog(String text) {
    try {
      return json.readValue(text, LOG).stream()
          .map(m -> new StatusChange(ExecutionStatus.fromWire(m.get("status")),
              Instant.parse(m.get("timestamp"))))
          .toList();
    } catch (JsonProcessingException e) {
      throw new StoreException("stored log is corrupt: " + e.getMessage(), e);
    }
  }
}
