package dev.squall.cli;

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

  public static final String DEFAULT_API_URL = "http://127.0.0.1:9101";

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

  /** {@code $SQUALL_HOME}, else {@code ~/.squall}. */
  public Path home() {
    String h = env.get("SQUALL_HOME");
    return h != null && !h.isBlank()
        ? Path.of(h).toAbsolutePath()
        : Path.of(System.getProperty("user.home"), ".squall");
  }

  public Path tokenFile() {
    return home().resolve("token");
  }

  public URI apiUrl() {
    String url = env.getOrDefault("SQUALL_API_URL", DEFAULT_API_URL);
    return URI.create(url.endsWith("/") ? url : url + "/");
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
