package dev.squall.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.chat.irc.IrcTestClient;
import dev.squall.chat.irc.NgircdServer;
import dev.squall.server.RunningSquall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output control on real IRC (Debian's ngircd): a 200-line result posts its first
 * {@code chat.max_lines} lines and a link to the execution, and another user's command in the
 * same channel is answered while that result is still going out at the flood-control pace.
 */
class IrcLongOutputTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void aLongResultPostsItsFirstLinesAndALinkWhileAnotherUsersCommandIsAnswered() throws Exception {
    try (NgircdServer irc = NgircdServer.start(Files.createDirectories(dir.resolve("ngircd")))) {
      Path home = Files.createDirectories(dir.resolve("home"));
      Files.writeString(home.resolve("squall.yaml"), """
          chat:
            max_lines: 10
            users:
              "irc:ivy": admin
            irc:
              server: 127.0.0.1
              port: %d
              nick: squallbot
              channels: ["#ops"]
              flood_burst: 2
              flood_interval_ms: 800
          """.formatted(irc.port()));
      try (RunningSquall squall = RunningSquall.startIn(home, Map.of("SQUALL_CHAT_CONSOLE_ENABLED", "false"));
          IrcTestClient ivy = IrcTestClient.connect("ivy", irc.port());
          IrcTestClient max = IrcTestClient.connect("max", irc.port())) {
        await("irc adapter connected").atMost(WAIT).until(() ->
            squall.get("/api/v1/chat/adapters").json().findValues("state").stream()
                .anyMatch(s -> s.asText().equalsIgnoreCase("connected")));
        ivy.join("#ops");
        max.join("#ops");
        ivy.awaitMember("#ops", "squallbot");
        max.awaitMember("#ops", "squallbot");

        ivy.say("#ops", "!run seq 1 200");
        String ack = await("the ack").atMost(WAIT).until(() -> said(ivy).stream()
            .filter(l -> l.contains("/#/history/")).findFirst().orElse(null), l -> l != null);
        Matcher idMatch = Pattern.compile("/#/history/([0-9a-f]{24})/").matcher(ack);
        assertThat(idMatch.find()).isTrue();
        String id = idMatch.group(1);
        await("the result starts").atMost(WAIT).until(() -> said(ivy).stream().anyMatch(l -> l.startsWith("ivy: ")));

        max.say("#ops", "!whoami");

        String link = "… more lines are not shown; full output: " + squall.url() + "/#/history/" + id + "/general";
        await("the link ends the result").atMost(WAIT).until(() -> said(ivy).contains(link));
        List<String> lines = said(ivy);
        int answer = indexOf(lines, "You are max (irc:max)");
        assertThat(answer).as("max is answered while the result is still going out: " + lines)
            .isGreaterThan(0).isLessThan(lines.indexOf(link));
        List<String> result = lines.subList(indexOf(lines, "ivy: "), lines.indexOf(link));
        result = result.stream().filter(l -> !l.startsWith("You are max")).toList();
        assertThat(result).as("at most chat.max_lines lines of the result, then the link").hasSizeLessThanOrEqualTo(10);
        List<Integer> numbers = numbers(result);
        assertThat(numbers).as("the output's first lines, in order").isNotEmpty()
            .isEqualTo(java.util.stream.IntStream.rangeClosed(1, numbers.size()).boxed().toList());
        await("nothing follows the link").during(Duration.ofSeconds(1)).atMost(WAIT)
            .until(() -> said(ivy).getLast().equals(link));
      }
    }
  }

  /** What the bot said in #ops, in order, as ivy saw it. */
  private static List<String> said(IrcTestClient client) {
    String marker = " PRIVMSG #ops :";
    return client.lines().stream().filter(l -> l.startsWith(":squallbot!") && l.contains(marker))
        .map(l -> l.substring(l.indexOf(marker) + marker.length())).toList();
  }

  /** The result's numbered lines (the first one names ivy). */
  private static List<Integer> numbers(List<String> lines) {
    List<Integer> out = new ArrayList<>();
    for (String l : lines) {
      String s = l.startsWith("ivy: ") ? l.substring(5) : l;
      if (s.strip().matches("\\d+")) {
        out.add(Integer.parseInt(s.strip()));
      }
    }
    return out;
  }

  private static int indexOf(List<String> lines, String start) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(start)) {
        return i;
      }
    }
    return -1;
  }
}
