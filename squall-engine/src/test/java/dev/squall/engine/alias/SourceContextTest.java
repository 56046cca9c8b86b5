package dev.squall.engine.alias;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceContextTest {

  @Test
  void theStoredFormReadsBackAsTheSameContext() {
    SourceContext sc = new SourceContext("slack", "C0OPS", "1700.1", "U1", "alice", false, "1700.2");

    assertThat(sc.toMap()).containsExactly(Map.entry("adapter", "slack"), Map.entry("room", "C0OPS"),
        Map.entry("thread", "1700.1"), Map.entry("user_id", "U1"), Map.entry("user_name", "alice"),
        Map.entry("direct", false), Map.entry("message_id", "1700.2"));
    assertThat(SourceContext.from(sc.toMap())).contains(sc);
  }

  @Test
  void noThreadAndNoMessageIdAreLeftOutOfTheStoredForm() {
    assertThat(new SourceContext("irc", "#ops", null, "bob", "bob", true, null).toMap())
        .doesNotContainKeys("thread", "message_id");
  }

  @Test
  void anExternalBotsContextReadsBackWithWhatItLacksAsNull() {
    assertThat(SourceContext.from(Map.of("adapter", "hubot", "thread_id", "t-1", "direct", "yes")))
        .contains(new SourceContext("hubot", null, null, null, null, false, null));
  }

  @Test
  void nothingOrAnEmptyMapIsNoContext() {
    assertThat(SourceContext.from(null)).isEmpty();
    assertThat(SourceContext.from(Map.of())).isEmpty();
    assertThat(SourceContext.from("C0OPS")).isEmpty();
  }
}
