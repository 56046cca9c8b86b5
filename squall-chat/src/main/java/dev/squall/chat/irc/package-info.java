/**
 * IRC adapter: {@link dev.squall.chat.irc.IrcAdapter} configured by
 * {@link dev.squall.chat.irc.IrcSettings#fromConfig}.
 *
 * <pre>
 * chat:
 *   irc:
 *     server: irc.libera.chat
 *     port: 6697
 *     tls: true
 *     nick: squall
 *     sasl_user: squall
 *     sasl_password: file:/run/secrets/irc
 *     channels: ["#ops"]
 *     flood_burst: 5
 *     flood_interval_ms: 500
 * </pre>
 *
 * <p>Incoming: {@code room} is the channel, or the sender's nick for a private message
 * ({@code direct}); {@code userId} is the IRCv3 account when the server tags it, else the nick;
 * {@code mentioned} when the text starts with {@code nick:}/{@code nick,} or holds {@code @nick}.
 * NOTICEs, CTCP and the bot's own lines are ignored; mIRC formatting codes are stripped.
 */
package dev.squall.chat.irc;
