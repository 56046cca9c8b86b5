/**
 * Chat identity links: the one-time page a chat user opens from {@code !link} to log in, the
 * server's {@link dev.squall.chat.ChatUsers} for the bot, and the administrators' API
 * {@code /api/v1/users/{name}/links}.
 */
package dev.squall.server.chatlink;
