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
 * JSON, encrypted when the workflow has secret parameters. Writes are group-committed with the executions'.
 */
public final class WorkflowStateStore {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final Database db;
  private final SecretCipher box;
  private final ObjectMapper json = new ObjectMapper();

  WorkflowStateStore(Database db, SecretCipher box) {
    this.db = db;
    this.box = box;
  }

  /**
   * Replaces the stored state of a workflow execution.
   *
   * @param sealed the execution has secret parameters (its input is in the state): the state is
   *     encrypted with the store's key
   * @throws IllegalArgumentException the state cannot be written as JSON
   */
  public void save(String executionId, Map<String, Object> state, boolean sealed) {
    String plain;
    try {
      plain = json.writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
    String text = sealed ? box.encrypt(plain) : plain;
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE workflow_states SET state = ?, sealed = ? WHERE execution_id = ?")) {
        ps.setString(1, text);
        ps.setBoolean(2, sealed);
        ps.setString(3, executionId);
        if (ps.executeUpdate() == 1) {
          return null;
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO workflow_states (execution_id, state, sealed) VALUES (?, ?, ?)")) {
        ps.setString(1, executionId);
        ps.setString(2, text);
        ps.setBoolean(3, sealed);
        ps.executeUpdate();
        return null;
      }
    });
  }

  /** The stored state of a workflow execution; empty when it never stored one. */
  public Optional<Map<String, Object>> find(String executionId) {
    String text = db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT state, sealed FROM workflow_states WHERE execution_id = ?")) {
        ps.setString(1, executionId);
        try (ResultSet rs = ps.executeQuery()) {
          return !rs.next() ? null : rs.getBoolean(2) ? box.decrypt(rs.getString(1)) : rs.getString(1);
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
