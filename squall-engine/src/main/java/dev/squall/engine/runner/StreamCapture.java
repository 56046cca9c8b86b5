package dev.squall.engine.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Reads one output stream of a process to its end: each line goes to the sink as soon as it is
 * complete, and the raw text is kept up to a cap. Past the cap, text is counted, not kept or
 * streamed, so a runaway process cannot exhaust memory or flood the live stream.
 */
final class StreamCapture implements Runnable {

  /** A line longer than this reaches the sink in pieces, so that one huge line is still streamed. */
  static final int MAX_LINE = 64 * 1024;

  private final String name;
  private final InputStream in;
  private final OutputSink sink;
  private final int cap;
  private final StringBuilder kept = new StringBuilder();
  private final StringBuilder line = new StringBuilder();
  private long dropped;

  StreamCapture(String name, InputStream in, OutputSink sink, int cap) {
    this.name = name;
    this.in = in;
    this.sink = sink;
    this.cap = cap;
  }

  @Override
  public void run() {
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      char[] buf = new char[8192];
      int n;
      while ((n = reader.read(buf)) >= 0) {
        accept(buf, n);
      }
    } catch (IOException e) {
      // the stream was closed under us (process killed): keep what we have
    }
    synchronized (this) {
      if (!line.isEmpty()) {
        emit();
      }
    }
  }

  private synchronized void accept(char[] buf, int n) {
    for (int i = 0; i < n; i++) {
      accept(buf[i]);
    }
  }

  private void accept(char c) {
    if (kept.length() >= cap) {
      if (dropped++ == 0) {
        safeLine("[squall: " + name + " truncated at " + cap + " characters]");
      }
      return;
    }
    kept.append(c);
    if (c == '\n') {
      emit();
    } else {
      line.append(c);
      if (line.length() >= MAX_LINE || kept.length() >= cap) {
        emit();
      }
    }
  }

  private void emit() {
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    safeLine(line.substring(0, end));
    line.setLength(0);
  }

  private void safeLine(String text) {
    try {
      sink.line(name, text);
    } catch (RuntimeException e) {
      // a failing sink must not stop us draining the pipe, or the process would block on write
    }
  }

  /**
   * What was kept, with StackStorm's trailing-newline strip ({@code strip_shell_chars}: one
   * {@code \n}, then one {@code \r}), and a marker when output was dropped.
   */
  synchronized String text() {
    String s = kept.toString();
    if (s.endsWith("\n")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.endsWith("\r")) {
      s = s.substring(0, s.length() - 1);
    }
    if (dropped > 0) {
      s += "\n[squall: output truncated at " + cap + " characters; " + dropped
          + " more characters dropped]";
    }
    return s;
  }

  synchronized boolean truncated() {
    return dropped > 0;
  }
}
