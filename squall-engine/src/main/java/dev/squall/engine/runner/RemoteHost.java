package dev.squall.engine.runner;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * The commands of one execution on one host, over one pooled session. The action's command runs
 * in the login shell's process group (sshd starts it with {@code setsid}); its first act is to
 * print that group's id on stderr, so that timeout and cancel can kill the whole group through a
 * second channel: closing the channel alone would leave a {@code sleep} running.
 */
final class RemoteHost {

  /** How a command ended. */
  enum End { EXITED, TIMED_OUT, ABORTED }

  /** @param exitCode null when the process was killed by a signal */
  record Outcome(End end, Integer exitCode, String stdout, String stderr) {}

  private static final Duration QUIET_LIMIT = Duration.ofSeconds(60);

  private final ClientSession session;
  private final OutputSink sink;
  private final int maxOutputChars;
  private final String killPrefix;
  private final AtomicLong group = new AtomicLong(-1);
  private volatile ChannelExec running;
  private volatile boolean aborted;

  /**
   * @param sink where the action's output lines go, already tagged with the host
   * @param killPrefix put before {@code kill} when the action runs under sudo ({@code sudo -n })
   */
  RemoteHost(ClientSession session, OutputSink sink, int maxOutputChars, String killPrefix) {
    this.session = session;
    this.sink = sink;
    this.maxOutputChars = maxOutputChars;
    this.killPrefix = killPrefix;
  }

  /** Runs a helper command (upload, clean-up) without streaming it. */
  Outcome quiet(String command, byte[] stdin) throws IOException {
    return exec(command, stdin, OutputSink.DISCARD, System.nanoTime() + QUIET_LIMIT.toNanos(), false);
  }

  /**
   * Runs the action's shell {@code command}, streaming its lines, until it ends, {@code deadline}
   * ({@link System#nanoTime()}) passes or {@link #abort()} is called.
   */
  Outcome main(String command, byte[] stdin, long deadline) throws IOException {
    return exec("echo \"$$\" >&2; " + command, stdin, sink, deadline, true);
  }

  /** Kills what the action started and closes its channel: for cancel. */
  void abort() {
    aborted = true;
    kill();
  }

  boolean aborted() {
    return aborted;
  }

  private Outcome exec(String command, byte[] stdin, OutputSink lines, long deadline,
      boolean reportsGroup) throws IOException {
    if (aborted) {
      return new Outcome(End.ABORTED, null, "", "");
    }
    ChannelExec channel = session.createExecChannel(command);
    try {
      channel.open().verify(Duration.ofSeconds(30));
      StreamCapture out = new StreamCapture("stdout", channel.getInvertedOut(), lines, maxOutputChars);
      InputStream errIn = reportsGroup ? new GroupLine(channel.getInvertedErr(), group)
          : channel.getInvertedErr();
      StreamCapture err = new StreamCapture("stderr", errIn, lines, maxOutputChars);
      Thread outReader = Thread.ofVirtual().name("ssh-stdout").start(out);
      Thread errReader = Thread.ofVirtual().name("ssh-stderr").start(err);
      try (OutputStream in = channel.getInvertedIn()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (reportsGroup) {
        running = channel;
        if (aborted) {
          kill();
        }
      }
      End end = waitForClose(channel, deadline);
      if (end == End.TIMED_OUT) {
        kill();
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TimeUnit.SECONDS.toMillis(15));
      }
      if (aborted) {
        end = End.ABORTED;
      }
      channel.close(true);
      join(outReader);
      join(errReader);
      Integer code = end == End.EXITED ? channel.getExitStatus() : null;
      return new Outcome(end, code, out.text(), err.text());
    } finally {
      running = null;
      channel.close(true);
    }
  }

  private static End waitForClose(ChannelExec channel, long deadline) {
    Set<ClientChannelEvent> closed = EnumSet.of(ClientChannelEvent.CLOSED);
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return End.TIMED_OUT;
      }
      if (channel.waitFor(closed, left).contains(ClientChannelEvent.CLOSED)) {
        return End.EXITED;
      }
    }
  }

  /**
   * TERM to the action's process group, KILL after 5 s, through a second channel; then its own
   * channel is closed.
   */
  private void kill() {
    ChannelExec channel = running;
    long pgid = group.get();
    if (pgid > 1) {
      String kill = killPrefix + "kill";
      String script = kill + " -TERM -- -" + pgid + " 2>/dev/null; i=0; while [ $i -lt 10 ] && "
          + kill + " -0 -- -" + pgid + " 2>/dev/null; do sleep 0.5; i=$((i+1)); done; "
          + kill + " -KILL -- -" + pgid + " 2>/dev/null; exit 0";
      try (ChannelExec killer = session.createExecChannel(script)) {
        killer.open().verify(Duration.ofSeconds(10));
        killer.getInvertedIn().close();
        killer.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TimeUnit.SECONDS.toMillis(15));
      } catch (IOException | RuntimeException e) {
        // the session is gone: closing the channel below is all that is left to do
      }
    }
    if (channel != null) {
      channel.close(true);
    }
  }

  private static void join(Thread reader) {
    try {
      reader.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Takes the first line of a stream, the process group id the wrapper prints, out of it. */
  private static final class GroupLine extends FilterInputStream {
    private final AtomicLong group;
    private boolean seen;

    GroupLine(InputStream in, AtomicLong group) {
      super(in);
      this.group = group;
    }

    private void skipFirstLine() throws IOException {
      if (seen) {
        return;
      }
      seen = true;
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (line.length() < 32) {
          line.append((char) c);
        }
      }
      String digits = line.toString().strip();
      if (digits.matches("[0-9]{1,10}")) {
        group.set(Long.parseLong(digits));
      }
    }

    @Override
    public int read() throws IOException {
      skipFirstLine();
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      skipFirstLine();
      return in.read(b, off, len);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
