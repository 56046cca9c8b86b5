package dev.squall.core.error;

/** The caller is sending too much, too fast (failed logins, chat floods); try again later. */
public final class TooManyRequestsException extends SquallException {

  public TooManyRequestsException(String message) {
    super(message);
  }

  @Override
  public int httpStatus() {
    return 429;
  }
}
