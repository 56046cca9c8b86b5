package dev.squall.core.error;

/** Squall cannot serve the request right now (shutting down, a dependency is down). */
public final class UnavailableException extends SquallException {

  public UnavailableException(String message) {
    super(message);
  }

  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int httpStatus() {
    return 503;
  }
}
