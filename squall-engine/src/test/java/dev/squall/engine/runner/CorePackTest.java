package dev.squall.engine.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.squall.core.action.ActionDef;
import dev.squall.core.action.ParameterSpec;
import dev.squall.core.corpus.StackStormCorpus;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import dev.squall.core.alias.AliasMatch;
import dev.squall.core.alias.AliasMatcher;
import dev.squall.core.pack.LoadedPack;
import dev.squall.core.pack.PackLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled {@code packs/core}: well-formed, runnable, and shaped like StackStorm's core. */
class CorePackTest {

  /** StackStorm core parameters Squall deliberately leaves out (see http.yaml). */
  private static final Set<String> OMITTED =
      Set.of("auth", "file_content", "file_content_type", "file_name", "file_path");

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
  private final SshConnections ssh = new SshConnections(SshSettings.defaults());
  private final Map<String, Runner> runners = withInquirer(BuiltinRunners.create(RunnerSettings.defaults(), ssh));

  /** The runners a server has for the core pack: the built-in ones and the inquirer ({@code core.ask}). */
  private static Map<String, Runner> withInquirer(Map<String, Runner> builtin) {
    Map<String, Runner> all = new java.util.HashMap<>(builtin);
    all.put("inquirer", new dev.squall.engine.inquiry.InquirerRunner());
    return all;
  }

  @AfterEach
  void closeSsh() {
    ssh.close();
  }

  static Path corePack() {
    String root = System.getenv("SQUALL_REPO_ROOT");
    Path start = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("packs/core/actions"))) {
        return p.resolve("packs/core");
      }
    }
    throw new IllegalStateException("packs/core not found above " + start);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> read(Path file) throws IOException {
    return yaml.readValue(file.toFile(), Map.class);
  }

  private List<Path> actionFiles(Path pack) throws IOException {
    try (Stream<Path> files = Files.list(pack.resolve("actions"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @SuppressWarnings("unchecked")
  private ActionDef load(Path file) throws IOException {
    Map<String, Object> meta = read(file);
    Map<String, ParameterSpec> params = new LinkedHashMap<>();
    ((Map<String, Map<String, Object>>) meta.getOrDefault("parameters", Map.of()))
        .forEach((name, spec) -> params.put(name, new ParameterSpec(name,
            (String) spec.get("type"), Boolean.TRUE.equals(spec.get("required")),
            spec.get("default"), null, Boolean.TRUE.equals(spec.get("immutable")),
            Boolean.TRUE.equals(spec.get("secret")), (Integer) spec.get("position"),
            (String) spec.get("description"), spec)));
    return new ActionDef("core", (String) meta.get("name"), (String) meta.get("description"),
        (String) meta.get("runner_type"), (String) meta.get("entry_point"), true, params,
        Map.of(), corePack(), file);
  }

  @Test
  void packDeclaresItselfAsCore() throws IOException {
    assertThat(read(corePack().resolve("pack.yaml"))).containsEntry("ref", "core")
        .containsEntry("name", "core").containsKeys("description", "version", "author");
  }

  @Test
  void everyActionIsNamedAfterItsFileAndUsesABuiltinRunner() throws IOException {
    List<Path> files = actionFiles(corePack());
    assertThat(files).extracting(f -> f.getFileName().toString()).contains("local.yaml",
        "noop.yaml", "echo.yaml", "http.yaml");
    for (Path file : files) {
      ActionDef action = load(file);
      assertThat(action.name() + ".yaml").isEqualTo(file.getFileName().toString());
      assertThat(runners).containsKey(action.runnerType());
      assertThat(action.description()).isNotBlank();
      if (action.runnerType().equals("local-shell-script")) {
        assertThat(LocalShellScriptRunner.resolve(action)).isExecutable();
      } else {
        assertThat(action.entryPoint()).isEmpty();
      }
    }
  }

  @Test
  void echoCannotBeTurnedIntoAnArbitraryCommand() throws IOException {
    ParameterSpec cmd = load(corePack().resolve("actions/echo.yaml")).parameters().get("cmd");

    assertThat(cmd.immutable()).isTrue();
    assertThat(cmd.defaultValue()).isEqualTo("echo {{message}}");
  }

  @Test
  void coreLocalRunsACommand() throws IOException {
    ActionDef local = load(corePack().resolve("actions/local.yaml"));

    RunnerResult r = runners.get(local.runnerType()).run(new RunContext("5f00000000000000000000aa",
        local, Map.of("cmd", "echo hi", "sudo", false), Map.of(), OutputSink.DISCARD));

    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(r.result()).containsEntry("stdout", "hi");
  }

  @Test
  void coreRemoteRunsOnEveryHostAndRemoteSudoCannotBeTurnedOff(@TempDir Path dir) throws Exception {
    ActionDef remote = load(corePack().resolve("actions/remote.yaml"));
    ActionDef remoteSudo = load(corePack().resolve("actions/remote_sudo.yaml"));
    assertThat(remote.parameters().get("sudo").immutable()).isTrue();
    assertThat(remoteSudo.parameters().get("sudo").immutable()).isTrue();
    assertThat(remoteSudo.parameters().get("sudo").defaultValue()).isEqualTo(true);

    try (SshdServer sshd = SshdServer.start(dir, 2);
        SshConnections toSshd = new SshConnections(sshd.settings())) {
      RunnerResult r = BuiltinRunners.create(RunnerSettings.defaults(), toSshd)
          .get(remote.runnerType()).run(new RunContext("5f00000000000000000000ac", remote,
              Map.of("cmd", "echo hi", "sudo", false, "hosts", sshd.hosts(), "timeout", 30),
              Map.of(), OutputSink.DISCARD));

      assertThat(r.status()).as("%s", r.result()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(r.result()).hasSize(2).allSatisfy((host, one) ->
          assertThat((Map<String, Object>) one).containsEntry("stdout", "hi"));
    }
  }

  @Test
  void theRemoteAliasParsesACommandAndItsHosts() {
    LoadedPack core = new PackLoader().load(corePack());
    assertThat(core.problems()).isEmpty();
    AliasMatcher matcher = new AliasMatcher();
    core.aliases().forEach(matcher::put);

    AliasMatch match = matcher.match("run uptime -p on web1,web2:2222");

    assertThat(match.alias().actionRef()).isEqualTo("core.remote");
    assertThat(match.parameters()).containsEntry("cmd", "uptime -p")
        .containsEntry("hosts", "web1,web2:2222");
  }

  @Test
  void corePauseWaitsThroughTheScriptRunner() throws IOException {
    ActionDef pause = load(corePack().resolve("actions/pause.yaml"));
    Map<String, Object> params = new HashMap<>(Map.of("max_pause", 0, "random", false,
        "timeout", 600));

    RunnerResult r = runners.get(pause.runnerType()).run(new RunContext(
        "5f00000000000000000000ab", pause, params, Map.of(), OutputSink.DISCARD));

    assertThat(r.status()).as("%s", r.result()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(r.result()).containsEntry("stdout", "paused for 0 seconds");
  }

  @Test
  @SuppressWarnings("unchecked")
  void matchesStackStormsCoreParameterNamesAndTypes() throws IOException {
    Path st2Core = StackStormCorpus.requirePack("core");
    for (Path ours : actionFiles(corePack())) {
      Path theirs = st2Core.resolve("actions").resolve(ours.getFileName());
      if (!Files.exists(theirs)) {
        continue;
      }
      Map<String, Map<String, Object>> mine =
          (Map<String, Map<String, Object>>) read(ours).getOrDefault("parameters", Map.of());
      Map<String, Map<String, Object>> st2 =
          (Map<String, Map<String, Object>>) read(theirs).getOrDefault("parameters", Map.of());
      st2.forEach((name, spec) -> {
        if (OMITTED.contains(name)) {
          return;
        }
        assertThat(mine).as("%s: parameter %s", ours.getFileName(), name).containsKey(name);
        if (spec.get("type") != null) {
          assertThat(mine.get(name).get("type")).as("%s: type of %s", ours.getFileName(), name)
              .isEqualTo(spec.get("type"));
        }
      });
      Object theirRunner = read(theirs).get("runner_type");
      if (!"python-script".equals(theirRunner)) { // Squall replaces core's Python actions
        assertThat(read(ours).get("runner_type")).as("%s runner", ours.getFileName())
            .isEqualTo(theirRunner);
      }
    }
  }
}
