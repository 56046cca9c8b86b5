package dev.squall.chat.console;

import dev.squall.chat.AdapterHealth;
import dev.squall.chat.ChatAdapter;
import dev.squall.chat.ChatListener;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PlatformLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * Chat in the terminal that runs {@code squall start}: every line read is a direct message from
 * the local user, and every reply is printed. End of input stops the adapter (the server keeps
 * running).
 */
public final class ConsoleAdapter implements ChatAdapter {

  public static final String NAME = "console";
  static final String ROOM = "console";

  private final InputStream in;
  private final PrintStream out;
  private final String user;
  private final Clock clock;
  private volatile AdapterHealth health;
  private volatile Thread reader;
  private volatile boolean closed;

  /** @param user the local user's name (the chat user id, e.g. the OS user) */
  public ConsoleAdapter(InputStream in, PrintStream out, String user) {
    this.in = in;
    this.out = out;
    this.user = user;
    this.clock = Clock.systemUTC();
    this.health = state(AdapterHealth.State.DISCONNECTED, "not started");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PlatformLimits limits() {
    return new PlatformLimits(NAME, 64_000, false);
  }

  @Override
  public synchronized void start(ChatListener listener) {
    if (reader != null) {
      return;
    }
    health = state(AdapterHealth.State.CONNECTED, "reading commands from the terminal as " + user);
    reader = Thread.ofVirtual().name("squall-chat-console").start(() -> read(listener));
  }

  private void read(ChatListener listener) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (closed) {
          return;
        }
        if (line.isBlank()) {
          continue;
        }
        listener.onMessage(new IncomingMessage(NAME, user, user, ROOM, null, true, false, line, clock.instant()));
      }
      if (!closed) {
        health = state(AdapterHealth.State.STOPPED, "end of input");
      }
    } catch (IOException e) {
      health = state(AdapterHealth.State.STOPPED, "cannot read the terminal: " + e.getMessage());
    }
  }

  @Override
  public void send(OutgoingMessage message) {
    synchronized (out) {
      out.println(message.text());
      out.flush();
    }
  }

  @Override
  public AdapterHealth health() {
    return health;
  }

  /** Stops reporting; the reader thread ends with the input (stdin cannot be interrupted). */
  @Override
  public void close() {
    closed = true;
    health = state(AdapterHealth.State.STOPPED, "stopped");
  }

  private AdapterHealth state(AdapterHealth.State s, String detail) {
    return new AdapterHealth(NAME, NAME, s, detail, Instant.now(clock));
  }
}
