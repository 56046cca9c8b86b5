package dev.squall.chat.irc;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway ngircd on 127.0.0.1 for tests: {@code try (var irc = NgircdServer.start(tempDir))}.
 * It can be stopped and started again on the same port to exercise reconnects. The process is
 * killed on {@link #close()} and, as a last resort, by a JVM shutdown hook.
 *
 * <p>When ngircd is not installed the calling test is skipped, naming the Debian package; with
 * {@code SQUALL_REQUIRE_ALL=1} it fails instead.
 */
public final class NgircdServer implements AutoCloseable {

  public static final String HOST = "127.0.0.1";
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
  private final int port;
  private final int tlsPort;
  private final Thread shutdownHook;
  private Process process;

  private NgircdServer(Path binary, Path dir, Options options, int port, int tlsPort) {
    this.binary = binary;
    this.dir = dir;
    this.options = options;
    this.port = port;
    this.tlsPort = tlsPort;
    this.shutdownHook = new Thread(this::kill, "ngircd-killer");
  }

  /** Starts ngircd with a config in {@code dir}, or skips the test when it is not installed. */
  public static NgircdServer start(Path dir) throws IOException {
    return start(dir, Options.PLAIN);
  }

  public static NgircdServer start(Path dir, Options options) throws IOException {
    Path binary = requireBinary();
    NgircdServer server = new NgircdServer(binary, dir, options, freePort(), options.tls() ? freePort() : 0);
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    try {
      server.writeConfig();
      server.start();
    } catch (IOException | RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  public int port() {
    return port;
  }

  /** The TLS port; 0 unless started with {@code Options.tls}. */
  public int tlsPort() {
    return tlsPort;
  }

  /** (Re)starts the process on the same port and waits until it accepts connections. */
  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    process = new ProcessBuilder(binary.toString(), "--nodaemon", "--config", dir.resolve("ngircd.conf").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("ngircd.log").toFile()))
        .start();
    Process started = process;
    await("ngircd listening on " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          if (!started.isAlive()) {
            fail("ngircd exited with " + started.exitValue() + ": " + Files.readString(dir.resolve("ngircd.log")));
          }
          return accepts();
        });
  }

  /** Kills the server; clients see their connections drop. */
  public synchronized void stop() {
    kill();
    await("port " + port + " closed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> !accepts());
  }

  public void restart() throws IOException {
    stop();
    start();
  }

  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and runs the hook itself.
    }
  }

  private synchronized void kill() {
    Process p = process;
    if (p == null) {
      return;
    }
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void writeConfig() throws IOException {
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
        """.formatted(HOST, port);
  }

  static Path requireBinary() {
    Path found = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
    String message = "ngircd is not installed (looked in " + CANDIDATES
        + "); install the Debian package 'ngircd' to run the IRC tests against a real server";
    if ("1".equals(System.getenv("SQUALL_REQUIRE_ALL"))) {
      if (found == null) {
        fail(message + " (SQUALL_REQUIRE_ALL=1 forbids skipping)");
      }
    } else {
      Assumptions.assumeTrue(found != null, message);
    }
    return found;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
