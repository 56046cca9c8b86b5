package dev.squall.core.error;

/** The caller is known but may not do this. */
public final class ForbiddenException extends SquallException {

  public ForbiddenException(String message) {
    super(message);
  }

  public ForbiddenException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int httpStatus() {
    return 403;
  }
}
