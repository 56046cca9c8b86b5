package dev.squall.server.log;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %oneLineMsg}: the formatted message, its line breaks and control characters escaped. */
public final class OneLineMessageConverter extends MessageConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return OneLine.escape(super.convert(event));
  }
}
