package dev.squall.core.error;

/** The request clashes with existing state (a duplicate, or a state that forbids it). */
public final class ConflictException extends SquallException {

  public ConflictException(String message) {
    super(message);
  }

  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int httpStatus() {
    return 409;
  }
}
