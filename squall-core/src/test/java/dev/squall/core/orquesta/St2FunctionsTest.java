package dev.squall.core.orquesta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.orquesta.Event.ActionEvent;
import dev.squall.core.template.KeyValueLookup;
import dev.squall.core.yaml.YamlReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * StackStorm's workflow functions (task(), st2kv(), json/yaml/regex/version/path...) in both of
 * orquesta's languages, against a datastore whose secrets are stored as "enc:" + text.
 */
class St2FunctionsTest {

  /** Task actions as the engine would report them, by "workflow/task/route". */
  private final Map<String, List<WorkflowRuntime.TaskAction>> actions = new LinkedHashMap<>();

  private final WorkflowRuntime runtime = new WorkflowRuntime() {
    @Override
    public KeyValueLookup datastore(String user) {
      Map<String, String> values = Map.of("system/region", "eu-west", "system/pw", "enc:hunter2",
          "user/" + user + ":color", user + "-blue", "system/plain", "not-a-secret");
      return new KeyValueLookup() {
        @Override
        public Optional<String> get(String scope, String key) {
          return Optional.ofNullable(values.get(scope + "/" + ("user".equals(scope) ? user + ":" : "") + key));
        }

        @Override
        public Optional<String> decrypt(String stored) {
          return stored.startsWith("enc:") ? Optional.of(stored.substring(4)) : Optional.empty();
        }
      };
    }

    @Override
    public List<TaskAction> actions(String workflowExecutionId, String taskId, int route) {
      return actions.getOrDefault(workflowExecutionId + "/" + taskId + "/" + route, List.of());
    }
  };

  private final Expressions live = Expressions.standard(runtime);

  private static Map<String, Object> data() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("st2", Map.of("user", "stanley", "action_execution_id", "wf1"));
    data.put("key_name", "system.region");
    data.put("text", "release 2.10.3 of squall");
    data.put("pair", Map.of("k", "v"));
    data.put("doc", Map.of("hosts", List.of(Map.of("name", "a"), Map.of("name", "b"))));
    return data;
  }

  private Object yaql(String expr) {
    return live.evaluate("<% " + expr + " %>", data());
  }

  private Object jinja(String expr) {
    return live.evaluate("{{ " + expr + " }}", data());
  }

  @Test
  void st2kvReadsSystemKeysAndTheWorkflowUsersOwnKeysInBothLanguages() {
    assertThat(yaql("st2kv('system.region')")).isEqualTo("eu-west");
    assertThat(jinja("st2kv('system.region')")).isEqualTo("eu-west");
    assertThat(yaql("st2kv(ctx().key_name)")).isEqualTo("eu-west");
    assertThat(yaql("st2kv('color')")).isEqualTo("stanley-blue");
    assertThat(jinja("st2kv('color')")).isEqualTo("stanley-blue");
  }

  @Test
  void aSecretComesBackEncryptedUnlessDecryptIsAsked() {
    assertThat(yaql("st2kv('system.pw')")).isEqualTo("enc:hunter2");
    assertThat(yaql("st2kv('system.pw', decrypt => true)")).isEqualTo("hunter2");
    assertThat(jinja("st2kv('system.pw', decrypt=true)")).isEqualTo("hunter2");
    assertThatThrownBy(() -> yaql("st2kv('system.plain', decrypt => true)"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("not an encrypted datastore secret")
        .hasMessageNotContaining("not-a-secret");
  }

  @Test
  void aMissingKeyIsAnErrorNamingItUnlessADefaultIsGiven() {
    assertThatThrownBy(() -> yaql("st2kv('system.nope')"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("The key \"nope\" does not exist in the StackStorm datastore.");
    assertThatThrownBy(() -> jinja("st2kv('nope')"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("The key \"stanley:nope\" does not exist");
    assertThat(yaql("st2kv('system.nope', default => 'fallback')")).isEqualTo("fallback");
    assertThat(jinja("st2kv('nope', default='fallback')")).isEqualTo("fallback");
    assertThat(yaql("st2kv('nope', default => null)")).isNull();
  }

  @Test
  void st2kvRejectsAKeyOrDecryptOfTheWrongType() {
    assertThatThrownBy(() -> yaql("st2kv(3)")).hasMessageContaining("Given key is not typeof string.");
    assertThatThrownBy(() -> jinja("st2kv('system.pw', decrypt='yes')"))
        .hasMessageContaining("Decrypt parameter is not typeof bool.");
  }

  @Test
  void aWorkflowRunForNoUserReadsSystemKeysOnly() {
    Map<String, Object> noUser = Map.of("st2", Map.of("action_execution_id", "wf1"));
    assertThat(live.evaluate("<% st2kv('system.region') %>", noUser)).isEqualTo("eu-west");
    assertThatThrownBy(() -> live.evaluate("<% st2kv('color') %>", noUser))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("KeyError: Could not get user from context");
  }

  @Test
  void offlineSt2kvAndTaskFailNamingTheFunction() {
    Expressions offline = Expressions.standard();
    assertThatThrownBy(() -> offline.evaluate("<% st2kv('system.region') %>", data()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("st2kv('system.region') reads the datastore of a running Squall server");
    assertThatThrownBy(() -> offline.evaluate("{{ task('t1').result }}", data()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("task('t1') reads the task executions of a running Squall server");
  }

  @Test
  void dataFunctionsParseAndDumpJsonAndYaml() {
    assertThat(yaql("json_parse('{\"a\": [1, 2]}').a")).isEqualTo(List.of(1L, 2L));
    assertThat(jinja("from_json_string('{\"a\": 1}')['a']")).isEqualTo(1);
    assertThat(yaql("yaml_parse('a: b').a")).isEqualTo("b");
    assertThat(jinja("from_yaml_string('x: 1')['x']")).isEqualTo(1);
    assertThat(yaql("to_json_string(dict(a => 1))")).isEqualTo(jinja("json_dump({'a': 1})"));
    assertThat(String.valueOf(yaql("yaml_dump(dict(b => 2, a => 1))"))).isEqualTo("a: 1\nb: 2\n");
    assertThat(jinja("to_yaml_string({'k': 'v'})")).isEqualTo("k: v\n");
    assertThat(yaql("json_escape('say \"hi\" now')")).isEqualTo("say \\\"hi\\\" now");
    assertThat(yaql("jsonpath_query(ctx().doc, 'hosts[*].name')")).isEqualTo(List.of("a", "b"));
    assertThat(jinja("jsonpath_query(ctx().doc, query='hosts[*].name')")).isEqualTo(List.of("a", "b"));
    assertThat(yaql("use_none(null)")).isEqualTo("%*****__%NONE%__*****%");
  }

  @Test
  void regexFunctionsMatchSearchReplaceAndExtract() {
    assertThat(yaql("regex_match(ctx().text, 'release')")).isEqualTo(true);
    assertThat(yaql("regex_match(ctx().text, 'squall')")).isEqualTo(false);
    assertThat(jinja("regex_search(ctx().text, 'SQUALL', ignorecase=true)")).isEqualTo(true);
    assertThat(yaql("regex_search(ctx().text, 'SQUALL', ignorecase => true)")).isEqualTo(true);
    assertThat(yaql("regex_replace(ctx().text, '\\\\d+', 'N')")).isEqualTo("release N.N.N of squall");
    assertThat(jinja("regex_substring(ctx().text, '(\\\\d+\\\\.\\\\d+)')")).isEqualTo("2.10");
    assertThat(yaql("regex_substring(ctx().text, '(\\\\d+\\\\.\\\\d+)')")).isEqualTo("2.10");
    assertThat(yaql("regex_substring(ctx().text, '\\\\d+', 1)")).isEqualTo("10");
    assertThat(jinja("regex_substring(ctx().text, '\\\\d+', result_index=2)")).isEqualTo("3");
  }

  @Test
  void versionFunctionsCompareMatchAndBump() {
    assertThat(yaql("version_compare('1.2.3', '1.10.0')")).isEqualTo(-1L);
    assertThat(jinja("version_more_than('2.0.0', '1.9.9')")).isEqualTo(true);
    assertThat(yaql("version_less_than('2.0.0', '1.9.9')")).isEqualTo(false);
    assertThat(yaql("version_equal('1.0.0', '1.0.0')")).isEqualTo(true);
    assertThat(jinja("version_match('1.4.0', '>=1.2.0')")).isEqualTo(true);
    assertThat(yaql("version_bump_major('1.4.2')")).isEqualTo("2.0.0");
    assertThat(yaql("version_bump_minor('1.4.2')")).isEqualTo("1.5.0");
    assertThat(jinja("version_bump_patch('1.4.2')")).isEqualTo("1.4.3");
    assertThat(yaql("version_strip_patch('1.4.2')")).isEqualTo("1.4");
    assertThatThrownBy(() -> yaql("version_bump_major('one')"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("version_bump_major() failed: one is not valid SemVer string");
  }

  @Test
  void pathAndTimeFunctions() {
    assertThat(yaql("basename('/opt/squall/packs/core.yaml')")).isEqualTo("core.yaml");
    assertThat(jinja("dirname('/opt/squall/packs/core.yaml')")).isEqualTo("/opt/squall/packs");
    assertThat(yaql("to_human_time_from_seconds(3725)")).isEqualTo("1h2m5s");
    assertThat(jinja("to_human_time_from_seconds(59)")).isEqualTo("59s");
  }

  /** Each function: its arguments (written alike in both languages) and what it gives. */
  private static final Map<String, List<Object>> EVERY_FUNCTION = new java.util.TreeMap<>(Map.ofEntries(
      Map.entry("basename", List.of("'/a/b.txt'", "b.txt")),
      Map.entry("dirname", List.of("'/a/b.txt'", "/a")),
      Map.entry("from_json_string", List.of("'[1, \"x\"]'", List.of(1L, "x"))),
      Map.entry("json_parse", List.of("'{\"k\": \"v\"}'", Map.of("k", "v"))),
      Map.entry("from_yaml_string", List.of("'- a'", List.of("a"))),
      Map.entry("yaml_parse", List.of("'k: v'", Map.of("k", "v"))),
      Map.entry("to_json_string", List.of("'x'", "\"x\"")),
      Map.entry("json_dump", List.of("'x'", "\"x\"")),
      Map.entry("to_yaml_string", List.of("ctx().pair", "k: v\n")),
      Map.entry("yaml_dump", List.of("ctx().pair", "k: v\n")),
      Map.entry("json_escape", List.of("'tab\there'", "tab\\there")),
      Map.entry("jsonpath_query", List.of("ctx().doc, 'hosts[0].name'", List.of("a"))),
      Map.entry("regex_match", List.of("'abc', 'b'", false)),
      Map.entry("regex_search", List.of("'abc', 'b'", true)),
      Map.entry("regex_replace", List.of("'abc', 'b', 'x'", "axc")),
      Map.entry("regex_substring", List.of("'a1b22', '[0-9]+', 1", "22")),
      Map.entry("to_human_time_from_seconds", List.of("90061", "1d1h1m1s")),
      Map.entry("use_none", List.of("'v'", "v")),
      Map.entry("version_compare", List.of("'1.0.0', '1.0.0'", 0L)),
      Map.entry("version_more_than", List.of("'1.0.1', '1.0.0'", true)),
      Map.entry("version_less_than", List.of("'1.0.1', '1.0.0'", false)),
      Map.entry("version_equal", List.of("'1.0.1', '1.0.0'", false)),
      Map.entry("version_match", List.of("'1.0.1', '<1.1.0'", true)),
      Map.entry("version_bump_major", List.of("'1.2.3'", "2.0.0")),
      Map.entry("version_bump_minor", List.of("'1.2.3'", "1.3.0")),
      Map.entry("version_bump_patch", List.of("'1.2.3'", "1.2.4")),
      Map.entry("version_strip_patch", List.of("'1.2.3'", "1.2"))));

  @Test
  void everyStackStormFunctionGivesTheSameInYaqlAndJinja() {
    assertThat(EVERY_FUNCTION.keySet()).isEqualTo(St2Functions.FILTERS.keySet());
    EVERY_FUNCTION.forEach((name, c) -> {
      String call = name + "(" + c.get(0) + ")";
      assertThat(plain(yaql(call))).as("yaql " + call).isEqualTo(c.get(1));
      assertThat(plain(jinja(call))).as("jinja " + call).isEqualTo(c.get(1));
    });
  }

  /** Numbers as longs, so that both languages' integers compare alike. */
  private static Object plain(Object v) {
    return switch (v) {
      case Integer i -> (long) i;
      case List<?> l -> l.stream().map(St2FunctionsTest::plain).toList();
      case Map<?, ?> m -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(k, plain(x)));
        yield out;
      }
      case null, default -> v;
    };
  }

  @Test
  void theFiltersStillWorkAsFiltersInJinja() {
    assertThat(jinja("ctx().text | regex_replace('squall', 'orquesta')")).isEqualTo("release 2.10.3 of orquesta");
    assertThat(jinja("'1.2.3' | version_bump_minor")).isEqualTo("1.3.0");
    assertThat(jinja("'a: 1' | yaml_parse")).isEqualTo(Map.of("a", 1));
    assertThat(jinja("ctx().doc | json_dump")).isEqualTo(jinja("ctx().doc | to_json_string"));
  }

  private static final String WORKFLOW = """
      version: 1.0
      tasks:
        fetch:
          action: core.local
          next:
            - when: <% succeeded() %>
              publish:
                - own: <% task().task_name %>/<% task().status %>
                - out_yaql: <% task(fetch).result.stdout %>
              do: report
        report:
          action: core.noop
          next:
            - publish:
                - out_jinja: "{{ task('fetch').result.stdout }}"
                - fetch_id: "{{ task('fetch').task_execution_id }}"
                - fetch_times: "{{ task('fetch').start_timestamp }}|{{ task('fetch').end_timestamp }}"
      output:
        - own: <% ctx(own) %>
        - out_yaql: <% ctx(out_yaql) %>
        - out_jinja: <% ctx(out_jinja) %>
        - fetch_id: <% ctx(fetch_id) %>
        - fetch_times: <% ctx(fetch_times) %>
      """;

  @Test
  void taskGivesTheTaskExecutionRecordOfTheCurrentOrANamedTask() {
    WorkflowSpec spec = WorkflowParser.parse(YamlReader.parse(WORKFLOW, null)).spec();
    Map<String, Object> parent = Map.of("st2", Map.of("user", "stanley", "action_execution_id", "wf1"));
    Conductor conductor = new Conductor(spec, live, parent, Map.of());
    conductor.requestWorkflowStatus(Statuses.RUNNING);
    Instant start = Instant.parse("2026-01-02T03:04:05.000123Z");
    Instant end = Instant.parse("2026-01-02T03:04:07Z");
    Map<String, Object> fetched = Map.of("stdout", "42 widgets", "return_code", 0);
    actions.put("wf1/fetch/0", new ArrayList<>(List.of(
        new WorkflowRuntime.TaskAction("c1", null, "succeeded", fetched, start, end))));
    for (int round = 0; round < 5 && !Statuses.isCompleted(conductor.workflowStatus()); round++) {
      for (Conductor.NextTask t : conductor.nextTasks()) {
        conductor.updateTaskState(t.id(), t.route(), new ActionEvent(Statuses.RUNNING, null));
        conductor.updateTaskState(t.id(), t.route(), new ActionEvent(Statuses.SUCCEEDED,
            t.id().equals("fetch") ? fetched : Map.of()));
      }
    }
    conductor.renderWorkflowOutput();
    assertThat(conductor.workflowStatus()).as(conductor.errors().toString()).isEqualTo(Statuses.SUCCEEDED);
    assertThat(conductor.output())
        .containsEntry("own", "fetch/succeeded")
        .containsEntry("out_yaql", "42 widgets")
        .containsEntry("out_jinja", "42 widgets")
        .containsEntry("fetch_id", "wf1:fetch__r0")
        .containsEntry("fetch_times", "2026-01-02 03:04:05.000123+00:00|2026-01-02 03:04:07+00:00");
  }

  @Test
  void aWithItemsTasksResultListsEachItemsStatusAndResult() {
    Map<String, Object> data = data();
    WorkflowSpec spec = WorkflowParser.parse(YamlReader.parse("""
        version: 1.0
        tasks:
          each:
            with: <% [1, 2] %>
            action: core.noop
        """, null)).spec();
    Conductor conductor = new Conductor(spec, live, data, Map.of());
    conductor.requestWorkflowStatus(Statuses.RUNNING);
    Conductor.NextTask t = conductor.nextTasks().getFirst();
    conductor.updateTaskState(t.id(), t.route(), new ActionEvent(Statuses.RUNNING, null));
    actions.put("wf1/each/0", List.of(
        new WorkflowRuntime.TaskAction("c1", 1, "succeeded", Map.of("stdout", "two"), Instant.EPOCH, Instant.EPOCH),
        new WorkflowRuntime.TaskAction("c2", 0, "failed", Map.of("stdout", "one"), Instant.EPOCH, null)));
    Map<String, Object> ctx = new LinkedHashMap<>(data);
    ctx.put("__state", WorkflowState.fromMap(conductor.serialize().get("state") instanceof Map<?, ?> m
        ? castMap(m) : Map.of()));
    assertThat(live.evaluate("<% task(each).result.items.select($.result.stdout) %>", ctx))
        .isEqualTo(List.of("one", "two"));
    assertThat(live.evaluate("{{ task('each').end_timestamp }}", ctx)).isEqualTo("None");
    assertThatThrownBy(() -> live.evaluate("<% task(never) %>", ctx))
        .hasMessageContaining("Unable to find task execution for \"never\".");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
