package dev.squall.engine.alias;

import java.util.Map;

/**
 * A chat command to run through an alias, with where it came from (StackStorm's AliasExecution
 * body, plus who Squall runs it as).
 *
 * @param user the chat user's name (StackStorm's {@code api_user})
 * @param runAs the Squall user the execution runs as (the mapped chat user, or the caller)
 * @param sourceChannel the room the result goes back to
 * @param sourceContext the platform's message envelope (adapter, thread…) for the reply
 * @param notificationRoute where the result is delivered ({@code chat}, {@code hubot}, …), or null
 */
public record AliasCommand(
    String command, String user, String runAs, String sourceChannel,
    Map<String, Object> sourceContext, String notificationRoute) {

  public AliasCommand {
    command = command == null ? "" : command;
    sourceContext = sourceContext == null ? Map.of() : sourceContext;
  }
}
