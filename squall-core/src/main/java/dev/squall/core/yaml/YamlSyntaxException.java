package dev.squall.core.yaml;

import java.nio.file.Path;

/**
 * A YAML file could not be parsed. The message reads {@code file:line:column: reason}; pack
 * loading turns it into a problem, request handling into a 400 (see
 * {@link YamlReader#readOrBadRequest(Path)}).
 */
public final class YamlSyntaxException extends RuntimeException {

  private final Path file;
  private final int line;
  private final int column;
  private final String reason;

  YamlSyntaxException(Path file, int line, int column, String reason, Throwable cause) {
    super(file + ":" + line + ":" + column + ": invalid YAML: " + reason, cause);
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  public Path file() {
    return file;
  }

  /** 1-based, 0 when unknown. */
  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The parser's complaint in plain words, without location or internals. */
  public String reason() {
    return reason;
  }
}
