package dev.squall.cli;

import dev.squall.core.error.SquallException;
import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code squall} command line. Most commands are clients of a running server's API; a few
 * ({@code pack validate}, {@code alias parse}) work offline on files. The server module adds
 * {@code start}.
 */
@Command(
    name = "squall",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT, // every subcommand has -h/--help (and -V)
    versionProvider = SquallCli.Version.class,
    description = {
        "Event-driven automation with ChatOps.",
        "",
        "Most commands talk to a running server: SQUALL_API_URL, else the server.host and server.port",
        "that `squall start` reads (squall.yaml, SQUALL_SERVER_HOST, SQUALL_SERVER_PORT; default "
            + CliEnvironment.DEFAULT_API_URL + "),",
        "with the token in $SQUALL_HOME/token, or SQUALL_AUTH_TOKEN / SQUALL_API_KEY."},
    subcommands = {
        RunCommand.class,
        ExecutionCommand.class,
        ActionCommand.class,
        PackCommand.class,
        LoginCommand.class,
        AliasCommand.class,
        KeyCommand.class,
        ConfigCommand.class,
        RuleCommand.class,
        PolicyCommand.class,
        InquiryCommand.class,
        TriggerCommand.class,
        SensorCommand.class,
        ApiKeyCommand.class,
        UserCommand.class,
        RbacCommand.class,
        ChatCommand.class,
        PurgeCommand.class,
        AuditCommand.class,
        WorkflowCommand.class,
        CommandLine.HelpCommand.class})
public final class SquallCli {

  /** Builds the command line; {@code extra} are more top-level commands (the server's). */
  public static CommandLine commandLine(CliEnvironment environment, Object... extra) {
    CommandLine cl = new CommandLine(new SquallCli(), new Factory(environment));
    for (Object sub : extra) {
      cl.addSubcommand(sub);
    }
    cl.setUsageHelpWidth(100); // our descriptions are written in lines of up to 100 characters
    CommandListHelp.install(cl);
    cl.setOut(new java.io.PrintWriter(environment.out(), true));
    cl.setErr(new java.io.PrintWriter(environment.err(), true));
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof CliException ce) {
        environment.err().println("error: " + ce.getMessage());
        return ce.exitCode();
      }
      if (e instanceof SquallException se) { // bad input, such as a mistake in squall.yaml
        environment.err().println("error: " + se.getMessage());
        return 1;
      }
      throw e;
    });
    return cl;
  }

  /** Creates commands, handing the environment to those whose constructor takes it. */
  private record Factory(CliEnvironment environment) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      for (Constructor<?> c : cls.getDeclaredConstructors()) {
        if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == CliEnvironment.class) {
          c.setAccessible(true);
          return cls.cast(c.newInstance(environment));
        }
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SquallCli.class.getPackage().getImplementationVersion();
      return new String[] {"squall " + (v == null ? "dev" : v)};
    }
  }
}
