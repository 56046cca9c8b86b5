package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/** Every command of the whole tree (the server's {@code start} included) answers {@code --help}. */
class EveryCommandHelpTest {

  @TestFactory
  Stream<DynamicTest> helpExitsZeroAndDescribesTheCommand() {
    CliEnvironment probe = environment(new ByteArrayOutputStream());
    List<List<String>> paths = new ArrayList<>();
    collect(SquallCli.commandLine(probe, new StartCommand(probe), new StopCommand(probe)), new ArrayList<>(), paths);
    assertThat(paths).hasSizeGreaterThan(40);
    return paths.stream().flatMap(path -> Stream.of("--help", "-h").map(flag ->
        DynamicTest.dynamicTest(String.join(" ", path) + " " + flag, () -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          CliEnvironment env = environment(out);
          List<String> args = new ArrayList<>(path);
          args.add(flag);
          int code = SquallCli.commandLine(env, new StartCommand(env), new StopCommand(env)).execute(args.toArray(String[]::new));
          String help = out.toString(StandardCharsets.UTF_8);
          assertThat(code).as(help).isZero();
          assertThat(help).startsWith("Usage: squall" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
          List<String> lines = help.lines().toList();
          assertThat(lines.size()).as(help).isGreaterThan(1);
          assertThat(lines.get(1)).as("the description line of " + path).isNotBlank()
              .doesNotStartWith("  -");
        })));
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
    if (command.getCommandSpec().name().equals("help")) {
      return; // picocli's own help command prints the help of its argument
    }
    paths.add(List.copyOf(path));
    for (var sub : command.getCommandSpec().subcommands().entrySet()) {
      if (!sub.getKey().equals(sub.getValue().getCommandName())) {
        continue; // an alias of a command already visited
      }
      List<String> child = new ArrayList<>(path);
      child.add(sub.getKey());
      collect(sub.getValue(), child, paths);
    }
  }

  private static CliEnvironment environment(ByteArrayOutputStream out) {
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    return new CliEnvironment(Map.of("SQUALL_HOME", "/nonexistent-squall-home"), print, print);
  }
}
