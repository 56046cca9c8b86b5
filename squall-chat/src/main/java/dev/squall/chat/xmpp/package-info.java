/**
 * XMPP adapter on Smack: {@link dev.squall.chat.xmpp.XmppAdapter} configured by
 * {@link dev.squall.chat.xmpp.XmppSettings#fromConfig}.
 *
 * <pre>
 * chat:
 *   xmpp:
 *     jid: squall@example.org
 *     password: file:/run/secrets/xmpp
 *     tls: required            # or ifpossible, disabled
 *     rooms: ["ops@conference.example.org"]
 *     nickname: squall
 * </pre>
 *
 * <p>Incoming: in a room, {@code room} is the room JID, {@code userId} the occupant's real bare JID
 * when the room shows it to the bot (e.g. the bot owns it), else the occupant JID
 * {@code room@service/nick}; a one-to-one message is {@code direct} with the sender's bare JID as
 * both {@code room} and {@code userId}. Delayed messages (history, offline storage), the bot's own
 * room messages and private messages through a room are ignored. Outgoing text to a configured room
 * goes as groupchat, to anything else as chat.
 */
package dev.squall.chat.xmpp;
