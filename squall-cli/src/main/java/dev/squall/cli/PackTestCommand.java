package dev.squall.cli;

import dev.squall.core.alias.ActionAlias;
import dev.squall.core.alias.AliasMatch;
import dev.squall.core.alias.AliasMatcher;
import dev.squall.core.error.SquallException;
import dev.squall.core.pack.LoadedPack;
import dev.squall.core.pack.PackLoader;
import dev.squall.core.yaml.YamlDocument;
import dev.squall.core.yaml.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "test",
    description = {
        "Offline: run the alias tests a pack declares in tests/aliases.yaml, with the server's",
        "matcher. Each test names a command, the alias it must match and the parameters it must",
        "give; exit 1 when any fails.",
        "",
        "tests/aliases.yaml:",
        "  - command: \"deploy web to prod\"",
        "    alias: deploy            # name or pack.name",
        "    parameters: {app: web, env: prod}"})
final class PackTestCommand implements Callable<Integer> {

  private final CliEnvironment env;

  @Parameters(paramLabel = "DIR", description = "the pack folder") Path dir;

  PackTestCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    LoadedPack pack = new PackLoader().load(dir);
    pack.problems().stream().filter(p -> p.isError()).forEach(p -> env.err().println(p));
    Path file = dir.resolve("tests/aliases.yaml");
    if (!Files.isRegularFile(file)) {
      throw new CliException(file + " does not exist: nothing to test", 2);
    }
    AliasMatcher matcher = new AliasMatcher();
    matcher.replacePack(pack.pack().ref(), pack.aliases())
        .forEach(r -> env.err().println(r.alias().metadataFile() + ": " + r.reason()));
    YamlDocument doc = YamlReader.readOrBadRequest(file);
    if (!(doc.root() instanceof List<?> tests)) {
      throw new CliException(file + ": must be a list of {command, alias, parameters}", 2);
    }
    int failed = 0;
    for (int i = 0; i < tests.size(); i++) {
      String where = file + ":" + doc.lineOf(i);
      if (!(tests.get(i) instanceof Map<?, ?> t) || !(t.get("command") instanceof String command)) {
        env.out().println("FAIL " + where + ": a test needs a 'command'");
        failed++;
        continue;
      }
      String problem = check(matcher, pack.pack().ref(), command, t.get("alias"), t.get("parameters"));
      env.out().println((problem == null ? "ok   " : "FAIL ") + where + ": " + command
          + (problem == null ? "" : " — " + problem));
      failed += problem == null ? 0 : 1;
    }
    env.out().printf("%d test(s), %d failed%n", tests.size(), failed);
    return failed == 0 ? 0 : 1;
  }

  private static String check(AliasMatcher matcher, String pack, String command, Object alias, Object expected) {
    AliasMatch m;
    try {
      m = matcher.match(command);
    } catch (SquallException e) {
      return e.getMessage();
    }
    ActionAlias got = m.alias();
    if (alias != null && !alias.equals(got.name()) && !alias.equals(got.ref()) && !(pack + "." + alias).equals(got.ref())) {
      return "matched " + got.ref() + ", expected " + alias;
    }
    if (expected instanceof Map<?, ?> want) {
      Map<String, String> params = m.parameters();
      Map<String, String> wanted = new LinkedHashMap<>();
      want.forEach((k, v) -> wanted.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
      for (var e : wanted.entrySet()) {
        if (!Objects.equals(params.get(e.getKey()), e.getValue())) {
          return "parameter " + e.getKey() + " is " + (params.containsKey(e.getKey())
              ? "\"" + params.get(e.getKey()) + "\"" : "missing") + ", expected \"" + e.getValue() + "\"";
        }
      }
    }
    return null;
  }
}
