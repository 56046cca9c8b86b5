package dev.squall.core.error;

/** The named thing does not exist. */
public final class NotFoundException extends SquallException {

  public NotFoundException(String message) {
    super(message);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int httpStatus() {
    return 404;
  }
}
