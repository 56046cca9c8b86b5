package dev.squall.engine.notify;

import dev.squall.engine.alias.AliasResults;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import java.util.Map;

/**
 * Delivers a result to chat bots that run outside Squall and listen on the stream, exactly as
 * StackStorm's {@code chatops.notify} rule → {@code chatops.post_result} → {@code post_message}
 * path does: the alias's result template (or the default) rendered, published as the
 * {@code st2.announcement__<event>} stream event with payload
 * {@code {channel, user, whisper, message, extra, context}}. hubot-stackstorm listens for
 * {@code chatops}, err-stackstorm for {@code errbot}.
 */
public final class AnnouncementRoute implements Route {

  private final String name;
  private final String event;
  private final ExecutionService executions;
  private final AliasResults results;
  private final EventBus bus;

  /**
   * @param name the notification route callers name ({@code hubot}, {@code errbot})
   * @param event the announcement routing key the bot listens to ({@code chatops}, {@code errbot})
   */
  public AnnouncementRoute(String name, String event, ExecutionService executions, AliasResults results,
      EventBus bus) {
    this.name = name;
    this.event = event;
    this.executions = executions;
    this.results = results;
    this.bus = bus;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void deliver(Notification n) {
    Execution e = executions.get(n.executionId());
    AliasResults.Rendered r = results.render(e);
    if (!r.enabled()) {
      return; // the alias turned results off: StackStorm posts nothing ("Execution result is disabled.")
    }
    Map<String, Object> data = n.data();
    bus.publish(Announcements.event(event, Announcements.payload(data.get("source_channel"),
        data.get("user"), false, r.message(), r.extra(), data.get("source_context")), e.status()));
  }
}
