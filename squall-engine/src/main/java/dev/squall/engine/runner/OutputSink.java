package dev.squall.engine.runner;

/** Receives a runner's output as it comes, one line at a time (without the line terminator). */
@FunctionalInterface
public interface OutputSink {

  /** @param stream {@code stdout} or {@code stderr} */
  void line(String stream, String line);

  OutputSink DISCARD = (stream, line) -> {};
}
