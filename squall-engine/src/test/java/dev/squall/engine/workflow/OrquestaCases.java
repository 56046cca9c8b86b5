package dev.squall.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.orquesta.Values;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conformance cases of {@code orquesta-cases.json} (produced by running the real orquesta
 * conductor) and how a live run is compared with them, shared by the engine's replay through the
 * execution service and the server's over HTTP.
 */
public final class OrquestaCases {

  private OrquestaCases() {}

  /** Every case, as the file has it. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> all() {
    try (InputStream in = OrquestaCases.class.getResourceAsStream("/orquesta/orquesta-cases.json")) {
      Map<String, Object> root = new ObjectMapper().readValue(in, new TypeReference<>() {});
      return (List<Map<String, Object>>) root.get("cases");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mocked results of a case, by task name, in the order the task takes them. */
  @SuppressWarnings("unchecked")
  public static Map<String, List<Map<String, Object>>> mocks(Map<String, Object> c) {
    return (Map<String, List<Map<String, Object>>>) c.getOrDefault("mock_results", Map.of());
  }

  /** Whether a task of the case waits on an inquiry (a mocked {@code pending}). */
  public static boolean waitsOnInquiry(Map<String, Object> c) {
    return mocks(c).values().stream().flatMap(List::stream)
        .anyMatch(m -> "pending".equals(m.get("status")));
  }

  /** The requests the case sends while it runs (a cancel before a wave), if any. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> requests(Map<String, Object> c) {
    return (List<Map<String, Object>>) c.getOrDefault("requests", List.of());
  }

  /** The actions the oracle ran, one per task run: {@code task}, {@code route}, {@code action}, {@code input}. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> actionRequests(Map<String, Object> c) {
    return ((List<Map<String, Object>>) c.getOrDefault("expected_action_requests", List.of()))
        .stream().filter(r -> r.get("action") != null).toList();
  }

  /** A request's input as a live child's parameters compare with it. */
  public static Object input(Map<String, Object> request) {
    return request.get("input") == null ? Map.of() : Values.plain(request.get("input"));
  }

  /** A task as the oracle names it in its sequence: its name, and {@code __rN} on route N > 0. */
  public static String taskKey(Object task, Object route) {
    int r = route instanceof Number n ? n.intValue() : 0;
    return task + (r > 0 ? "__r" + r : "");
  }

  /** The final status of each task of the case, by {@link #taskKey}. */
  @SuppressWarnings("unchecked")
  public static Map<String, String> finalTaskStatuses(Map<String, Object> c) {
    List<String> sequence = (List<String>) c.get("expected_task_sequence");
    List<String> statuses = (List<String>) c.get("expected_task_statuses");
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < sequence.size(); i++) {
      expected.put(sequence.get(i), statuses.get(i));
    }
    return expected;
  }

  /**
   * The status of a task whose last action execution ended {@code executionStatus}: st2 counts
   * an execution that timed out or was abandoned as a failed task (orquesta has no such statuses).
   */
  public static String taskStatus(String executionStatus) {
    return executionStatus.equals("timeout") || executionStatus.equals("abandoned") ? "failed" : executionStatus;
  }

  /** Whether the case's output is the whole context ({@code <% ctx() %>}). */
  public static boolean outputsWholeContext(Map<String, Object> c) {
    return ((String) c.get("workflow_yaml")).contains("<% ctx() %>");
  }

  /**
   * {@code ctx()} live holds what the oracle's does plus st2's {@code st2} and {@code parent}
   * context, which st2 gives every workflow (orquesta_runner) and the oracle ran without.
   */
  @SuppressWarnings("unchecked")
  public static void assertWholeContextOutput(Map<String, Object> c, Object actual,
      String workflowId, String user) {
    Map<String, Object> everything = new LinkedHashMap<>(
        (Map<String, Object>) ((Map<String, Object>) Values.plain(actual)).get("everything"));
    Map<String, Object> st2 = (Map<String, Object>) everything.remove("st2");
    Map<String, Object> parent = (Map<String, Object>) everything.remove("parent");
    assertThat(Map.of("everything", everything)).isEqualTo(Values.plain(c.get("expected_output")));
    assertThat(st2).containsEntry("action_execution_id", workflowId).containsEntry("user", user)
        .containsEntry("runner", "orquesta");
    assertThat(parent).containsEntry("user", user);
  }

  /** The inspection errors a case expects, each as {@code [category, message, spec_path]}. */
  @SuppressWarnings("unchecked")
  public static List<List<Object>> inspectionErrors(Map<String, Object> c) {
    List<List<Object>> expected = new ArrayList<>();
    ((Map<String, Object>) c.get("expected_inspection_errors")).forEach((category, list) ->
        ((List<Map<String, Object>>) list).forEach(e ->
            expected.add(List.of(category, e.get("message"), e.get("spec_path")))));
    return expected;
  }

  /**
   * Errors as the cases compare them: {@code type}, {@code task_id}, {@code route},
   * {@code task_transition_id} strictly, the message by its leading exception name (the rest is
   * Python's wording).
   */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> comparableErrors(Object errors) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> e : errors == null ? List.<Map<String, Object>>of() : (List<Map<String, Object>>) errors) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String k : List.of("type", "task_id", "route", "task_transition_id")) {
        if (e.get(k) != null) {
          m.put(k, e.get(k) instanceof Number n ? (Object) n.longValue() : e.get(k));
        }
      }
      String message = String.valueOf(e.get("message"));
      int colon = message.indexOf(": ");
      m.put("message", colon > 0 && message.substring(0, colon).matches("\\w+") ? message.substring(0, colon) : message);
      out.add(m);
    }
    return out;
  }
}
