package dev.squall.server;

import dev.squall.cli.CliEnvironment;
import dev.squall.core.config.Config;
import dev.squall.server.log.LogFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "start",
    description = {
        "Start the Squall server: the API on http://127.0.0.1:9101, the execution engine and",
        "the bot, with the embedded store under $SQUALL_HOME (default ~/.squall).",
        "Stops cleanly on Ctrl-C, SIGTERM or `squall stop`. Logs go to stderr and to",
        "$SQUALL_HOME/logs/squall.log (rotated daily and at 10 MB).",
        "",
        "Example: squall start --port 9200"})
final class StartCommand implements Callable<Integer> {

  private static volatile boolean serving;

  private final CliEnvironment env;

  @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default $SQUALL_HOME/squall.yaml)")
  Path config;

  @Option(names = "--port", description = "API port (config server.port, default 9101)")
  Integer port;

  @Option(names = "--host", description = "address to bind (config server.host, default 127.0.0.1)")
  String host;

  StartCommand(CliEnvironment env) {
    this.env = env;
  }

  static boolean isServing() {
    return serving;
  }

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> vars = new HashMap<>(env.env());
    if (port != null) {
      vars.put(Config.envName("server.port"), String.valueOf(port));
    }
    if (host != null) {
      vars.put(Config.envName("server.host"), host);
    }
    Config loaded = Config.load(config, vars);
    Path logFile = LogFiles.install(loaded.home());
    Squall squall = Squall.start(loaded, env.out());
    serving = true;
    Path pidFile = PidFile.write(loaded.home());
    if (ServerSettings.from(loaded).console()) {
      env.out().println("The terminal is the console chat now; the log goes to " + logFile);
      LogFiles.quietTerminal();
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      squall.close();
      PidFile.remove(pidFile);
      stopped.countDown();
    }, "squall-shutdown"));
    stopped.await();
    return 0;
  }
}
