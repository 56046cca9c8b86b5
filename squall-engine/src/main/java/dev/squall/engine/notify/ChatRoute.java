package dev.squall.engine.notify;

import dev.squall.engine.alias.SourceContext;
import dev.squall.engine.execution.ExecutionService;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sends an alias execution's result back to the chat room its command came from: the finished
 * execution, fetched once here, and its source context. Rendering the result for chat (the
 * alias's {@code result.format}) is the bot's job.
 */
public final class ChatRoute implements Route {

  private final String name;
  private final ExecutionService executions;
  private final ChatDelivery chat;
  private final Function<String, Optional<String>> leaseOfAdapter;

  /** A route to adapters that every node has of its own. */
  public ChatRoute(String name, ExecutionService executions, ChatDelivery chat) {
    this(name, executions, chat, adapter -> Optional.empty());
  }

  /**
   * @param leaseOfAdapter the lease a node must hold to post to an adapter (the bot's
   *     {@code leaseOf}): only that node claims the result's delivery
   */
  public ChatRoute(String name, ExecutionService executions, ChatDelivery chat,
      Function<String, Optional<String>> leaseOfAdapter) {
    this.name = name;
    this.executions = executions;
    this.chat = chat;
    this.leaseOfAdapter = leaseOfAdapter;
  }

  /**
   * The adapter's lease when one node of a cluster connects it; else, when the command came
   * through an adapter every node has (the web chat), the lease {@code node:<id>} of the node it
   * came through ({@code source_context.node}), which is where its user is connected.
   */
  @Override
  public Optional<String> lease(Notification n) {
    Object stored = n.data().get("source_context");
    return SourceContext.from(stored).flatMap(source -> leaseOfAdapter.apply(source.adapter()))
        .or(() -> stored instanceof java.util.Map<?, ?> m && m.get("node") instanceof String node
            ? Optional.of(NODE_LEASE_PREFIX + node) : Optional.empty());
  }

  /** {@code node:<id>}: the lease each node holds on itself. */
  public static final String NODE_LEASE_PREFIX = "node:";

  @Override
  public String name() {
    return name;
  }

  @Override
  public void deliver(Notification n) throws Exception {
    SourceContext source = SourceContext.from(n.data().get("source_context"))
        .orElseThrow(() -> new IllegalArgumentException("the notification of execution " + n.executionId()
            + " for route " + name + " has no data.source_context saying where to post"));
    chat.post(executions.get(n.executionId()), source);
  }
}
