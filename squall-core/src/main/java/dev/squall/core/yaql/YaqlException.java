package dev.squall.core.yaql;

import dev.squall.core.error.BadRequestException;

/**
 * A YAQL expression could not be evaluated: an unknown function, a missing key, operands of the
 * wrong type. {@link YaqlSyntaxException} is the parse-time kind.
 */
public class YaqlException extends BadRequestException {

  public YaqlException(String message) {
    super(message);
  }

  public YaqlException(String message, Throwable cause) {
    super(message, cause);
  }
}
