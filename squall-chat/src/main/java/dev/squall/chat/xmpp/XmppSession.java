package dev.squall.chat.xmpp;

import dev.squall.chat.ReconnectingAdapter;
import dev.squall.chat.TrustEverything;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.Occupant;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** One logged-in Smack connection with its joined rooms, from login until it drops. */
final class XmppSession {

  /** A message worth handing to the bot. {@code ownNick} is the bot's name where it arrived. */
  record Received(String userId, String userName, String room, boolean direct, String text, String ownNick) {}

  /** Attempts at a free room nickname (nick, nick_, nick__…) when the room reports a conflict. */
  private static final int NICK_ATTEMPTS = 3;
  private static final int PING_INTERVAL_SECONDS = 60;

  private final XmppSettings settings;
  private final BiConsumer<XmppSession, Received> handler; // on Smack's in-order listener thread
  private final XMPPTCPConnection connection;
  private final Map<EntityBareJid, MultiUserChat> rooms = new ConcurrentHashMap<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();

  private final CompletableFuture<Exception> dropped;

  private XmppSession(XmppSettings settings, BiConsumer<XmppSession, Received> handler, XMPPTCPConnection connection,
      CompletableFuture<Exception> dropped) {
    this.settings = settings;
    this.handler = handler;
    this.connection = connection;
    this.dropped = dropped;
  }

  /**
   * Connects, logs in and joins the configured rooms. {@code dropped} completes when the
   * connection ends afterwards: with the error, or null for an orderly close.
   */
  static XmppSession open(XmppSettings settings, BiConsumer<XmppSession, Received> handler, CompletableFuture<Exception> dropped)
      throws Exception {
    XMPPTCPConnection connection = new XMPPTCPConnection(configuration(settings));
    // Each reconnect is a fresh session that rejoins its rooms; stream resumption would only
    // replay state we rebuild anyway.
    connection.setUseStreamManagement(false);
    XmppSession session = new XmppSession(settings, handler, connection, dropped);
    connection.addConnectionListener(new ConnectionListener() {
      @Override
      public void connectionClosed() {
        dropped.complete(null);
      }

      @Override
      public void connectionClosedOnError(Exception e) {
        dropped.complete(e);
      }
    });
    connection.addSyncStanzaListener(session::onStanza, StanzaTypeFilter.MESSAGE);
    // A half-open TCP connection (a NAT or firewall dropped it) sends no error; a server ping
    // that goes unanswered is how we notice and reconnect.
    PingManager pings = PingManager.getInstanceFor(connection);
    pings.setPingInterval(PING_INTERVAL_SECONDS);
    pings.registerPingFailedListener(() ->
        dropped.complete(new java.io.IOException("the server did not answer a ping")));
    try {
      connection.connect().login();
      for (String room : settings.rooms()) {
        // One room refusing us (members-only, banned…) must not keep the bot off the others.
        try {
          session.join(JidCreate.entityBareFrom(room));
        } catch (XMPPException.XMPPErrorException | IllegalStateException e) {
          session.problems.add(e.getMessage());
        }
      }
    } catch (Exception e) {
      connection.disconnect();
      throw e;
    }
    return session;
  }

  String jid() {
    return String.valueOf(connection.getUser());
  }

  /** The configured rooms this session is in, in configuration order. */
  List<String> joinedRooms() {
    return settings.rooms().stream().filter(r -> rooms.keySet().stream().anyMatch(j -> j.toString().equalsIgnoreCase(r))).toList();
  }

  /** Rooms that could not be joined, and why. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  void send(EntityBareJid to, String text) throws SmackException.NotConnectedException, InterruptedException {
    Message.Type type = rooms.containsKey(to) ? Message.Type.groupchat : Message.Type.chat;
    connection.sendStanza(connection.getStanzaFactory().buildMessageStanza()
        .to(to).ofType(type).setBody(text).build());
  }

  void disconnect() {
    if (connection.isConnected()) {
      connection.disconnect();
    }
  }

  private void join(EntityBareJid room) throws Exception {
    MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(room);
    String nick = settings.nickname();
    for (int attempt = 1; ; attempt++) {
      try {
        MultiUserChat.MucCreateConfigFormHandle created = muc.createOrJoin(
            muc.getEnterConfigurationBuilder(Resourcepart.from(nick)).requestNoHistory().build());
        if (created != null) {
          created.makeInstant(); // a room we just created is locked until configured
        }
        rooms.put(room, muc);
        muc.addUserStatusListener(new RemovalWatcher(room));
        return;
      } catch (XMPPException.XMPPErrorException e) {
        if (e.getStanzaError().getCondition() != StanzaError.Condition.conflict || attempt == NICK_ATTEMPTS) {
          throw new IllegalStateException("cannot join room " + room + " as " + nick + ": "
              + e.getStanzaError().getCondition(), e);
        }
        nick = nick + "_";
      }
    }
  }

  /**
   * Being kicked or the room being destroyed ends the session, so that the reconnect (with its
   * backoff) joins every room afresh; a ban then shows up as a room that cannot be joined.
   */
  private final class RemovalWatcher implements UserStatusListener {
    private final EntityBareJid room;

    RemovalWatcher(EntityBareJid room) {
      this.room = room;
    }

    @Override
    public void kicked(Jid actor, String reason) {
      dropped.complete(new java.io.IOException("kicked from " + room + (reason == null ? "" : ": " + reason)));
    }

    @Override
    public void banned(Jid actor, String reason) {
      dropped.complete(new java.io.IOException("banned from " + room + (reason == null ? "" : ": " + reason)));
    }

    @Override
    public void roomDestroyed(MultiUserChat alternate, String reason) {
      dropped.complete(new java.io.IOException("room " + room + " was destroyed" + (reason == null ? "" : ": " + reason)));
    }
  }

  private void onStanza(Stanza stanza) {
    Message message = (Message) stanza;
    String body = message.getBody();
    Jid from = message.getFrom();
    // Delayed messages are history or offline storage: never run old commands as new.
    if (body == null || body.isBlank() || from == null || DelayInformation.from(message) != null) {
      return;
    }
    EntityBareJid bare = from.asEntityBareJidIfPossible();
    if (bare == null) {
      return; // from the server itself
    }
    MultiUserChat muc = rooms.get(bare);
    switch (message.getType()) {
      case groupchat -> {
        Resourcepart nick = from.getResourceOrNull();
        if (muc == null || nick == null || nick.equals(muc.getNickname())) {
          return; // not our room, a room notice, or our own message reflected
        }
        EntityFullJid occupantJid = from.asEntityFullJidIfPossible();
        Occupant occupant = occupantJid == null ? null : muc.getOccupant(occupantJid);
        Jid real = occupant == null ? null : occupant.getJid();
        handler.accept(this, new Received(real != null ? real.asBareJid().toString() : from.toString(),
            nick.toString(), bare.toString(), false, body, String.valueOf(muc.getNickname())));
      }
      case chat, normal -> {
        if (muc != null || bare.equals(connection.getUser() == null ? null : connection.getUser().asEntityBareJid())) {
          return; // private messages through a room are not supported; our own carbons neither
        }
        handler.accept(this, new Received(bare.toString(), bare.getLocalpart().toString(), bare.toString(),
            true, body, settings.nickname()));
      }
      default -> {
        // error and headline messages carry no commands
      }
    }
  }

  private static XMPPTCPConnectionConfiguration configuration(XmppSettings settings) throws Exception {
    EntityBareJid jid = JidCreate.entityBareFrom(settings.jid());
    XMPPTCPConnectionConfiguration.Builder builder = XMPPTCPConnectionConfiguration.builder()
        .setUsernameAndPassword(jid.getLocalpart().toString(), settings.password())
        .setXmppDomain(jid.asDomainBareJid())
        .setResource(settings.resource())
        .setConnectTimeout((int) ReconnectingAdapter.CONNECT_TIMEOUT.toMillis())
        .setSecurityMode(switch (settings.tls()) {
          case REQUIRED -> SecurityMode.required;
          case IFPOSSIBLE -> SecurityMode.ifpossible;
          case DISABLED -> SecurityMode.disabled;
        });
    if (settings.host() != null) {
      builder.setHost(settings.host()).setPort(settings.port());
    } else if (settings.port() != 5222) {
      builder.setHost(jid.getDomain().toString()).setPort(settings.port());
    }
    if (!settings.tlsVerify()) {
      builder.setCustomX509TrustManager(new TrustEverything()).setHostnameVerifier((host, session) -> true);
    }
    return builder.build();
  }
}
