package dev.squall.core.orquesta;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The conformance cases recorded from the real orquesta conductor ({@code orquesta-cases.json},
 * a copy of the shared spec file), and how a case's mocks become rehearsal mocks.
 */
final class OrquestaCases {

  private OrquestaCases() {}

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> all() {
    try (InputStream in = OrquestaCases.class.getResourceAsStream("/orquesta/orquesta-cases.json")) {
      Map<String, Object> root = new ObjectMapper().readValue(in, new TypeReference<>() {});
      return ((List<Object>) root.get("cases")).stream()
          .map(c -> (Map<String, Object>) Values.plain(c)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The case's {@code mock_results} as rehearsal mocks: entry n of a task is its n-th execution
   * (item n for with-items tasks); a {@code pending} entry is followed by its {@code then}.
   */
  @SuppressWarnings("unchecked")
  static List<Rehearsal.Mock> mocks(Map<String, Object> c, WorkflowSpec spec) {
    List<Rehearsal.Mock> out = new ArrayList<>();
    Map<String, Object> results = (Map<String, Object>) c.getOrDefault("mock_results", Map.of());
    results.forEach((task, list) -> {
      boolean items = spec != null && spec.tasks().containsKey(task) && spec.tasks().get(task).hasItems();
      List<Object> entries = (List<Object>) list;
      for (int i = 0; i < entries.size(); i++) {
        Map<String, Object> e = (Map<String, Object>) entries.get(i);
        Integer item = items ? i : null;
        out.add(new Rehearsal.Mock(task, item, (String) e.get("status"), e.get("result"), 1));
        if (Statuses.PENDING.equals(e.get("status"))) {
          Map<String, Object> then = (Map<String, Object>) e.getOrDefault("then", Map.of());
          out.add(new Rehearsal.Mock(task, item, (String) then.get("status"), then.get("result"), 1));
        }
      }
    });
    return out;
  }

  @SuppressWarnings("unchecked")
  static List<Rehearsal.Request> requests(Map<String, Object> c) {
    List<Rehearsal.Request> out = new ArrayList<>();
    for (Object r : (List<Object>) c.getOrDefault("requests", List.of())) {
      Map<String, Object> m = (Map<String, Object>) r;
      out.add(new Rehearsal.Request(((Number) m.get("before_wave")).intValue(), (String) m.get("request")));
    }
    return out;
  }
}
