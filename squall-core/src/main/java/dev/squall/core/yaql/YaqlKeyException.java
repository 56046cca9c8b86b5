package dev.squall.core.yaql;

/**
 * A dictionary has no such key ({@code $.missing}, {@code $['missing']}): Python's {@code
 * KeyError}, which orquesta reports as "Unable to resolve key ... from context".
 */
public final class YaqlKeyException extends YaqlException {

  private final String key;

  YaqlKeyException(String key) {
    super("Unable to resolve key '" + key + "'");
    this.key = key;
  }

  public String key() {
    return key;
  }
}
