package dev.squall.engine.runner;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway OpenSSH server ({@code sshd -D -f <config>}) on loopback ports, with its own host
 * key, a client key that may log in as the test's user, and a {@code known_hosts} naming each port
 * as its own host. Each port is one "host" of a multi-host test. Needs Debian's
 * {@code openssh-server}: the test is skipped without it, unless {@code SQUALL_REQUIRE_ALL=1}.
 */
public final class SshdServer implements AutoCloseable {

  public static final String HOST = "127.0.0.1";
  private static final Path SSHD = Path.of("/usr/sbin/sshd");

  private final Path dir;
  private final List<Integer> ports = new ArrayList<>();
  private final Process process;
  private final Thread shutdownHook;

  private SshdServer(Path dir, int portCount) throws IOException, InterruptedException {
    this.dir = Files.createDirectories(dir);
    keygen(dir.resolve("host_key"));
    keygen(dir.resolve("client_key"));
    Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
    StringBuilder config = new StringBuilder();
    for (int i = 0; i < portCount; i++) {
      int port = freePort();
      ports.add(port);
      config.append("Port ").append(port).append('\n');
    }
    config.append("ListenAddress ").append(HOST).append('\n')
        .append("HostKey ").append(dir.resolve("host_key")).append('\n')
        .append("AuthorizedKeysFile ").append(dir.resolve("authorized_keys")).append('\n')
        .append("""
            PidFile none
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            MaxStartups 200
            LogLevel VERBOSE
            """);
    Files.writeString(dir.resolve("sshd_config"), config);
    StringBuilder known = new StringBuilder();
    String hostKey = Files.readString(dir.resolve("host_key.pub")).strip();
    for (int port : ports) {
      known.append("[").append(HOST).append("]:").append(port).append(' ').append(hostKey).append('\n');
    }
    Files.writeString(dir.resolve("known_hosts"), known);
    if ("root".equals(System.getProperty("user.name"))) {
      Files.createDirectories(Path.of("/run/sshd")); // privilege separation needs it, as root
    }
    process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f",
        dir.resolve("sshd_config").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
        .start();
    shutdownHook = new Thread(process::destroyForcibly, "sshd-killer");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int port : ports) {
      while (!accepts(port)) {
        if (!process.isAlive()) {
          fail("sshd exited with " + process.exitValue() + ": " + Files.readString(log()));
        }
        if (System.nanoTime() > until) {
          fail("sshd does not listen on " + port + ": " + Files.readString(log()));
        }
        Thread.sleep(50);
      }
    }
  }

  /** Starts sshd on {@code portCount} ports, or skips the test when it is not installed. */
  public static SshdServer start(Path dir, int portCount) throws IOException, InterruptedException {
    boolean present = Files.isExecutable(SSHD);
    String missing = "sshd not found at " + SSHD + ": install Debian package openssh-server";
    if ("1".equals(System.getenv("SQUALL_REQUIRE_ALL"))) {
      if (!present) {
        fail(missing + " (SQUALL_REQUIRE_ALL=1 forbids skipping)");
      }
    } else {
      Assumptions.assumeTrue(present, missing);
    }
    return new SshdServer(dir, portCount);
  }

  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** {@code 127.0.0.1:p1,127.0.0.1:p2,…}: every port as a host. */
  public String hosts() {
    return String.join(",", ports.stream().map(p -> HOST + ":" + p).toList());
  }

  public Path clientKey() {
    return dir.resolve("client_key");
  }

  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  /** What {@code ssh-keygen -l} says of the host key: {@code SHA256:…}. */
  public String hostKeyFingerprint() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ssh-keygen", "-l", "-f", dir.resolve("host_key.pub").toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out.split(" ")[1];
  }

  /** Settings that log in with the client key and know this server's host key. */
  public SshSettings settings() {
    return SshSettings.defaults().withKeyFile(clientKey()).withKnownHosts(knownHosts(), Set.of());
  }

  public Path log() {
    return dir.resolve("sshd.log");
  }

  /** How many logins sshd has accepted so far. */
  public long logins() throws IOException {
    return Files.readAllLines(log()).stream().filter(l -> l.contains("Accepted publickey")).count();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalStateException e) {
      // the JVM is shutting down and runs the hook itself
    }
  }

  private static void keygen(Path key) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f",
        key.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      fail("ssh-keygen failed: " + out);
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
