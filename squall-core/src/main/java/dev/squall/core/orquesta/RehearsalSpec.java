package dev.squall.core.orquesta;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.yaml.YamlDocument;
import dev.squall.core.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Orquesta's rehearsal test spec ({@code orquesta/rehearsing.py}): a workflow file, inputs, mocked
 * action executions and the expected outcome. {@link #rehearse} runs it on the {@link Rehearsal}
 * and lists every expectation that does not hold.
 *
 * <p>Keys: {@code workflow}, {@code inputs}, {@code mock_action_executions} (each {@code task_id},
 * {@code route}, {@code item_id}, {@code iter_id}, {@code num_iter}, {@code seq_id}, {@code status},
 * {@code result} or {@code result_path}), {@code expected_task_sequence}, {@code expected_routes},
 * {@code expected_term_tasks}, {@code expected_workflow_status}, {@code expected_output},
 * {@code expected_errors}, {@code expected_inspection_errors}; and Squall's {@code requests}
 * ({@code [{before_wave: N, request: pause|resume|cancel}]}). Error messages are compared by the
 * exception name that starts them (the rest is implementation wording); everything else exactly.
 */
public final class RehearsalSpec {

  /** The outcome and the differences from what the spec expects (empty when it passed). */
  public record Result(Rehearsal.Outcome outcome, List<String> differences) {
    public boolean passed() {
      return differences.isEmpty();
    }
  }

  private static final Set<String> KEYS = Set.of("workflow", "inputs", "mock_action_executions",
      "expected_task_sequence", "expected_routes", "expected_term_tasks", "expected_workflow_status",
      "expected_output", "expected_errors", "expected_inspection_errors", "requests");
  private static final ObjectMapper JSON = new ObjectMapper();

  private RehearsalSpec() {}

  /**
   * Reads the spec at {@code file} and rehearses it; relative paths in it are under
   * {@code basePath} (the spec's folder when null).
   *
   * @throws BadRequestException when the spec itself is malformed or names missing files
   */
  @SuppressWarnings("unchecked")
  public static Result rehearse(Path file, Path basePath, Expressions expressions) {
    Path base = basePath != null ? basePath
        : file.toAbsolutePath().getParent();
    Map<String, Object> spec = (Map<String, Object>) Values.plain(YamlReader.readOrBadRequest(file).root());
    if (spec == null || !(spec.get("workflow") instanceof String wf)) {
      throw new BadRequestException(file + ": the rehearsal spec needs \"workflow\" (a file path)");
    }
    for (String key : spec.keySet()) {
      if (!KEYS.contains(key)) {
        throw new BadRequestException(file + ": unknown key \"" + key + "\" in the rehearsal spec");
      }
    }
    if (!spec.containsKey("expected_task_sequence") && !spec.containsKey("expected_inspection_errors")) {
      throw new BadRequestException(file + ": the rehearsal spec needs \"expected_task_sequence\"");
    }
    Path workflowFile = base.resolve(wf);
    if (!Files.isRegularFile(workflowFile)) {
      throw new BadRequestException("Unable to open workflow definition at \"" + workflowFile + "\"");
    }
    List<Rehearsal.Mock> mocks = new ArrayList<>();
    for (Object raw : (List<Object>) spec.getOrDefault("mock_action_executions", List.of())) {
      Map<String, Object> m = (Map<String, Object>) raw;
      Object result = m.get("result");
      if (m.get("result_path") instanceof String rp) {
        result = readResult(base.resolve(rp));
      }
      Integer item = m.get("item_id") instanceof Number n ? n.intValue() : null;
      int numIter = m.get("num_iter") instanceof Number n ? n.intValue() : 1;
      mocks.add(new Rehearsal.Mock((String) m.get("task_id"), item, (String) m.get("status"),
          result, numIter));
    }
    List<Rehearsal.Request> requests = new ArrayList<>();
    for (Object raw : (List<Object>) spec.getOrDefault("requests", List.of())) {
      Map<String, Object> m = (Map<String, Object>) raw;
      requests.add(new Rehearsal.Request(((Number) m.get("before_wave")).intValue(), (String) m.get("request")));
    }
    YamlDocument workflow = YamlReader.readOrBadRequest(workflowFile);
    Map<String, Object> inputs = (Map<String, Object>) spec.getOrDefault("inputs", new LinkedHashMap<>());
    Rehearsal.Outcome out = new Rehearsal(expressions).run(workflow, inputs, mocks, requests);
    return new Result(out, differences(spec, out));
  }

  private static Object readResult(Path file) {
    try {
      String text = Files.readString(file);
      String name = file.getFileName().toString();
      if (name.endsWith(".json")) {
        return Values.plain(JSON.readValue(text, Object.class));
      }
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        return Values.plain(YamlReader.parse(text, file).root());
      }
      return text;
    } catch (IOException e) {
      throw new BadRequestException("The result path \"" + file + "\" for the mock action execution does not exist.");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> differences(Map<String, Object> spec, Rehearsal.Outcome out) {
    List<String> diffs = new ArrayList<>();
    Object expectedInspection = spec.getOrDefault("expected_inspection_errors", Map.of());
    if (!Objects.equals(expectedInspection, out.inspectionErrors())) {
      diffs.add("inspection errors: expected " + json(expectedInspection) + ", actual " + json(out.inspectionErrors()));
    }
    if (!out.inspectionErrors().isEmpty() || spec.containsKey("expected_inspection_errors")) {
      return diffs;
    }
    List<String> expectedSeq = normalize((List<String>) spec.get("expected_task_sequence"));
    if (!expectedSeq.equals(normalize(out.taskSequence()))) {
      diffs.add("task sequence: expected " + spec.get("expected_task_sequence") + ", actual " + out.taskSequence());
    }
    Object routes = spec.getOrDefault("expected_routes", List.of(List.of()));
    if (!Objects.equals(routes, out.routes())) {
      diffs.add("routes: expected " + routes + ", actual " + out.routes());
    }
    Object status = spec.getOrDefault("expected_workflow_status", Statuses.SUCCEEDED);
    if (!Objects.equals(status, out.workflowStatus())) {
      diffs.add("workflow status: expected " + status + ", actual " + out.workflowStatus());
    }
    if (spec.get("expected_errors") instanceof List<?> errors) {
      List<Map<String, Object>> expected = errors.stream()
          .map(e -> comparable((Map<String, Object>) e)).toList();
      List<Map<String, Object>> actual = out.errors().stream().map(RehearsalSpec::comparable).toList();
      if (!expected.equals(actual)) {
        diffs.add("errors: expected " + json(errors) + ", actual " + json(out.errors()));
      }
    }
    if (spec.get("expected_output") != null && !Objects.equals(spec.get("expected_output"), out.output())) {
      diffs.add("output: expected " + json(spec.get("expected_output")) + ", actual " + json(out.output()));
    }
    if (spec.get("expected_term_tasks") instanceof List<?> terms) {
      List<String> expected = new ArrayList<>(normalize((List<String>) terms));
      List<String> actual = new ArrayList<>(normalize(out.termTasks()));
      expected.sort(null);
      actual.sort(null);
      if (!expected.equals(actual)) {
        diffs.add("terminal tasks: expected " + terms + ", actual " + out.termTasks());
      }
    }
    return diffs;
  }

  private static List<String> normalize(List<String> tasks) {
    return tasks == null ? List.of() : tasks.stream().map(t -> t.contains("__r") ? t : t + "__r0").toList();
  }

  /** An error entry with its message reduced to the exception name that starts it, if any. */
  static Map<String, Object> comparable(Map<String, Object> error) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String k : List.of("type", "task_id", "route", "task_transition_id", "result")) {
      if (error.get(k) != null) {
        m.put(k, error.get(k) instanceof Number n ? (Object) n.longValue() : error.get(k));
      }
    }
    String message = Objects.toString(error.get("message"), "");
    int colon = message.indexOf(": ");
    m.put("message", colon > 0 && message.substring(0, colon).matches("\\w+")
        ? message.substring(0, colon) : message);
    return m;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      return String.valueOf(value);
    }
  }
}
