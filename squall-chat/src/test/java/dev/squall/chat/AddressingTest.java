package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AddressingTest {

  private final Addressing addressing = new Addressing("squall", "!");

  private static IncomingMessage inRoom(String text) {
    return new IncomingMessage("memory", "u1", "alice", "#ops", null, false, false, text, Instant.EPOCH);
  }

  private static IncomingMessage direct(String text) {
    return new IncomingMessage("memory", "u1", "alice", "u1", null, true, false, text, Instant.EPOCH);
  }

  @Test
  void prefixNameAndMentionAddressTheBotInRooms() {
    assertThat(addressing.command(inRoom("!help"))).isEqualTo("help");
    assertThat(addressing.command(inRoom("! help deploy"))).isEqualTo("help deploy");
    assertThat(addressing.command(inRoom("@squall run date"))).isEqualTo("run date");
    assertThat(addressing.command(inRoom("@Squall: run date"))).isEqualTo("run date");
    assertThat(addressing.command(inRoom("squall: run date"))).isEqualTo("run date");
    assertThat(addressing.command(inRoom("squall, run date"))).isEqualTo("run date");
  }

  @Test
  void ordinaryRoomTalkIsIgnored() {
    assertThat(addressing.command(inRoom("run date"))).isNull();
    assertThat(addressing.command(inRoom("squall is great"))).isNull();
    assertThat(addressing.command(inRoom("@squallbot run date"))).isNull();
  }

  @Test
  void everyDirectMessageIsACommandWithOrWithoutPrefix() {
    assertThat(addressing.command(direct("help"))).isEqualTo("help");
    assertThat(addressing.command(direct("!help"))).isEqualTo("help");
  }

  @Test
  void platformMentionAddressesTheBot() {
    IncomingMessage m = new IncomingMessage("memory", "u1", "alice", "#ops", null, false, true,
        "run date", Instant.EPOCH);
    assertThat(addressing.command(m)).isEqualTo("run date");
  }

  @Test
  void smartQuotesAndNonBreakingSpacesAreNormalised() {
    assertThat(addressing.command(inRoom("!run\u00A0echo \u201Chi\u201D \u2018there\u2019  ")))
        .isEqualTo("run echo \"hi\" 'there'");
  }
}
