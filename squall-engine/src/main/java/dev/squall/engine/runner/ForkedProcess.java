package dev.squall.engine.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One action process forked by a warm Python worker ({@code squall_fork_server.py}), seen as a
 * {@link Process} so that {@link ProcessRun} follows it as it follows a plain one: its stdout
 * and stderr are Unix socket connections the child writes to as its fd 1 and 2 (so they end,
 * like pipes, when every process holding them has exited), its exit code comes over the control
 * connection, and it is killed through its {@link ProcessHandle} (it leads a session of its own).
 *
 * <p>When the worker dies while the child runs, no exit code can come: the child's tree is
 * killed and {@link #workerDied()} says so.
 */
final class ForkedProcess extends Process implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ForkedProcess.class.getName());

  private final SocketChannel control;
  private final SocketChannel stdout;
  private final SocketChannel stderr;
  private final long pid;
  private final ProcessHandle handle;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final Runnable onEnd;
  private volatile int exitCode = -1;
  private volatile boolean workerDied;
  private volatile boolean closed;

  /**
   * Reads the child's pid from {@code control}, after the three connections' headers are sent.
   *
   * @param onEnd runs once when the child has ended (or the worker died)
   * @throws IOException when the worker closed the connection or could not fork
   */
  ForkedProcess(SocketChannel control, SocketChannel stdout, SocketChannel stderr,
      Duration killGrace, Runnable onEnd) throws IOException {
    this.control = control;
    this.stdout = stdout;
    this.stderr = stderr;
    this.onEnd = onEnd;
    BufferedReader reader = new BufferedReader(
        new InputStreamReader(Channels.newInputStream(control), StandardCharsets.UTF_8));
    String first = reader.readLine();
    if (first == null || !first.startsWith("pid ")) {
      throw new IOException(first == null ? "the Python worker closed the connection"
          : "the Python worker answered: " + first);
    }
    pid = Long.parseLong(first.substring(4).strip());
    // The child waits for our go (release) before it runs, so it is there to be found.
    handle = ProcessHandle.of(pid).orElseThrow(
        () -> new IOException("the forked process " + pid + " is gone before it started"));
    Thread.ofVirtual().name("squall-python-exit-" + pid).start(() -> awaitExit(reader,
        killGrace));
  }

  private void awaitExit(BufferedReader reader, Duration killGrace) {
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("exit ")) {
          exitCode = Integer.parseInt(line.substring(5).strip());
          return;
        }
      }
      died(killGrace);
    } catch (IOException | RuntimeException e) {
      if (!closed) { // else we closed it ourselves, done with a killed child
        died(killGrace);
      }
    } finally {
      ended.countDown();
      onEnd.run();
    }
  }

  /** No exit code will come: nothing of the action may outlive the worker that ran it. */
  private void died(Duration killGrace) {
    workerDied = true;
    LOG.log(System.Logger.Level.WARNING, "the Python worker died while process " + pid
        + " ran an action; killing what is left of it");
    ProcessTree.kill(handle, killGrace);
  }

  /** Lets the child run the action (it waited, so that {@link #toHandle} finds it). */
  void release() {
    try {
      stdout.write(ByteBuffer.wrap(new byte[] {1}));
    } catch (IOException e) {
      // the worker or the child is gone: the control connection tells which
    }
  }

  /** True when the worker died before the child's end was known. */
  boolean workerDied() {
    return workerDied;
  }

  @Override
  public OutputStream getOutputStream() {
    return OutputStream.nullOutputStream(); // the child's stdin is /dev/null
  }

  @Override
  public InputStream getInputStream() {
    return Channels.newInputStream(stdout);
  }

  @Override
  public InputStream getErrorStream() {
    return Channels.newInputStream(stderr);
  }

  @Override
  public int waitFor() throws InterruptedException {
    ended.await();
    return exitCode;
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    return ended.await(timeout, unit);
  }

  @Override
  public int exitValue() {
    if (ended.getCount() > 0) {
      throw new IllegalThreadStateException("process " + pid + " has not exited");
    }
    return exitCode;
  }

  @Override
  public boolean isAlive() {
    return ended.getCount() > 0;
  }

  @Override
  public void destroy() {
    handle.destroy();
  }

  @Override
  public Process destroyForcibly() {
    handle.destroyForcibly();
    return this;
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public ProcessHandle toHandle() {
    return handle;
  }

  /** Closes the connections (the output has been read by now, or the tree was killed). */
  @Override
  public void close() {
    closed = true;
    for (SocketChannel channel : List.of(stdout, stderr, control)) {
      try {
        channel.close();
      } catch (IOException e) {
        // closing a socket we are done with
      }
    }
  }
}
