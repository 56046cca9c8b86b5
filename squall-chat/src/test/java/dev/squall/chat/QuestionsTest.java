package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.inquiry.Inquiry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An inquiry's schema becomes the question the platforms render. */
class QuestionsTest {

  @Test
  void eachKindOfFieldGetsItsControl() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("continue", Map.of("type", "boolean", "description", "Go on?"));
    props.put("env", Map.of("type", "string", "enum", List.of("staging", "prod")));
    props.put("replicas", Map.of("type", "integer"));
    props.put("note", Map.of("type", "string"));
    Map<String, Object> schema = Map.of("type", "object", "description", "Deploy?", "required",
        List.of("env"), "properties", props);
    Execution e = new Execution("695645a0ce53dec36747c415", "core.ask", "inquirer", Map.of(), Map.of(),
        ExecutionStatus.PENDING, Instant.parse("2026-01-01T10:00:00Z"), null,
        Map.of("schema", schema, "roles", List.of(), "users", List.of(), "route", "", "ttl", 60), List.of());

    Question q = Questions.question(Inquiry.of(e));

    assertThat(q.id()).isEqualTo(e.id());
    assertThat(q.prompt()).startsWith("Inquiry 695645a0ce53dec36747c415: Deploy?");
    assertThat(q.fields()).containsExactly(
        new Question.Field("continue", "Go on?", Question.Type.BOOLEAN, List.of(), false),
        new Question.Field("env", "env", Question.Type.CHOICE, List.of("staging", "prod"), true),
        new Question.Field("replicas", "replicas", Question.Type.NUMBER, List.of(), false),
        new Question.Field("note", "note", Question.Type.STRING, List.of(), false));
  }
}
