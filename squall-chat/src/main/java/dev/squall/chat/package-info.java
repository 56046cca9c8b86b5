/**
 * The chat bot. {@link dev.squall.chat.Bot} drives any number of
 * {@link dev.squall.chat.ChatAdapter}s: it decides which lines are commands (prefix, name, direct
 * message), answers the built-ins ({@code help}, {@code status}, {@code cancel}, {@code whoami}),
 * runs everything else through the server's one alias matcher and executor, acks, and posts
 * results back ({@link dev.squall.chat.Bot#deliverResult}) with the {@code {~}} split, the
 * platform's length limit and a cap on the number of messages.
 *
 * <p>Results reach the bot through the durable notifier: alias executions name the
 * {@value dev.squall.chat.ChatRoute#NAME} route, and its delivery calls {@code deliverResult},
 * retried until it succeeds.
 */
package dev.squall.chat;
