package dev.squall.engine.store;

/** The database failed (not the caller's fault): a broken connection, a full disk. */
public final class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
