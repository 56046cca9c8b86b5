package dev.squall.core.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTemplatesTest {

  private final ResultTemplates templates = new ResultTemplates(new TemplateEngine());

  private static Map<String, Object> execution(String runner, Object result) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", "5f1");
    e.put("status", "succeeded");
    e.put("action", Map.of("ref", "core.local"));
    e.put("runner", Map.of("name", runner));
    e.put("parameters", Map.of("cmd", "date"));
    e.put("result", result);
    return e;
  }

  private static Map<String, Object> shellResult() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("failed", false);
    r.put("stderr", "");
    r.put("return_code", 0);
    r.put("succeeded", true);
    r.put("stdout", "Thu Jul 28 00:30:39 UTC 2016");
    return r;
  }

  @Test
  void defaultResultForALocalCommandDropsFalsyKeys() {
    String out = templates.renderResult(null, execution("local-shell-cmd", shellResult()), Map.of());

    assertThat(out).isEqualTo("""

        Action core.local completed.
        status : succeeded
        execution: 5f1

        result :
        --------
        stdout : Thu Jul 28 00:30:39 UTC 2016
        """);
  }

  @Test
  void defaultResultShowsWebUrlDurationAndNestedValues() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status_code", 200);
    body.put("headers", Map.of("Server", "nginx"));
    body.put("body", "line one\nline two\n");
    Map<String, Object> e = execution("http-request", body);
    e.put("web_url", "https://squall/#/history/5f1/general");
    e.put("elapsed_seconds", 125.2);

    String out = templates.renderResult(null, e, Map.of());

    assertThat(out).isEqualTo("""

        Action core.local completed.
        status : succeeded
        execution: 5f1

        web_url: https://squall/#/history/5f1/general

        Took 2 min 5 s to complete.

        result :
        --------
        status_code : 200
        headers :\s
          Server : nginx
        body :\s
          line one
        line two
        """);
  }

  @Test
  void defaultResultForRemoteCommandsListsEachHost() {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("web1", shellResult());
    String out = templates.renderResult(null, execution("remote-shell-cmd", result), Map.of());

    assertThat(out).endsWith("""
        --------
        web1 :\s
          stdout : Thu Jul 28 00:30:39 UTC 2016
        """);
  }

  @Test
  void failedStatusTextIsWhatAdaptersLookFor() {
    Map<String, Object> e = execution("local-shell-cmd", shellResult());
    e.put("status", "failed");
    assertThat(templates.renderResult(null, e, Map.of())).contains("status : failed");
  }

  @Test
  void customResultFormatSeesExecutionAndAlias() {
    String out = templates.renderResult(
        "{% if execution.status == 'succeeded' %}ok: {{ execution.result.stdout }} via {{ alias.name }}{% endif %}",
        execution("local-shell-cmd", shellResult()), Map.of("name", "run_date"));

    assertThat(out).isEqualTo("ok: Thu Jul 28 00:30:39 UTC 2016 via run_date");
  }

  @Test
  void ackRendersAgainstExecutionAndAlias() {
    String out = templates.renderAck("Running {{ execution.parameters.cmd }} for {{ actionalias.name }}",
        execution("local-shell-cmd", null), Map.of("name", "run_date"));

    assertThat(out).isEqualTo("Running date for run_date");
  }

  @Test
  void ackWithUndefinedVariableBecomesStackStormsErrorText() {
    String out = templates.renderAck("Running {{ cmd }}", execution("local-shell-cmd", null), Map.of());

    assertThat(out).startsWith("Cannot render \"format\" in field \"ack\" for alias. ")
        .contains("'cmd' is undefined");
  }

  @Test
  void ackExtraIsRenderedToo() {
    Object out = templates.renderAckExtra(Map.of("slack", Map.of("color", "{{ execution.status }}")),
        execution("local-shell-cmd", null), Map.of());

    assertThat(out).isEqualTo(Map.of("slack", Map.of("color", "succeeded")));
  }

  @Test
  void cannedAckNamesTheExecution() {
    assertThat(ResultTemplates.defaultAck("5f1", 0))
        .isEqualTo("I'll take it from here! Your execution ID for reference is 5f1");
  }
}
