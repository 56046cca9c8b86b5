package dev.squall.core.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An execution's parameters are invalid: the message is StackStorm's (every problem, one a line),
 * and {@link #byParameter()} names the parameter each problem is about, so a form can show each
 * next to its field (the API adds it to the fault body as {@code parameters}).
 */
public final class InvalidParametersException extends BadRequestException {

  private final Map<String, String> byParameter;

  public InvalidParametersException(String message, Map<String, String> byParameter) {
    super(message);
    this.byParameter = Collections.unmodifiableMap(new LinkedHashMap<>(byParameter));
  }

  /** Each offending parameter's name and what is wrong with it, in the order found. */
  public Map<String, String> byParameter() {
    return byParameter;
  }
}
