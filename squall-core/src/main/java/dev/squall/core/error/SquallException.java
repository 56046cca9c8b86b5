package dev.squall.core.error;

/**
 * The one unchecked root of every error Squall reports to a user. Subclasses say what went wrong
 * by meaning; the HTTP layer and the bot map them to a status code or a chat reply in one place.
 * Messages are written for the user who sent the request: they never carry stack traces.
 */
public abstract sealed class SquallException extends RuntimeException
    permits BadRequestException, UnauthorizedException, ForbiddenException, NotFoundException,
        ConflictException, TooManyRequestsException, UnavailableException, NotOfferedException {

  protected SquallException(String message) {
    super(message);
  }

  protected SquallException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The HTTP status this error maps to. */
  public abstract int httpStatus();
}
