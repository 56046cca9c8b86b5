/**
 * The Matrix chat adapter: the client-server API v3, with {@code /sync} long-polls for what users
 * say and transaction-id {@code PUT}s for the bot's messages.
 */
package dev.squall.chat.matrix;
