/**
 * Slack adapter over Socket Mode and the Web API: {@link dev.squall.chat.slack.SlackAdapter}
 * configured by {@link dev.squall.chat.slack.SlackSettings#fromConfig}.
 *
 * <pre>
 * chat:
 *   slack:
 *     app_token: xapp-…         # app-level token with connections:write (Socket Mode)
 *     bot_token: xoxb-…         # bot token with chat:write
 *     api_url: https://slack.com/api/   # default
 *     queue_size: 1000
 *     reconnect_min_ms: 1000
 *     reconnect_max_ms: 60000
 * </pre>
 *
 * <p>Incoming: {@code message} and {@code app_mention} events; {@code userId} is the {@code U…}
 * id, {@code room} the channel id (a {@code D…} id for a DM, which is {@code direct}),
 * {@code thread} the {@code thread_ts}. A {@code <@BOTID>} mention sets {@code mentioned} and is
 * removed from the text. Messages with a {@code subtype} (edits, deletions, joins, bot posts) and
 * the bot's own are ignored. Outgoing: {@code chat.postMessage} per 3,900-character piece, with
 * {@code extra.slack.attachments} / {@code blocks} on the first.
 */
package dev.squall.chat.slack;
