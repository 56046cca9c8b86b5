/**
 * Discord adapter over the Gateway (API v10) and the REST API:
 * {@link dev.squall.chat.discord.DiscordAdapter} configured by
 * {@link dev.squall.chat.discord.DiscordSettings#fromConfig}.
 *
 * <pre>
 * chat:
 *   discord:
 *     token: MTEw…               # bot token (Developer Portal → Bot); Message Content intent enabled
 *     api_url: https://discord.com/api/v10   # default
 *     queue_size: 1000
 *     reconnect_min_ms: 1000
 *     reconnect_max_ms: 60000
 * </pre>
 *
 * <p>Incoming: {@code MESSAGE_CREATE} of people (not bots, not the bot itself); {@code userId} is
 * the author's id, {@code userName} the display name ({@code global_name}, else the username),
 * {@code room} the channel id (a thread channel's own id inside a thread), {@code direct} when the
 * message has no {@code guild_id}, {@code thread} the id of the message a reply refers to. A
 * {@code <@BOTID>} mention sets {@code mentioned} and is removed from the text. Outgoing: one
 * {@code POST /channels/{room}/messages} per 2000 characters, a reply to {@code thread} when given,
 * {@code extra.discord.embeds} on the first, and never a ping ({@code allowed_mentions.parse: []}).
 */
package dev.squall.chat.discord;
