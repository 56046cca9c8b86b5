package dev.squall.core.error;

/**
 * Squall does not offer what was asked (an API of StackStorm's it deliberately leaves out, or has
 * not built yet); the message says why and what to use instead.
 */
public final class NotOfferedException extends SquallException {

  public NotOfferedException(String message) {
    super(message);
  }

  @Override
  public int httpStatus() {
    return 501;
  }
}
