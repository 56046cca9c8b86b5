package dev.squall.engine.notify;

/** Writes one log line per notification (a route that cannot fail; handy for auditing). */
public final class LogRoute implements Route {

  private static final System.Logger LOG = System.getLogger(LogRoute.class.getName());

  private final String name;

  public LogRoute(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void deliver(Notification n) {
    LOG.log(System.Logger.Level.INFO, "notification [" + n.route() + "] execution "
        + n.executionId() + " (" + n.actionRef() + ", " + n.status() + "): " + n.message());
  }
}
