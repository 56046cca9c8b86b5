package dev.squall.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code workflow_states} table: one row per workflow execution holding what its runner
 * needs to continue after a restart (the conductor's state and the children it dispatched), as
 * JSON. Writes are group-committed with the executions'.
 */
public final class WorkflowStateStore {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final Database db;
  private final ObjectMapper json = new ObjectMapper();

  WorkflowStateStore(Database db) {
    this.db = db;
  }

  /**
   * Replaces the stored state of a workflow execution.
   *
   * @throws IllegalArgumentException the state cannot be written as JSON
   */
  public void save(String executionId, Map<String, Object> state) {
    String text;
    try {
      text = json.writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE workflow_states SET state = ? WHERE execution_id = ?")) {
        ps.setString(1, text);
        ps.setString(2, executionId);
        if (ps.executeUpdate() == 1) {
          return null;
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO workflow_states (execution_id, state) VALUES (?, ?)")) {
        ps.setString(1, executionId);
        ps.setString(2, text);
        ps.executeUpdate();
        return null;
      }
    });
  }

  /** The stored state of a workflow execution; empty when it never stored one. */
  public Optional<Map<String, Object>> find(String executionId) {
    String text = db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT state FROM workflow_states WHERE execution_id = ?")) {
        ps.setString(1, executionId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(text, MAP));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored workflow state of " + executionId + " is not JSON", e);
    }
  }
}
