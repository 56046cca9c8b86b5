/**
 * The chat bot. {@link dev.squall.chat.Bot} drives any number of
 * {@link dev.squall.chat.ChatAdapter}s: it decides which lines are commands (prefix, name, direct
 * message), answers the built-ins ({@code help}, {@code status}, {@code cancel}, {@code whoami}),
 * runs everything else through the server's one alias matcher and executor, acks, and posts
 * results back ({@link dev.squall.chat.Bot#deliverResult}) with the {@code {~}} split, the
 * platform's length limit and a cap on the number of messages.
 *
 * <p>Results reach the bot through a {@link dev.squall.chat.ResultFeed}: for now the
 * {@link dev.squall.chat.EventBusResultFeed} (best effort, in-process); the durable notifier is
 * meant to replace it by calling {@code deliverResult} for the {@value dev.squall.chat.ChatRoute#NAME}
 * route itself.
 */
package dev.squall.chat;
