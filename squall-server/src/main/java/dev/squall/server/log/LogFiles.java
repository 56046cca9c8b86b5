package dev.squall.server.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The server's log files: {@code $SQUALL_HOME/logs/squall.log}, rolled daily and at 10 MB, 14
 * days and 200 MB kept, in the same one-line format as the terminal (logback.xml), with the date.
 * Only {@code squall start} logs to files; CLI commands log to stderr alone.
 */
public final class LogFiles {

  private static final String PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{24} - %oneLineMsg%n%oneLineEx";

  private LogFiles() {}

  /** Starts writing {@code logs/squall.log} under {@code home}; libraries' JUL lines join it. */
  public static Path install(Path home) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Path file = home.resolve("logs/squall.log");

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();

    RollingFileAppender<ILoggingEvent> appender = new OpenedAtFirstLine();
    appender.setContext(context);
    appender.setName("FILE");
    appender.setFile(file.toString());

    appender.setEncoder(encoder);
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling = new SizeAndTimeBasedRollingPolicy<>();
    rolling.setContext(context);
    rolling.setParent(appender);
    rolling.setFileNamePattern(home.resolve("logs/squall.%d{yyyy-MM-dd}.%i.log.gz").toString());
    rolling.setMaxFileSize(FileSize.valueOf("10MB"));
    rolling.setMaxHistory(14);
    rolling.setTotalSizeCap(FileSize.valueOf("200MB"));
    rolling.start();
    appender.setRollingPolicy(rolling);
    appender.start();
    root(context).addAppender(appender);
    return file;
  }

  /**
   * Leaves the terminal to the console chat: log lines stop going to stderr (they still go to
   * the file), so they do not break into the conversation.
   */
  public static void quietTerminal() {
    Appender<ILoggingEvent> stderr = root((LoggerContext) LoggerFactory.getILoggerFactory()).getAppender("STDERR");
    if (stderr != null) {
      stderr.stop();
    }
  }

  /**
   * Creates the file at the first line, not at start: a start that fails its checks leaves
   * nothing in {@code $SQUALL_HOME}, not even an empty log. Rolling over opens the next file the
   * same way.
   */
  private static final class OpenedAtFirstLine extends RollingFileAppender<ILoggingEvent> {
    @Override
    public void openFile(String name) {
      setOutputStream(new OutputStream() {
        private OutputStream file;

        private OutputStream file() throws IOException {
          if (file == null) {
            Files.createDirectories(Path.of(name).toAbsolutePath().getParent());
            file = new FileOutputStream(name, true);
          }
          return file;
        }

        @Override
        public void write(int b) throws IOException {
          file().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          file().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          if (file != null) {
            file.flush();
          }
        }

        @Override
        public void close() throws IOException {
          if (file != null) {
            file.close();
          }
        }
      });
    }
  }

  private static Logger root(LoggerContext context) {
    return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
