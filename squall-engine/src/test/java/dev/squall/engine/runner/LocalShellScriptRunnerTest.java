package dev.squall.engine.runner;

import static dev.squall.engine.runner.TestActions.action;
import static dev.squall.engine.runner.TestActions.context;
import static dev.squall.engine.runner.TestActions.param;
import static dev.squall.engine.runner.TestActions.positional;
import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.action.ActionDef;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalShellScriptRunnerTest {

  @TempDir Path pack;
  @TempDir Path work;
  private LocalShellScriptRunner runner;

  @BeforeEach
  void writeScripts() throws Exception {
    Files.createDirectories(pack.resolve("actions/lib"));
    // prints each argument on a line of its own, bracketed so empty ones show
    script("args.sh", "#!/bin/bash\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\n");
    runner = new LocalShellScriptRunner(RunnerSettings.defaults().withWorkDir(work));
  }

  private void script(String name, String body) throws Exception {
    Path file = pack.resolve("actions").resolve(name);
    Files.writeString(file, body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private List<String> args(RunnerResult r) {
    assertThat(r.status()).as("result %s", r.result()).isEqualTo(ExecutionStatus.SUCCEEDED);
    String out = (String) r.result().get("stdout");
    return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
  }

  @Test
  void passesNamedArgumentsThenPositionalOnesAsStackStormDoes() {
    ActionDef action = action("local-shell-script", "args.sh", pack,
        positional("second", "array", 1), param("name", "string"), param("flag", "boolean"),
        param("off", "boolean"), param("empty", "string"), param("nothing", "string"),
        param("count", "integer"), param("data", "object"), positional("first", "string", 0));
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("first", "two words");
    values.put("second", List.of("a", "b", 3));
    values.put("name", "it's \"quoted\"");
    values.put("flag", true);
    values.put("off", false);
    values.put("empty", "");
    values.put("nothing", null);
    values.put("count", 3);
    values.put("data", Map.of("k", "v"));
    values.put("timeout", 30); // a runner parameter: never an argument
    values.put("env", Map.of("X", "1"));

    RunnerResult r = runner.run(context(action, values, OutputSink.DISCARD));

    assertThat(args(r)).containsExactly("[--name=it's \"quoted\"]", "[--flag]", "[--count=3]",
        "[--data={\"k\":\"v\"}]", "[two words]", "[a,b,3]");
  }

  @Test
  void serializesPositionalArgumentsByTypeIncludingEmptyOnes() {
    ActionDef action = action("local-shell-script", "args.sh", pack,
        positional("yes", "boolean", 0), positional("no", "boolean", 1),
        positional("missing", "string", 2), positional("obj", "object", 3),
        positional("num", "number", 4));
    Map<String, Object> values = new HashMap<>();
    values.put("yes", true);
    values.put("no", false);
    values.put("obj", Map.of("a", 1));
    values.put("num", 1.5);

    assertThat(args(runner.run(context(action, values, OutputSink.DISCARD))))
        .containsExactly("[1]", "[0]", "[]", "[{\"a\":1}]", "[1.5]");
  }

  @Test
  void usesKwargOp() {
    ActionDef action = action("local-shell-script", "args.sh", pack, param("v", "string"));

    assertThat(args(runner.run(context(action, Map.of("v", "x", "kwarg_op", "-"),
        OutputSink.DISCARD)))).containsExactly("[-v=x]");
  }

  @Test
  void shellMetacharactersInValuesAreInert() {
    Path pwned = Path.of("/tmp/pwned-" + UUID.randomUUID());
    ActionDef action = action("local-shell-script", "args.sh", pack, param("msg", "string"),
        positional("pos", "string", 0));
    String injection = "\"; touch " + pwned + "; echo \"";
    Map<String, Object> values = Map.of("msg", injection, "pos", "$(touch " + pwned + ")`id`");

    List<String> args = args(runner.run(context(action, values, OutputSink.DISCARD)));

    assertThat(args).containsExactly("[--msg=" + injection + "]", "[$(touch " + pwned + ")`id`]");
    assertThat(pwned).doesNotExist();
  }

  @Test
  void givesTheScriptEnvAndStackStormVariables() throws Exception {
    script("env.sh", "#!/bin/sh\necho \"$GREETING/$ST2_ACTION_PACK_NAME\"\n");
    ActionDef action = action("local-shell-script", "env.sh", pack);

    RunnerResult r = runner.run(context(action, Map.of("env", Map.of("GREETING", "hi there")),
        OutputSink.DISCARD));

    assertThat(r.result()).containsEntry("stdout", "hi there/tests");
  }

  @Test
  void failingScriptFailsWithItsExitCode() throws Exception {
    script("fail.sh", "#!/bin/sh\necho nope >&2\nexit 4\n");

    RunnerResult r = runner.run(context(action("local-shell-script", "fail.sh", pack), Map.of(),
        OutputSink.DISCARD));

    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(r.result()).containsEntry("return_code", 4).containsEntry("stderr", "nope");
  }

  @Test
  void makesANonExecutableScriptExecutableAsStackStormDoes() throws Exception {
    Path file = pack.resolve("actions/lib/plain.sh");
    Files.writeString(file, "#!/bin/sh\necho ran\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    RunnerResult r = runner.run(context(action("local-shell-script", "lib/plain.sh", pack),
        Map.of(), OutputSink.DISCARD));

    assertThat(r.result()).containsEntry("stdout", "ran");
  }

  @Test
  void refusesAnEntryPointOutsideThePack() throws Exception {
    Path outside = Files.writeString(work.resolve("evil.sh"), "#!/bin/sh\necho evil\n");
    Files.createSymbolicLink(pack.resolve("actions/link.sh"), outside);

    for (String entry : List.of("../../" + work.getFileName() + "/evil.sh", outside.toString(),
        "link.sh")) {
      RunnerResult r = runner.run(context(action("local-shell-script", entry, pack), Map.of(),
          OutputSink.DISCARD));

      assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat((String) r.result().get("error")).contains("outside the pack directory")
          .contains(entry);
    }
  }

  @Test
  void reportsAMissingScript() {
    RunnerResult r = runner.run(context(action("local-shell-script", "gone.sh", pack), Map.of(),
        OutputSink.DISCARD));

    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat((String) r.result().get("error")).contains("does not exist")
        .contains("action tests.act");
  }

  @Test
  void requiresAnEntryPoint() {
    RunnerResult r = runner.run(context(action("local-shell-script", "", pack), Map.of(),
        OutputSink.DISCARD));

    assertThat((String) r.result().get("error"))
        .contains("Missing entry_point action metadata attribute");
  }
}
