package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "login",
    description = {
        "Log in and store the token in $SQUALL_HOME/token (mode 600) for later commands.",
        "The password is read from SQUALL_PASSWORD, --password-stdin, or asked for."})
final class LoginCommand implements Callable<Integer> {

  private final CliEnvironment env;

  @Parameters(paramLabel = "USER") String user;
  @Option(names = "--password-stdin", description = "read the password from standard input") boolean stdin;
  @Option(names = "--ttl", description = "token lifetime in seconds (default: the server's)") Integer ttl;

  LoginCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws IOException {
    JsonNode token = env.api().login(user, password(), ttl);
    TokenFile.write(env.tokenFile(), token.path("token").asText());
    env.out().println("logged in as " + user + "; token valid until " + token.path("expiry").asText());
    return 0;
  }

  private String password() throws IOException {
    String p = Passwords.given(env, stdin);
    if (p != null) {
      return p;
    }
    char[] chars = Passwords.terminal().readPassword("password for %s: ", user);
    return chars == null ? "" : new String(chars);
  }
}
