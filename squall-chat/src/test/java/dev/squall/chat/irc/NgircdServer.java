package dev.squall.chat.irc;

import dev.squall.chat.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throwaway ngircd on 127.0.0.1 for tests: {@code try (var irc = NgircdServer.start(tempDir))}.
 * It can be stopped and started again on the same port to exercise reconnects. The process is
 * killed on {@link #close()} and, as a last resort, by a JVM shutdown hook.
 *
 * <p>When ngircd is not installed the calling test is skipped, naming the Debian package; with
 * {@code SQUALL_REQUIRE_ALL=1} it fails instead.
 */
public final class NgircdServer extends ServerProcess {

  private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/ngircd"), Path.of("/usr/bin/ngircd"),
      Path.of("/usr/local/sbin/ngircd"));

  /**
   * @param password the server password clients must send with PASS, or null
   * @param tls also listen with TLS on {@link #tlsPort()}, using a fresh self-signed certificate
   */
  public record Options(String password, boolean tls) {
    public static final Options PLAIN = new Options(null, false);
  }

  private final Path binary;
  private final Path dir;
  private final Options options;
  private final int tlsPort;

  private NgircdServer(Path binary, Path dir, Options options, int port, int tlsPort) {
    super("ngircd", port, dir.resolve("ngircd.log"));
    this.binary = binary;
    this.dir = dir;
    this.options = options;
    this.tlsPort = tlsPort;
  }

  /** Starts ngircd with a config in {@code dir}, or skips the test when it is not installed. */
  public static NgircdServer start(Path dir) throws IOException {
    return start(dir, Options.PLAIN);
  }

  public static NgircdServer start(Path dir, Options options) throws IOException {
    Path binary = requireBinary(CANDIDATES, "ngircd is not installed (looked in " + CANDIDATES
        + "); install the Debian package 'ngircd' to run the IRC tests against a real server");
    NgircdServer server = new NgircdServer(binary, dir, options, freePort(), options.tls() ? freePort() : 0);
    server.launch();
    return server;
  }

  /** The TLS port; 0 unless started with {@code Options.tls}. */
  public int tlsPort() {
    return tlsPort;
  }

  public void restart() throws IOException {
    stop();
    start();
  }

  @Override
  protected List<String> command() {
    return List.of(binary.toString(), "--nodaemon", "--config", dir.resolve("ngircd.conf").toString());
  }

  @Override
  protected void writeConfig() throws IOException {
    // ngircd refuses to keep root and drops to "nobody" by itself, after reading this file and
    // binding the port; it needs no PID file, MOTD file, PAM, ident or DNS.
    String password = options.password() == null ? "" : "Password = " + options.password() + "\n";
    String tls = "";
    if (options.tls()) {
      SelfSignedCertificate.writePem(dir, "irc.test");
      tls = "[SSL]\nCertFile = %s\nKeyFile = %s\nPorts = %d\n".formatted(
          dir.resolve("cert.pem"), dir.resolve("key.pem"), tlsPort);
    }
    Files.writeString(dir.resolve("ngircd.conf"), base().replace("[Limits]", password + "[Limits]") + tls);
  }

  private String base() {
    return """
        [Global]
        Name = irc.test
        Info = Squall test server
        Listen = %s
        Ports = %d
        MotdPhrase = Squall test server
        AdminInfo1 = Squall tests
        AdminInfo2 = localhost
        AdminEMail = nobody@localhost
        [Limits]
        MaxNickLength = 30
        [Options]
        PAM = no
        Ident = no
        DNS = no
        """.formatted(HOST, port());
  }
}
