package dev.squall.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's own logback.xml, loaded as the server loads it, encoding events a user fed. */
class OneLineLogTest {

  private static final String FORGED = "hello\n12:00:00.000 WARN  d.s.e.a.AuthService - Failed login for user \"admin\" from 10.0.0.1";

  private LoggerContext context;
  private Encoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void loadTheServersConfiguration() throws Exception {
    context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback.xml"));
    var appender = (OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>)
        context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    encoder = appender.getEncoder();
  }

  private List<String> lines(String message, Throwable error, Object... args) {
    Logger logger = context.getLogger("dev.squall.chat.Bot");
    LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, error, args);
    return new String(encoder.encode(e), StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void chatTextWithANewlineStaysOnItsLogLine() {
    List<String> out = lines("chat message from {}: {}", null, "mallory", FORGED);
    assertThat(out).singleElement().asString()
        .contains("chat message from mallory: hello\\n12:00:00.000 WARN");
  }

  @Test
  void carriageReturnsAndOtherControlCharactersAreEscapedButTabsKept() {
    List<String> out = lines("{}", null, "a\rb\u001b[31mc\u2028d\u0085e\tf");
    assertThat(out).singleElement().asString().endsWith("a\\rb\\u001b[31mc\\u2028d\\u0085e\tf");
  }

  @Test
  void anExceptionsMessageCannotForgeALineEither() {
    var cause = new IllegalStateException("inner\nFAKE LINE 2");
    List<String> out = lines("request failed", new IllegalArgumentException("outer " + FORGED, cause));
    assertThat(out.getFirst()).endsWith("request failed");
    assertThat(out.get(1)).startsWith("java.lang.IllegalArgumentException: outer hello\\n12:00:00.000");
    assertThat(out.subList(2, out.size())).allSatisfy(l -> assertThat(l).matches("(\\t| *Caused by: |\\s*\\.\\.\\.).*"));
    assertThat(out).anySatisfy(l -> assertThat(l).contains("Caused by: java.lang.IllegalStateException: inner\\nFAKE LINE 2"));
  }
}
