package dev.squall.cli;

import dev.squall.core.alias.ActionAlias;
import dev.squall.core.alias.AliasMatcher;
import dev.squall.core.error.SquallException;
import dev.squall.core.pack.CrossReferences;
import dev.squall.core.pack.LoadResult;
import dev.squall.core.pack.LoadedPack;
import dev.squall.core.pack.PackLoader;
import dev.squall.core.problem.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "validate",
    description = {
        "Check pack folders offline, without a server: every problem is printed as",
        "file:line: severity: message. Exit code 1 when there is any error (warnings, such as an",
        "action whose runner Squall does not support yet, do not fail).",
        "",
        "Example: squall pack validate ./packs/mypack"})
final class PackValidateCommand implements Callable<Integer> {

  private final CliEnvironment env;

  @Parameters(paramLabel = "DIR", arity = "1..*", description = "pack folders (with pack.yaml), or with --corpus folders of packs")
  List<Path> dirs;

  @Option(names = "--corpus", description = "treat each DIR as a folder holding many packs")
  boolean corpus;

  @Option(names = {"-q", "--quiet"}, description = "print errors only, not warnings")
  boolean quiet;

  PackValidateCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PackLoader loader = new PackLoader();
    List<LoadedPack> packs = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        throw new CliException(dir + " is not a folder", 2);
      }
      if (corpus) {
        LoadResult r = loader.loadAll(List.of(dir));
        packs.addAll(r.packs());
        problems.addAll(r.problems());
      } else {
        LoadedPack p = loader.load(dir);
        packs.add(p);
        problems.addAll(p.problems());
      }
    }
    for (LoadedPack p : packs) {
      for (ActionAlias alias : p.aliases()) {
        try {
          AliasMatcher.validate(alias);
        } catch (SquallException e) {
          problems.add(Problem.error(alias.metadataFile(), 0, e.getMessage()));
        }
      }
    }
    problems.addAll(CrossReferences.check(packs, false));
    long errors = problems.stream().filter(Problem::isError).count();
    for (Problem p : problems) {
      if (p.isError() || !quiet) {
        (p.isError() ? env.err() : env.out()).println(p);
      }
    }
    int actions = packs.stream().mapToInt(p -> p.actions().size()).sum();
    int aliases = packs.stream().mapToInt(p -> p.aliases().size()).sum();
    int schemas = (int) packs.stream().filter(p -> !p.configSchema().isEmpty()).count();
    int sensors = packs.stream().mapToInt(p -> p.sensors().size()).sum();
    env.out().printf("%d pack(s), %d action(s), %d alias(es), %d sensor(s), %d config schema(s): %d error(s), %d warning(s)%n",
        packs.size(), actions, aliases, sensors, schemas, errors, problems.size() - errors);
    return errors == 0 ? 0 : 1;
  }
}
