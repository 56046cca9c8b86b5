package dev.squall.core.error;

/** The request is invalid: bad parameters, a malformed body, an unknown field. */
public non-sealed class BadRequestException extends SquallException {

  public BadRequestException(String message) {
    super(message);
  }

  public BadRequestException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int httpStatus() {
    return 400;
  }
}
