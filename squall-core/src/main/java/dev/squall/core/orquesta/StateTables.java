package dev.squall.core.orquesta;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Orquesta's two status transition tables ({@code WORKFLOW_STATE_MACHINE_DATA} and
 * {@code TASK_STATE_MACHINE_DATA} in {@code orquesta/machines.py}), kept as data in
 * {@code state-machines.json}: current status → event name → new status. A missing entry means
 * the event does not change the status.
 */
final class StateTables {

  private final Map<String, Map<String, String>> workflow;
  private final Map<String, Map<String, String>> task;

  private StateTables(Map<String, Map<String, String>> workflow, Map<String, Map<String, String>> task) {
    this.workflow = workflow;
    this.task = task;
  }

  static StateTables load() {
    try (InputStream in = StateTables.class.getResourceAsStream("state-machines.json")) {
      Map<String, Map<String, Map<String, String>>> data = new ObjectMapper().readValue(in,
          new TypeReference<>() {});
      return new StateTables(Map.copyOf(data.get("workflow")), Map.copyOf(data.get("task")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The workflow's new status for {@code event}, or null for no change. */
  String workflow(String current, String event) {
    Map<String, String> row = workflow.get(current);
    return row == null ? null : row.get(event);
  }

  /** The task's new status for {@code event}, or null for no change. */
  String task(String current, String event) {
    Map<String, String> row = task.get(current);
    return row == null ? null : row.get(event);
  }

  boolean knowsWorkflowStatus(String status) {
    return workflow.containsKey(status);
  }

  /** Whether the workflow may go from {@code from} to {@code to} by some event. */
  boolean workflowTransitionValid(String from, String to) {
    Map<String, String> row = workflow.get(from);
    return row != null && (from.equals(to) || row.containsValue(to));
  }
}
