package dev.squall.chat.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MentionTest {

  @Test
  void recognisesAddressAndAtMentions() {
    assertThat(XmppAdapter.mentions("Squall: help", "squall")).isTrue();
    assertThat(XmppAdapter.mentions("squall, help", "squall")).isTrue();
    assertThat(XmppAdapter.mentions("ask @squall please", "squall")).isTrue();
    assertThat(XmppAdapter.mentions("squall help", "squall")).isFalse();
    assertThat(XmppAdapter.mentions("mail me at x@squallbot", "squall")).isFalse();
    assertThat(XmppAdapter.mentions("a@squall.example", "squall")).isFalse();
  }
}
