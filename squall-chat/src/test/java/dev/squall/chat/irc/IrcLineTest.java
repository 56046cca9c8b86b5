package dev.squall.chat.irc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IrcLineTest {

  @Test
  void parsesPrefixCommandAndTrailingParameter() {
    IrcLine line = IrcLine.parse(":alice!~al@host.example PRIVMSG #ops :squall: run  it ");
    assertThat(line.prefix()).isEqualTo("alice!~al@host.example");
    assertThat(line.nick()).isEqualTo("alice");
    assertThat(line.user()).isEqualTo("~al");
    assertThat(line.host()).isEqualTo("host.example");
    assertThat(line.command()).isEqualTo("PRIVMSG");
    assertThat(line.params()).containsExactly("#ops", "squall: run  it ");
  }

  @Test
  void toleratesIrcV3TagsAndUnescapesThem() {
    IrcLine line = IrcLine.parse("@account=alice;time=2026-01-01T00:00:00Z;x=a\\sb\\:c :alice!a@h PRIVMSG #ops :hi");
    assertThat(line.tags()).containsEntry("account", "alice").containsEntry("x", "a b;c");
    assertThat(line.command()).isEqualTo("PRIVMSG");
    assertThat(line.last()).isEqualTo("hi");
  }

  @Test
  void parsesLinesWithoutPrefixOrTrailing() {
    IrcLine ping = IrcLine.parse("PING :irc.test");
    assertThat(ping.prefix()).isNull();
    assertThat(ping.params()).containsExactly("irc.test");
    IrcLine numeric = IrcLine.parse(":irc.test 433 * squall :Nickname already in use");
    assertThat(numeric.command()).isEqualTo("433");
    assertThat(numeric.nick()).isEqualTo("irc.test");
    assertThat(numeric.params()).containsExactly("*", "squall", "Nickname already in use");
    assertThat(IrcLine.parse("cap * ls :sasl").command()).isEqualTo("CAP");
  }

  @Test
  void keepsAColonInsideAMiddleParameter() {
    IrcLine line = IrcLine.parse(":s 005 me a:b :are supported");
    assertThat(line.params()).containsExactly("me", "a:b", "are supported");
  }
}
