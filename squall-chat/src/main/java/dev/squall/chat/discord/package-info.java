/**
 * The Discord chat adapter: the Gateway (API v10) for what users say, with heartbeats and session
 * resume, and the REST API for replies, with Discord's rate limit headers honoured.
 */
package dev.squall.chat.discord;
