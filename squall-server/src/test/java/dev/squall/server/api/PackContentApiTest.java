package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Actions and policies created, updated and deleted through StackStorm's API (and {@code squall
 * action create|delete}): written as files of a pack under {@code $SQUALL_HOME/packs}, checked as
 * a pack load checks them, runnable at once; shipped packs are read-only; the permissions are
 * StackStorm's.
 */
class PackContentApiTest {

  @TempDir Path home;
  @TempDir Path work;
  private RunningSquall squall;

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.writeString(home.resolve("rbac/roles/authors.yaml"), """
        name: authors
        permission_grants:
          - resource_uid: "pack:mine"
            permission_types: ["action_create", "action_modify"]
        """);
    Files.writeString(home.resolve("rbac/assignments/ann.yaml"), "username: ann\nroles: [authors]\n");
    squall = RunningSquall.startIn(home, Map.of());
  }

  @AfterEach
  void stop() {
    squall.close();
  }

  private static final String HELLO = """
      {"name": "hello", "pack": "mine", "runner_type": "local-shell-script", "entry_point": "hello.sh",
       "description": "Says hello", "parameters": {"who": {"type": "string", "position": 0, "default": "world"}},
       "data_files": [{"file_path": "hello.sh", "content": "#!/bin/sh\\necho hello $1\\n"}]}
      """;

  @Test
  void aCreatedActionIsWrittenIntoItsPackAndRunsAtOnce() throws Exception {
    RunningSquall.Response created = squall.call("POST", "/api/v1/actions", HELLO);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("ref").asText()).isEqualTo("mine.hello");
    Path pack = home.resolve("packs/mine");
    assertThat(pack.resolve("pack.yaml")).exists();
    assertThat(Files.readString(pack.resolve("actions/hello.yaml"))).contains("runner_type: local-shell-script")
        .doesNotContain("data_files");
    assertThat(Files.readString(pack.resolve("actions/hello.sh"))).isEqualTo("#!/bin/sh\necho hello $1\n");

    JsonNode run = squall.runToEnd("mine.hello", Map.of("who", "ann"));
    assertThat(run.get("status").asText()).isEqualTo("succeeded");
    assertThat(run.at("/result/stdout").asText()).isEqualTo("hello ann");

    RunningSquall.Response again = squall.call("POST", "/api/v1/actions", HELLO);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.fault()).contains("mine.hello").contains("already exists");
  }

  @Test
  void anActionThatWouldNotLoadIsRefusedWithTheFieldAndNothingIsWritten() {
    RunningSquall.Response noRunner = squall.call("POST", "/api/v1/actions",
        "{\"name\": \"broken\", \"pack\": \"mine\"}");
    assertThat(noRunner.status()).isEqualTo(400);
    assertThat(noRunner.fault()).contains("runner_type");
    RunningSquall.Response badParam = squall.call("POST", "/api/v1/actions", "{\"name\": \"broken\", \"pack\": \"mine\","
        + " \"runner_type\": \"local-shell-cmd\", \"parameters\": {\"cmd\": {\"type\": \"string\", \"immutable\": true}}}");
    assertThat(badParam.status()).isEqualTo(400);
    assertThat(badParam.fault()).contains("broken.yaml").contains("cmd");
    RunningSquall.Response escape = squall.call("POST", "/api/v1/actions", "{\"name\": \"sneaky\", \"pack\": \"mine\","
        + " \"runner_type\": \"local-shell-script\", \"entry_point\": \"x.sh\","
        + " \"data_files\": [{\"file_path\": \"../../../evil.sh\", \"content\": \"x\"}]}");
    assertThat(escape.status()).isEqualTo(400);
    assertThat(escape.fault()).contains("data_files.file_path");
    assertThat(home.resolve("packs/mine")).doesNotExist();
    assertThat(home.resolve("evil.sh")).doesNotExist();
  }

  @Test
  void anUpdateReplacesTheMetadataAndKeepsTheScriptAndADeleteRemovesTheFiles() throws Exception {
    assertThat(squall.call("POST", "/api/v1/actions", HELLO).status()).isEqualTo(201);
    RunningSquall.Response updated = squall.call("PUT", "/api/v1/actions/mine.hello", """
        {"name": "hello", "pack": "mine", "runner_type": "local-shell-script", "entry_point": "hello.sh",
         "description": "Says hello to someone", "parameters": {"who": {"type": "string", "position": 0, "default": "you"}}}
        """);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(squall.get("/api/v1/actions/mine.hello").json().get("description").asText()).isEqualTo("Says hello to someone");
    assertThat(squall.runToEnd("mine.hello", Map.of()).at("/result/stdout").asText()).isEqualTo("hello you");
    RunningSquall.Response renamed = squall.call("PUT", "/api/v1/actions/mine.hello",
        "{\"name\": \"other\", \"pack\": \"mine\", \"runner_type\": \"local-shell-cmd\"}");
    assertThat(renamed.status()).isEqualTo(400);
    assertThat(renamed.fault()).contains("'name'");

    assertThat(squall.call("DELETE", "/api/v1/actions/mine.hello", "{\"remove_files\": true}").status()).isEqualTo(204);
    assertThat(squall.get("/api/v1/actions/mine.hello").status()).isEqualTo(404);
    assertThat(home.resolve("packs/mine/actions/hello.yaml")).doesNotExist();
    assertThat(home.resolve("packs/mine/actions/hello.sh")).doesNotExist();

    assertThat(squall.call("POST", "/api/v1/actions", HELLO).status()).isEqualTo(201);
    assertThat(squall.call("DELETE", "/api/v1/actions/mine.hello", null).status()).isEqualTo(204);
    assertThat(home.resolve("packs/mine/actions/hello.yaml")).doesNotExist();
    assertThat(home.resolve("packs/mine/actions/hello.sh")).exists(); // st2 keeps files without remove_files
  }

  @Test
  void aShippedPackIsReadOnly() {
    RunningSquall.Response r = squall.call("PUT", "/api/v1/actions/core.noop",
        "{\"name\": \"noop\", \"pack\": \"core\", \"runner_type\": \"noop\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fault()).contains("Pack \"core\" is read-only here");
    assertThat(squall.call("DELETE", "/api/v1/actions/core.noop", null).status()).isEqualTo(400);
    assertThat(squall.get("/api/v1/actions/core.noop").status()).isEqualTo(200);
    assertThat(squall.call("POST", "/api/v1/actions", "{\"name\": \"extra\", \"pack\": \"core\","
        + " \"runner_type\": \"noop\"}").status()).isEqualTo(400);
  }

  @Test
  void writesNeedStackStormsActionPermissions() {
    squall.post("/api/v1/users", Map.of("name", "ann", "password", "ann-password"));
    String ann = squall.login("ann", "ann-password").json().get("token").asText();
    RunningSquall.Response mine = squall.callWith("X-Auth-Token", ann, "POST", "/api/v1/actions", HELLO);
    assertThat(mine.status()).as(mine.body()).isEqualTo(201);
    RunningSquall.Response other = squall.callWith("X-Auth-Token", ann, "POST", "/api/v1/actions",
        HELLO.replace("\"mine\"", "\"theirs\""));
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.fault()).contains("action_create");
    RunningSquall.Response delete = squall.callWith("X-Auth-Token", ann, "DELETE", "/api/v1/actions/mine.hello", null);
    assertThat(delete.status()).isEqualTo(403);
    assertThat(delete.fault()).contains("action_delete");
  }

  @Test
  void policiesAreCreatedUpdatedAndDeletedAsPolicyFiles() throws Exception {
    assertThat(squall.call("POST", "/api/v1/actions", HELLO).status()).isEqualTo(201);
    RunningSquall.Response created = squall.call("POST", "/api/v1/policies", """
        {"name": "one_at_a_time", "pack": "mine", "resource_ref": "mine.hello",
         "policy_type": "action.concurrency", "parameters": {"threshold": 1}}
        """);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("ref").asText()).isEqualTo("mine.one_at_a_time");
    assertThat(home.resolve("packs/mine/policies/one_at_a_time.yaml")).exists();
    assertThat(squall.get("/api/v1/policies/mine.one_at_a_time").json().at("/parameters/threshold").asInt()).isEqualTo(1);

    RunningSquall.Response updated = squall.call("PUT", "/api/v1/policies/mine.one_at_a_time", """
        {"resource_ref": "mine.hello", "policy_type": "action.concurrency", "parameters": {"threshold": 3}}
        """);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(squall.get("/api/v1/policies/mine.one_at_a_time").json().at("/parameters/threshold").asInt()).isEqualTo(3);

    RunningSquall.Response bad = squall.call("POST", "/api/v1/policies", """
        {"name": "bad", "pack": "mine", "resource_ref": "mine.hello", "policy_type": "action.retry",
         "parameters": {"retry_on": "sometimes"}}
        """);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.fault()).contains("parameters.retry_on");
    assertThat(home.resolve("packs/mine/policies/bad.yaml")).doesNotExist();

    assertThat(squall.call("DELETE", "/api/v1/policies/mine.one_at_a_time", null).status()).isEqualTo(204);
    assertThat(squall.get("/api/v1/policies/mine.one_at_a_time").status()).isEqualTo(404);
    assertThat(home.resolve("packs/mine/policies/one_at_a_time.yaml")).doesNotExist();
  }

  @Test
  void theCliCreatesAndDeletesAnAction() throws Exception {
    Path meta = Files.writeString(work.resolve("greet.yaml"), """
        name: greet
        pack: mine
        runner_type: local-shell-script
        entry_point: greet.sh
        """);
    Path script = Files.writeString(work.resolve("greet.sh"), "#!/bin/sh\necho greetings\n");
    assertThat(squall.cli("action", "create", meta.toString(), "--entry-point-file", script.toString()))
        .isEqualTo("created mine.greet\n");
    assertThat(squall.runToEnd("mine.greet", Map.of()).at("/result/stdout").asText()).isEqualTo("greetings");
    assertThat(squall.cli("action", "delete", "mine.greet", "--remove-files")).isEqualTo("deleted mine.greet\n");
    assertThat(home.resolve("packs/mine/actions/greet.sh")).doesNotExist();
    assertThat(squall.get("/api/v1/actions/mine.greet").status()).isEqualTo(404);
  }
}
