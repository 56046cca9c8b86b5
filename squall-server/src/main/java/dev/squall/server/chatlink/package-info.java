/**
 * Chat users: the one-time page a chat user opens from {@code !link} to log in, the bot's
 * {@link dev.squall.chat.ChatUsers} and its RBAC check ({@link ChatRbac}), and the administrators' API
 * {@code /api/v1/users/{name}/links}.
 */
package dev.squall.server.chatlink;
