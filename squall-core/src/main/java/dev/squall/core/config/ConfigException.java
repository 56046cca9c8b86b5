package dev.squall.core.config;

import dev.squall.core.error.BadRequestException;

/**
 * A value in the configuration that cannot be used, naming its key, so that whoever reports it
 * can say where it came from (the file and line, or the environment variable): {@link Config#check}
 * gathers them to report every problem of a start at once.
 */
public final class ConfigException extends BadRequestException {

  private final String path;
  private final String problem;
  private final String where;

  /**
   * @param path the dotted key, e.g. {@code chat.irc.port}
   * @param problem what is wrong with it, a phrase that reads after the key ("must be positive, not 0")
   */
  public ConfigException(String path, String problem) {
    this(path, problem, null);
  }

  /** @param where the file and line, or the environment variable, the value came from; or null */
  public ConfigException(String path, String problem, String where) {
    super((where == null ? "" : where + ": ") + path + " " + problem);
    this.path = path;
    this.problem = problem;
    this.where = where;
  }

  /** Whether the message already says where the value came from. */
  public boolean located() {
    return where != null;
  }

  public String path() {
    return path;
  }

  public String problem() {
    return problem;
  }
}
