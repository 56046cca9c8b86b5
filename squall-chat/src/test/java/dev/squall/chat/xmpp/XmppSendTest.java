package dev.squall.chat.xmpp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.chat.OutgoingMessage;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.TooManyRequestsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code send} refuses before anything reaches the network. */
class XmppSendTest {

  @Test
  void aFullQueueRefusesInsteadOfDroppingSilently() {
    XmppAdapter adapter = new XmppAdapter("xmpp", XmppSettings.fromConfig("xmpp", Map.of(
        "jid", "bot@example.org", "password", "pw", "queue_size", 1)));
    // Not started: nothing drains the queue.
    adapter.send(OutgoingMessage.text("alice@example.org", null, "one"));
    assertThatThrownBy(() -> adapter.send(OutgoingMessage.text("alice@example.org", null, "two")))
        .isInstanceOf(TooManyRequestsException.class)
        .hasMessageContaining("1 messages waiting");
    assertThatThrownBy(() -> adapter.send(OutgoingMessage.text("#ops", null, "x")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("give a bare JID");
    adapter.close();
  }
}
