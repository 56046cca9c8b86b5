package dev.squall.core.error;

/** No credentials, or credentials that are wrong or expired. */
public final class UnauthorizedException extends SquallException {

  public UnauthorizedException(String message) {
    super(message);
  }

  public UnauthorizedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int httpStatus() {
    return 401;
  }
}
