package dev.squall.engine.notify;

/**
 * Where notifications go ({@code log}, {@code webhook}, {@code chat}, …), looked up by the names
 * that notify specs list in {@code routes}. A delivery that throws is retried with backoff.
 */
public interface Route {

  String name();

  /** Delivers one notification; throws when it did not arrive (the notifier retries). */
  void deliver(Notification notification) throws Exception;

  /**
   * The lease a node must hold to deliver {@code notification} (a chat adapter's, which one node
   * of a cluster connects), or empty when any node may.
   */
  default java.util.Optional<String> lease(Notification notification) {
    return java.util.Optional.empty();
  }
}
