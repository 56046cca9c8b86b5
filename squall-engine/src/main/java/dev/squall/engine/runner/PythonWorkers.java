package dev.squall.engine.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Warm Python workers: one fork server ({@code python/squall_fork_server.py}) per interpreter,
 * i.e. per pack virtualenv, that has imported the wrapper and the compatibility package once and
 * forks one child per execution. A worker starts on its interpreter's first execution, starts
 * again when it died or its virtualenv was remade, and stops after {@code idleTimeout} without
 * executions. Where forking is not possible (not Linux or macOS, turned off, or the worker cannot
 * start) {@link #fork} is empty and the caller starts the plain process.
 */
final class PythonWorkers implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PythonWorkers.class.getName());

  /** How long a worker may take to import what it preloads. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** After a worker failed to start, executions run plainly this long before it is tried again. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private static final int MAX_SOCKET_PATH = 100; // sun_path holds 108 bytes on Linux, 104 on macOS

  private final RunnerSettings settings;
  private final PythonFiles files;
  private final boolean enabled;
  private final Duration idleTimeout;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong ids = new AtomicLong();
  private final Map<String, Worker> workers = new HashMap<>();
  private final Map<String, Long> failedAt = new HashMap<>();
  private Path socketDir;
  private Thread reaper;

  /**
   * @param enabled {@code python.warm_workers}; forking also needs Linux or macOS
   * @param idleTimeout {@code python.worker_idle_timeout}; zero: workers never stop for idleness
   */
  PythonWorkers(RunnerSettings settings, PythonFiles files, boolean enabled, Duration idleTimeout) {
    this.settings = settings;
    this.files = files;
    this.enabled = enabled && forkingPossible();
    this.idleTimeout = idleTimeout;
  }

  private static boolean forkingPossible() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    return os.startsWith("linux") || os.startsWith("mac");
  }

  /**
   * A child of {@code interpreter}'s worker running the wrapper with {@code args}, waiting for
   * {@link ForkedProcess#release()}; empty when the plain process must run it instead.
   *
   * @param version what the interpreter's virtualenv was made from: a worker of another version
   *     is stopped and a new one started
   */
  Optional<ForkedProcess> fork(String interpreter, String version, List<String> args,
      Map<String, String> env, Path cwd) {
    if (!enabled) {
      return Optional.empty();
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      Worker worker = worker(interpreter, version);
      if (worker == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(worker.fork(args, env, cwd));
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          return Optional.empty(); // canceled meanwhile (which closed our sockets): not its fault
        }
        // It died since (or meanwhile): the next attempt starts a new one.
        LOG.log(System.Logger.Level.WARNING, "the Python worker for " + interpreter
            + " did not fork (" + e.getMessage() + "); starting a new one");
        retire(interpreter, worker);
      }
    }
    return Optional.empty();
  }

  private synchronized Worker worker(String interpreter, String version) {
    Worker worker = workers.get(interpreter);
    if (worker != null && worker.server.isAlive() && worker.version.equals(version)) {
      return worker;
    }
    if (worker != null) {
      workers.remove(interpreter);
      worker.stop();
    }
    Long failed = failedAt.get(interpreter);
    if (failed != null && System.nanoTime() - failed < RETRY_AFTER.toNanos()) {
      return null;
    }
    try {
      worker = start(interpreter, version);
    } catch (IOException e) {
      failedAt.put(interpreter, System.nanoTime());
      LOG.log(System.Logger.Level.WARNING, "no warm Python worker for " + interpreter
          + ": Python actions start a fresh interpreter each for " + RETRY_AFTER.toSeconds()
          + " s: " + e.getMessage());
      return null;
    }
    failedAt.remove(interpreter);
    workers.put(interpreter, worker);
    if (reaper == null && !idleTimeout.isZero()) {
      reaper = Thread.ofVirtual().name("squall-python-workers-idle").start(this::stopIdle);
    }
    return worker;
  }

  private synchronized void retire(String interpreter, Worker worker) {
    workers.remove(interpreter, worker);
    worker.stop();
  }

  /** The workers' server pids, by interpreter (what runs now). */
  synchronized Map<String, Long> pids() {
    Map<String, Long> out = new LinkedHashMap<>();
    workers.forEach((interpreter, w) -> out.put(interpreter, w.server.pid()));
    return out;
  }

  private Worker start(String interpreter, String version) throws IOException {
    // Unique to this JVM and these workers: other servers may share the work folder.
    Path socket = socketDir().resolve("w" + ProcessHandle.current().pid() + "-"
        + Integer.toHexString(System.identityHashCode(this)) + "-" + ids.incrementAndGet()
        + ".sock");
    if (socket.toString().length() > MAX_SOCKET_PATH) {
      throw new IOException("the socket path " + socket + " is too long for a Unix socket");
    }
    Files.deleteIfExists(socket);
    ProcessBuilder builder = new ProcessBuilder(ProcessTree.inNewSession(List.of(interpreter,
        "-u", files.forkServer().toString(), socket.toString(), files.compat().toString())))
        .directory(settings.workDir().toFile());
    builder.environment().clear();
    builder.environment().putAll(settings.baseEnv());
    Process server = builder.start();
    StringBuilder errors = new StringBuilder();
    Thread.ofVirtual().name("squall-python-worker-err-" + server.pid()).start(() ->
        drain(server, new BufferedReader(new InputStreamReader(server.getErrorStream(),
            StandardCharsets.UTF_8)), errors));
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
        StandardCharsets.UTF_8));
    String ready;
    try {
      ready = CompletableFuture.supplyAsync(() -> readLine(out),
          r -> Thread.ofVirtual().start(r)).get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ready = null;
    } catch (ExecutionException | TimeoutException e) {
      ready = null;
    }
    if (!"ready".equals(ready)) {
      server.destroyForcibly();
      try {
        server.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (errors) {
        throw new IOException("the worker did not start: " + errors.toString().strip());
      }
    }
    Thread.ofVirtual().name("squall-python-worker-out-" + server.pid()).start(() ->
        drain(server, out, null));
    return new Worker(version, server, socket);
  }

  private static String readLine(BufferedReader in) {
    try {
      return in.readLine();
    } catch (IOException e) {
      return null;
    }
  }

  /** The worker's own output (not actions': theirs goes to their sockets), into the log. */
  private static void drain(Process server, BufferedReader in, StringBuilder keep) {
    String line;
    while ((line = readLine(in)) != null) {
      if (keep != null) {
        synchronized (keep) {
          if (keep.length() < 64 * 1024) {
            keep.append(line).append('\n');
          }
        }
      }
      LOG.log(System.Logger.Level.WARNING, "Python worker " + server.pid() + ": " + line);
    }
  }

  /**
   * Beside the shipped Python files in the private work folder; a private temp folder (0700)
   * where that path is too long for a socket. Only this user can reach the workers' sockets.
   */
  private synchronized Path socketDir() throws IOException {
    if (socketDir == null) {
      Path beside = files.compat().getParent().toAbsolutePath();
      socketDir = beside.toString().length() + 40 <= MAX_SOCKET_PATH
          ? Files.createDirectories(beside) : Files.createTempDirectory("squall-python-");
    }
    return socketDir;
  }

  private void stopIdle() {
    long tick = Math.clamp(idleTimeout.toMillis() / 4, 50, 5_000);
    while (true) {
      try {
        Thread.sleep(tick);
      } catch (InterruptedException e) {
        return;
      }
      List<Worker> stopping = new ArrayList<>();
      synchronized (this) {
        workers.values().removeIf(w -> {
          boolean idle = w.active.get() == 0
              && System.nanoTime() - w.lastUsed >= idleTimeout.toNanos();
          if (idle || !w.server.isAlive()) {
            stopping.add(w);
            return true;
          }
          return false;
        });
        if (workers.isEmpty()) {
          reaper = null;
          stopping.forEach(Worker::stop);
          return;
        }
      }
      stopping.forEach(Worker::stop);
    }
  }

  /** Stops every worker; the children that still run finish and report their end. */
  @Override
  public void close() {
    List<Worker> all;
    synchronized (this) {
      all = new ArrayList<>(workers.values());
      workers.clear();
      if (reaper != null) {
        reaper.interrupt();
        reaper = null;
      }
    }
    all.forEach(Worker::stop);
  }

  /** One fork server. */
  private final class Worker {
    final String version;
    final Process server;
    final Path socket;
    final AtomicInteger active = new AtomicInteger();
    volatile long lastUsed = System.nanoTime();

    Worker(String version, Process server, Path socket) {
      this.version = version;
      this.server = server;
      this.socket = socket;
    }

    ForkedProcess fork(List<String> args, Map<String, String> env, Path cwd)
        throws IOException {
      String id = Long.toString(ids.incrementAndGet());
      List<SocketChannel> opened = new ArrayList<>(3);
      active.incrementAndGet();
      lastUsed = System.nanoTime();
      try {
        SocketChannel out = connect(opened, Map.of("kind", "stdout", "id", id));
        SocketChannel err = connect(opened, Map.of("kind", "stderr", "id", id));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("kind", "run");
        run.put("id", id);
        run.put("args", args);
        run.put("env", env);
        run.put("cwd", cwd.toAbsolutePath().toString());
        SocketChannel control = connect(opened, run);
        return new ForkedProcess(control, out, err, settings.killGrace(), () -> {
          lastUsed = System.nanoTime();
          active.decrementAndGet();
        });
      } catch (IOException | RuntimeException e) {
        active.decrementAndGet();
        for (SocketChannel channel : opened) {
          channel.close(); // a child that was forked sees its stdout close and exits unrun
        }
        throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      }
    }

    private SocketChannel connect(List<SocketChannel> opened, Map<String, Object> header)
        throws IOException {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      opened.add(channel);
      channel.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer line = ByteBuffer.wrap((json.writeValueAsString(header) + "\n")
          .getBytes(StandardCharsets.UTF_8));
      while (line.hasRemaining()) {
        channel.write(line);
      }
      return channel;
    }

    /**
     * EOF on its stdin stops the server: it forks no more and exits when its running children
     * have ended (they run on). An idle one that does not listen is killed.
     */
    void stop() {
      try {
        server.getOutputStream().close();
        if (active.get() == 0 && !server.waitFor(2, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      } catch (IOException e) {
        server.destroyForcibly();
      } catch (InterruptedException e) {
        server.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      try {
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        // a stale socket file in our private folder is harmless: the next name differs
      }
    }
  }
}
