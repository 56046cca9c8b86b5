package dev.squall.chat.xmpp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** A second, independent Smack connection playing the human user. */
public final class XmppTestClient implements AutoCloseable {

  /** What the client received: the sender as given by the server, the type and the body. */
  public record Got(String from, Message.Type type, String body) {}

  private final XMPPTCPConnection connection;
  private final List<Got> received = new CopyOnWriteArrayList<>();
  final String user;

  private XmppTestClient(String user, int port) throws Exception {
    this.user = user;
    connection = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setUsernameAndPassword(user, "pw-" + user)
        .setXmppDomain(ProsodyServer.DOMAIN)
        .setHost(ProsodyServer.HOST)
        .setPort(port)
        .setResource("test")
        .setSecurityMode(SecurityMode.disabled)
        .build());
    connection.addSyncStanzaListener(stanza -> {
      Message m = (Message) stanza;
      if (m.getBody() != null) {
        received.add(new Got(String.valueOf(m.getFrom()), m.getType(), m.getBody()));
      }
    }, StanzaTypeFilter.MESSAGE);
    connection.connect().login();
  }

  public static XmppTestClient connect(String user, int port) throws Exception {
    return new XmppTestClient(user, port);
  }

  public void joinRoom(String room) throws Exception {
    joinRoom(room, false);
  }

  /** Joins; with {@code history} the room's recent messages are received first, as a human's client would. */
  public void joinRoom(String room, boolean history) throws Exception {
    MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(JidCreate.entityBareFrom(room));
    var enter = muc.getEnterConfigurationBuilder(Resourcepart.from(user));
    MultiUserChat.MucCreateConfigFormHandle created = muc.createOrJoin((history ? enter : enter.requestNoHistory()).build());
    if (created != null) {
      created.makeInstant();
    }
  }

  /** Needs alice to be a moderator, e.g. because she created the room. */
  public void kick(String room, String nick) throws Exception {
    MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(JidCreate.entityBareFrom(room))
        .kickParticipant(Resourcepart.from(nick), "testing");
  }

  public void sayInRoom(String room, String text) throws Exception {
    send(room, Message.Type.groupchat, text);
  }

  public void sayTo(String jid, String text) throws Exception {
    send(jid, Message.Type.chat, text);
  }

  private void send(String to, Message.Type type, String text) throws Exception {
    connection.sendStanza(connection.getStanzaFactory().buildMessageStanza()
        .to(JidCreate.from(to)).ofType(type).setBody(text).build());
  }

  /** Bodies received from {@code from} (a full occupant JID, or a bare JID matching any resource). */
  public List<String> bodiesFrom(String from) {
    return received.stream()
        .filter(g -> g.from().equals(from) || g.from().startsWith(from + "/"))
        .map(Got::body).toList();
  }

  @Override
  public void close() {
    connection.disconnect();
  }
}
