package dev.squall.chat;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
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
 * A throwaway chat server process on {@link #HOST} for tests. It can be stopped and started again
 * on the same port to exercise reconnects. The process is killed on {@link #close()} and, as a last
 * resort, by a JVM shutdown hook. A subclass writes the config and names the command line.
 */
public abstract class ServerProcess implements AutoCloseable {

  public static final String HOST = "127.0.0.1";

  private final String program;
  private final int port;
  private final Path output;
  private final Thread shutdownHook;
  private Process process;

  /**
   * @param program the server's name in messages and thread names, e.g. {@code ngircd}
   * @param output the file its stdout and stderr are appended to
   */
  protected ServerProcess(String program, int port, Path output) {
    this.program = program;
    this.port = port;
    this.output = output;
    this.shutdownHook = new Thread(this::kill, program + "-killer");
  }

  /** The server's command line. */
  protected abstract List<String> command();

  /** Writes the server's configuration, before the first start. */
  protected abstract void writeConfig() throws IOException;

  /** Registers the shutdown hook, writes the config and starts; closes the server if that fails. */
  protected final void launch() throws IOException {
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      writeConfig();
      start();
    } catch (IOException | RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  public int port() {
    return port;
  }

  /** (Re)starts the process on the same port and waits until it accepts connections. */
  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    process = new ProcessBuilder(command())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
        .start();
    Process started = process;
    await(program + " listening on " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          if (!started.isAlive()) {
            fail(program + " exited with " + started.exitValue() + ": " + Files.readString(output));
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

  /**
   * The first executable candidate. When there is none the calling test is skipped with
   * {@code missing} (which should name the Debian package); with {@code SQUALL_REQUIRE_ALL=1} it
   * fails instead.
   */
  protected static Path requireBinary(List<Path> candidates, String missing) {
    Path found = candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    if ("1".equals(System.getenv("SQUALL_REQUIRE_ALL"))) {
      if (found == null) {
        fail(missing + " (SQUALL_REQUIRE_ALL=1 forbids skipping)");
      }
    } else {
      Assumptions.assumeTrue(found != null, missing);
    }
    return found;
  }

  /** A port on {@link #HOST} that nothing listens on right now. */
  protected static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
