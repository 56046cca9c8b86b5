/**
 * The Mattermost chat adapter: REST API v4 with a bot token for posts, the WebSocket event stream
 * for what users say.
 */
package dev.squall.chat.mattermost;
