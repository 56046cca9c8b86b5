package dev.squall.chat.teams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TeamsTextTest {

  private static final String BOT = "28:6f1b3c2e-5d4a-4e8b-9c7d-1a2b3c4d5e6f";

  @Test
  void channelThreadConversationIdSplitsIntoRoomAndThread() {
    String id = "19:abc@thread.skype;messageid=1481567603816";
    assertThat(TeamsText.room(id)).isEqualTo("19:abc@thread.skype");
    assertThat(TeamsText.thread(id)).isEqualTo("1481567603816");
    assertThat(TeamsText.conversation("19:abc@thread.skype", "1481567603816")).isEqualTo(id);
    assertThat(TeamsText.room("a:1personal")).isEqualTo("a:1personal");
    assertThat(TeamsText.thread("a:1personal")).isNull();
    assertThat(TeamsText.conversation("a:1personal", null)).isEqualTo("a:1personal");
  }

  @Test
  void theBotsMentionIsRemovedAndOtherMentionsKeepTheirName() throws Exception {
    JsonNode entities = new ObjectMapper().readTree("""
        [{"mentioned":{"id":"%s","name":"Squall Bot"},"text":"<at>Squall Bot</at>","type":"mention"},
         {"mentioned":{"id":"29:1bob","name":"Bob"},"text":"<at>Bob</at>","type":"mention"},
         {"type":"clientInfo","locale":"en-US"}]""".formatted(BOT));
    String text = "<at>Squall Bot</at>\u00a0run deploy for <at>Bob</at>\n";
    assertThat(TeamsText.mentions(entities, BOT)).isTrue();
    assertThat(TeamsText.mentions(entities, "28:someone-else")).isFalse();
    assertThat(TeamsText.withoutMentions(text, entities, BOT)).isEqualTo("run deploy for @Bob");
  }

}
