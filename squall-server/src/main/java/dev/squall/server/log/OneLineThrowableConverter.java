package dev.squall.server.log;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * {@code %oneLineEx}: a stack trace as usual (one frame a line, each starting with a tab), but
 * every exception's message escaped, since a message often quotes user input.
 */
public final class OneLineThrowableConverter extends ThrowableProxyConverter {

  @Override
  protected String throwableProxyToString(IThrowableProxy tp) {
    return super.throwableProxyToString(new Escaped(tp));
  }

  /** The same throwable, its message and those of its causes and suppressed ones escaped. */
  private record Escaped(IThrowableProxy tp) implements IThrowableProxy {

    @Override
    public String getMessage() {
      return OneLine.escape(tp.getMessage());
    }

    @Override
    public String getOverridingMessage() {
      return OneLine.escape(tp.getOverridingMessage());
    }

    @Override
    public String getClassName() {
      return tp.getClassName();
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
      return tp.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
      return tp.getCommonFrames();
    }

    @Override
    public IThrowableProxy getCause() {
      return tp.getCause() == null ? null : new Escaped(tp.getCause());
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
      IThrowableProxy[] s = tp.getSuppressed();
      if (s == null) {
        return null;
      }
      IThrowableProxy[] out = new IThrowableProxy[s.length];
      for (int i = 0; i < s.length; i++) {
        out[i] = new Escaped(s[i]);
      }
      return out;
    }

    @Override
    public boolean isCyclic() {
      return tp.isCyclic();
    }
  }
}
