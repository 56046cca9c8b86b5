package dev.squall.cli;

import dev.squall.core.config.Config;
import dev.squall.core.error.SquallException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every command needs from its surroundings: the environment, the output streams and the API
 * client. Passed in rather than read from globals so that tests can run commands in-process.
 */
public final class CliEnvironment {

  public static final int DEFAULT_PORT = 9101;
  public static final String DEFAULT_API_URL = "http://127.0.0.1:" + DEFAULT_PORT;

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private ApiClient client;

  public CliEnvironment(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
  }

  public Map<String, String> env() {
    return env;
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  /** Whether a person watches: the process has a terminal (never true for in-process tests). */
  public boolean terminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try { // JDK 22+ returns a console even when redirected; isTerminal() says whether it is one
      return (boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException onJdk21) {
      return true;
    }
  }

  /** {@code $SQUALL_HOME}, else {@code ~/.squall}. */
  public Path home() {
    return Config.homeFrom(env);
  }

  public Path tokenFile() {
    return home().resolve("token");
  }

  /**
   * {@code SQUALL_API_URL}, else the address the server on this machine listens on: {@code
   * server.host} and {@code server.port} from {@code squall.yaml} or their environment variables
   * ({@code SQUALL_SERVER_HOST}, {@code SQUALL_SERVER_PORT}), as {@code squall start} reads them.
   */
  public URI apiUrl() {
    String url = env.get("SQUALL_API_URL");
    if (url == null || url.isBlank()) {
      url = localServerUrl();
    }
    return URI.create(url.endsWith("/") ? url : url + "/");
  }

  private String localServerUrl() {
    Config config;
    try {
      config = Config.load(null, env);
    } catch (SquallException e) {
      throw new CliException(e.getMessage() + " (set SQUALL_API_URL to reach a server without it)", 2);
    }
    String host = config.string("server.host", "127.0.0.1");
    if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
      host = "127.0.0.1"; // listening everywhere includes the loopback
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + config.integer("server.port", DEFAULT_PORT);
  }

  /** The API client, with the credential the environment or the token file provides. */
  public synchronized ApiClient api() {
    if (client == null) {
      String apiKey = env.get("SQUALL_API_KEY");
      String token = env.get("SQUALL_AUTH_TOKEN");
      if (apiKey == null && token == null && Files.isReadable(tokenFile())) {
        try {
          token = Files.readString(tokenFile()).trim();
        } catch (IOException e) {
          throw new CliException("cannot read " + tokenFile() + ": " + e.getMessage(), 2);
        }
      }
      client = new ApiClient(apiUrl(), token, apiKey);
    }
    return client;
  }
}
